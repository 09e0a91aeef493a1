"""The product page (/san-pham/<slug>/): gallery, variant picker and buy box, availability,
the producer, traceability, reviews, related products, and the structured data and Open Graph
tags that make a shared link show a picture and a price. Thin: reads through selectors."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from frontend_templates.storefront import product_seo
from frontend_templates.storefront.catalogue import product_url, traceability_path, url_or
from frontend_templates.storefront.reference_rows import (
    attach_reference_rows,
    product_page_products,
)
from frontend_templates.storefront.related import related_products
from frontend_templates.storefront.reviews import product_reviews_context
from inventory.models import Location
from inventory.selectors import product_availability
from orders.selectors import available_quantities


@require_GET
def product_detail(request, slug: str):
    product = get_object_or_404(product_page_products(), slug=slug)
    attach_reference_rows(product)
    availability = product_availability(product)
    media = list(product.media.all())
    variants = list(product.variants.all())
    available = available_quantities(v.pk for v in variants)
    for variant in variants:
        variant.available = max(available.get(variant.pk, 0), 0)
    # Picked by default: the first size there is stock of; its price is the one shown.
    first_available = next((v for v in variants if v.available), None)
    chosen = first_available or (variants[0] if variants else None)
    public_url = request.build_absolute_uri(product_url(slug))
    reviews = product_reviews_context(request, product)
    trail = product_seo.breadcrumb_trail(product)
    context = {
        "product": product,
        "media": media,
        "variants": variants,
        "first_available": first_available,
        "chosen": chosen,
        "showrooms": [loc for loc in availability if loc.kind == Location.Kind.SHOWROOM],
        "ships_from_producer": sum(
            loc.quantity for loc in availability if loc.kind != Location.Kind.SHOWROOM
        ),
        "cart_add_url": url_or("storefront:cart-add", "/gio-hang/them/"),
        "public_url": public_url,
        "traceability_url": request.build_absolute_uri(traceability_path(product.short_code)),
        "breadcrumbs": trail,
        "related": related_products(product),
        "og": product_seo.open_graph(request, product, media, chosen, public_url),
        "json_ld": [
            product_seo.product_json_ld(
                request, product, media, variants, chosen, reviews.get("rating"), public_url
            ),
            product_seo.breadcrumb_json_ld(request, trail),
        ],
        **reviews,
    }
    return render(request, "storefront/product_detail.html", context)
