"""The design system's template helpers: `{% icon "cart" %}` draws an icon of the sprite
(static/storefront/icons.svg) and `{% sector_icon category %}` the icon of an OCOP sector."""

from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()

# The sprite's icon of each OCOP sector, by the sector's code in the taxonomy (I–VI).
SECTOR_ICONS = {
    "I": "sector-food",
    "II": "sector-drink",
    "III": "sector-herbal",
    "IV": "sector-craft",
    "V": "sector-plant",
    "VI": "sector-tourism",
}


@lru_cache(maxsize=1)
def _sprite_url() -> str:
    # Looked up once: a page draws a few dozen icons, and each manifest lookup was a cost.
    return static("storefront/icons.svg")


def _forget_sprite_url(**kwargs) -> None:
    _sprite_url.cache_clear()


setting_changed.connect(_forget_sprite_url)


@register.simple_tag
def icon(name: str, css_class: str = "") -> str:
    """An inline <svg> using the sprite's symbol; decorative (the text beside it names it)."""
    classes = f"icon icon-{name} {css_class}".strip()
    href = f"{_sprite_url()}#{name}"
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false"><use href="{}"></use></svg>',
        classes,
        href,
    )


@register.simple_tag
def sector_icon(category, css_class: str = "") -> str:
    """The icon of a category's sector (its own code's first part: "I.2.3" is sector I)."""
    code = (getattr(category, "code", "") or "").split(".")[0]
    return icon(SECTOR_ICONS.get(code, "package"), css_class)
