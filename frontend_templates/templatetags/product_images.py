"""`{% product_image product %}`: a product's picture as a responsive, lazy <img>, or the
designed placeholder of its product set's kind when it has no picture (never a blank tile).

    {% load product_images %}
    {% product_image product %}                          a card (the default size)
    {% product_image product size="main" eager=True %}   the product page's main picture
    {% product_image product media=m size="thumb" %}     one given picture (a gallery)
    {% product_image product size="main" element_id="gallery-main" css_class="x" alt="..." %}

It reads `product.media.all` (prefetch it: storefront_products does), `product.category`
(select it) and `product.name_folded`, so a listing adds no query."""

from dataclasses import dataclass

from django import template
from django.core.files.storage import default_storage
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from catalog.silhouettes import kind_for
from catalog.thumbnails import thumbnail_name

register = template.Library()


@dataclass(frozen=True)
class Size:
    width: int  # the width attribute, and the thumbnail `src` falls back to
    sizes: str  # how wide the picture is shown, for the browser to pick from srcset


# How wide each use shows the picture (the product grid is auto-fill columns of 9-10rem).
SIZES = {
    "card": Size(320, "(max-width: 480px) 50vw, (max-width: 960px) 33vw, 240px"),
    "main": Size(640, "(max-width: 768px) 100vw, 640px"),
    "thumb": Size(160, "80px"),
}


def _first_media(product):
    # Iterating .all() uses the prefetched list; .first() would query again.
    return next(iter(product.media.all()), None)


def _scaled(media, box: int) -> tuple[int, int]:
    """The size of the image scaled to fit a `box`-pixel square (never enlarged), as
    write_thumbnails makes its copies; a square when the image's size is not known."""
    width, height = media.width, media.height
    if not width or not height:
        return box, box
    factor = min(1.0, box / max(width, height))
    return max(1, round(width * factor)), max(1, round(height * factor))


def _srcset(media) -> str:
    candidates = {}
    for size, name in sorted(media.thumbnails.items(), key=lambda item: int(item[0])):
        width = _scaled(media, int(size))[0]
        candidates.setdefault(width, default_storage.url(name))
    return ", ".join(f"{url} {width}w" for width, url in sorted(candidates.items()))


def placeholder_url(product) -> str:
    category = getattr(product, "category", None)
    kind = kind_for(getattr(category, "code", ""), folded=getattr(product, "name_folded", ""))
    return static(f"storefront/placeholders/{kind}.svg")


@register.simple_tag
def product_image(
    product, size="card", eager=False, media=None, css_class="", element_id="", alt=None
):
    """The <img> of `media` (else the product's first picture) at `size` ("card", "main",
    "thumb"): width/height against layout shifts, WebP thumbnails in srcset, lazy unless
    `eager` (the picture a page opens on). `css_class` adds classes, `element_id` an id (for a
    gallery's script), `alt` replaces the picture's alt text. Without a picture, the
    placeholder of the product's kind, with an empty alt unless `alt` is given: it shows
    nothing the product's name beside it does not say, and naming it after the product would
    promise a photo that is not there."""
    spec = SIZES.get(size, SIZES["card"])
    loading = "eager" if eager else "lazy"
    classes = f"product-image {css_class}".strip()
    id_attribute = format_html(' id="{}"', element_id) if element_id else ""
    media = media if media is not None else _first_media(product)
    if media is None:
        return format_html(
            '<img class="{} is-placeholder"{} src="{}" width="{}" height="{}" alt="{}" '
            'loading="{}" decoding="async">',
            classes,
            id_attribute,
            placeholder_url(product),
            spec.width,
            spec.width,
            alt or "",
            loading,
        )
    width, height = spec.width, spec.width  # the attributes give the shape; CSS the size
    if media.width and media.height:
        height = round(spec.width * media.height / media.width)
    srcset = _srcset(media)
    return format_html(
        '<img class="{}"{} src="{}"{} width="{}" height="{}" alt="{}" loading="{}" '
        'decoding="async"{}>',
        classes,
        id_attribute,
        default_storage.url(thumbnail_name(media, spec.width)),
        format_html(' srcset="{}" sizes="{}"', srcset, spec.sizes) if srcset else "",
        width,
        height,
        (media.alt or product.name) if alt is None else alt,
        loading,
        mark_safe(' fetchpriority="high"') if eager else "",
    )
