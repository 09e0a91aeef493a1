"""What the product page tells search engines and link previews: schema.org `Product` and
`BreadcrumbList` JSON-LD and the Open Graph tags, built from the rows the page already loaded
(no queries of its own)."""

from html import unescape

from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from catalog.thumbnails import thumbnail_name

SCHEMA = "https://schema.org"
IN_STOCK, OUT_OF_STOCK = f"{SCHEMA}/InStock", f"{SCHEMA}/OutOfStock"
CURRENCY = "VND"
SHARE_IMAGE_SIZE = 1280  # Facebook and Zalo previews want at least 1200 px wide
DESCRIPTION_WORDS = 40


def plain_description(product) -> str:
    text = " ".join(unescape(strip_tags(product.description or "")).split())
    if text:
        return Truncator(text).words(DESCRIPTION_WORDS)
    return _("%(name)s: a certified OCOP product from %(province)s.") % {
        "name": product.name,
        "province": product.origin_commune.province.short_name,
    }


def image_urls(request, media: list, size: int = SHARE_IMAGE_SIZE) -> list[str]:
    return [
        request.build_absolute_uri(default_storage.url(thumbnail_name(item, size)))
        for item in media
    ]


def breadcrumb_trail(product) -> list[tuple[str, str]]:
    """(name, path) from the home page down to the product: sector, group, product set (a
    group with a single product set of the same name shows once), each a filtered listing."""
    listing = reverse("storefront:products")
    trail = [(_("Home"), reverse("storefront:home"))]
    product_set = product.category
    group = product_set.parent
    sector = group.parent if group else None
    for category in (sector, group, product_set):
        if category is None or (category is group and group.name == product_set.name):
            continue
        trail.append((category.name, f"{listing}?category={category.slug}"))
    trail.append((product.name, reverse("storefront:product", args=[product.slug])))
    return trail


def breadcrumb_json_ld(request, trail) -> dict:
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": request.build_absolute_uri(path),
            }
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def _organization(vendor) -> dict:
    return {"@type": "Organization", "name": vendor.name}


def _offer(variant, url: str, vendor) -> dict:
    return {
        "@type": "Offer",
        "sku": variant.sku,
        "name": variant.name,
        "price": variant.price,
        "priceCurrency": CURRENCY,
        "availability": IN_STOCK if variant.available else OUT_OF_STOCK,
        "url": url,
        "seller": _organization(vendor),
    }


def product_json_ld(request, product, media, variants, chosen, rating, url) -> dict:
    """schema.org Product: one Offer for a single size, an AggregateOffer over every size
    otherwise; the producer is the brand and the seller (the marketplace only hosts it)."""
    vendor = product.vendor
    data = {
        "@context": SCHEMA,
        "@type": "Product",
        "name": product.name,
        "description": plain_description(product),
        "url": url,
        "brand": {"@type": "Brand", "name": vendor.name},
        "manufacturer": _organization(vendor),
        "category": product.category.name,
    }
    if media:
        data["image"] = image_urls(request, media)
    if chosen is not None:
        data["sku"] = chosen.sku
    if product.gtin:
        data["gtin"] = product.gtin
    offers = [_offer(variant, url, vendor) for variant in variants]
    if len(offers) == 1:
        data["offers"] = offers[0]
    elif offers:
        prices = [variant.price for variant in variants]
        data["offers"] = {
            "@type": "AggregateOffer",
            "priceCurrency": CURRENCY,
            "lowPrice": min(prices),
            "highPrice": max(prices),
            "offerCount": len(offers),
            "availability": IN_STOCK if any(v.available for v in variants) else OUT_OF_STOCK,
            "offers": offers,
        }
    if rating is not None and rating.count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": str(rating.average),
            "reviewCount": rating.count,
            "bestRating": 5,
            "worstRating": 1,
        }
    return data


def open_graph(request, product, media, chosen, url) -> dict:
    """The values of the og:/product: tags (the template writes them)."""
    images = image_urls(request, media[:1])
    return {
        "title": product.name,
        "description": plain_description(product),
        "url": url,
        "image": images[0] if images else "",
        "image_alt": (media[0].alt or product.name) if media else "",
        "price": chosen.price if chosen is not None else None,
        "currency": CURRENCY,
    }
