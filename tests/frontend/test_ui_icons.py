"""The icon helpers draw symbols that exist in the sprite, hidden from screen readers."""

import re
from pathlib import Path

from django.template import Context, Template

from frontend_templates.templatetags.ui import SECTOR_ICONS

SPRITE = Path(__file__).resolve().parents[2] / "frontend_templates/static/storefront/icons.svg"


def _symbols() -> set[str]:
    return set(re.findall(r'<symbol id="([^"]+)"', SPRITE.read_text()))


def test_icon_uses_a_sprite_symbol_and_is_decorative():
    html = Template('{% load ui %}{% icon "cart" "big" %}').render(Context())
    assert 'aria-hidden="true"' in html
    assert 'class="icon icon-cart big"' in html
    assert "storefront/icons.svg#cart" in html


def test_every_sector_has_a_drawn_icon():
    assert set(SECTOR_ICONS.values()) <= _symbols()
    assert set(SECTOR_ICONS) == {"I", "II", "III", "IV", "V", "VI"}


class _Category:
    def __init__(self, code):
        self.code = code


def test_sector_icon_follows_the_sector_of_any_level():
    template = Template("{% load ui %}{% sector_icon category %}")
    assert "#sector-drink" in template.render(Context({"category": _Category("II.1.2")}))
    assert "#package" in template.render(Context({"category": _Category("")}))
