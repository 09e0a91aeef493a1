"""Loading products with exactly what a query asks of them, for a whole page at once.

`requested_paths` gives the dotted field paths below a product ("variants.quantityAvailable",
"origin.province.name"); each related table the query reaches is joined (to-one) or prefetched
(to-many) once for the page, so nested fields cost the same for 5 products as for 100.
Categories need nothing here: they come from the per-request taxonomy.
"""

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from catalog.models import Product, ProductVariant
from inventory.selectors import availability_by_product, product_in_stock, quantity_available


def _asks(paths: set[str], *prefixes: str) -> bool:
    return any(
        path == prefix or path.startswith(prefix + ".") for path in paths for prefix in prefixes
    )


def product_rows(paths: set[str], queryset: QuerySet[Product] | None = None) -> QuerySet[Product]:
    """`queryset` (all products by default) with the to-one relations and annotations the
    query reaches."""
    queryset = (Product.objects.all() if queryset is None else queryset).with_current_stars()
    related = []
    if _asks(paths, "vendor"):
        related.append("vendor__commune__province")
        if _asks(paths, "vendor.commune.formerProvinceName"):
            related.append("vendor__commune__legacy_province")
    if _asks(paths, "origin"):
        related.append("origin_commune__province")
        if _asks(paths, "origin.commune.formerProvinceName"):
            related.append("origin_commune__legacy_province")
    if _asks(paths, "certificate"):
        related.append("certificate")
    if _asks(paths, "rating", "soldCount"):
        related.append("review_rating")  # the reviews app's aggregates row, one-to-one
    if related:
        queryset = queryset.select_related(*related)
    if _asks(paths, "isAvailable"):
        queryset = queryset.annotate(is_in_stock=product_in_stock())
    return queryset


def _to_many(paths: set[str]) -> list:
    lookups = []
    if _asks(paths, "variants", "pricing"):
        if _asks(paths, "variants.quantityAvailable"):
            lookups.append(
                Prefetch(
                    "variants",
                    queryset=ProductVariant.objects.annotate(
                        quantity_available=quantity_available()
                    ),
                )
            )
        else:
            lookups.append("variants")
    if _asks(paths, "media", "thumbnail"):
        lookups.append("media")
    if _asks(paths, "vendor.province.legacyNames", "vendor.commune.province.legacyNames"):
        lookups.append("vendor__commune__province__legacy_provinces")
    if _asks(paths, "origin.province.legacyNames", "origin.commune.province.legacyNames"):
        lookups.append("origin_commune__province__legacy_provinces")
    return lookups


def prefetch_products(products: list[Product], paths: set[str]) -> None:
    """Prefetch the to-many relations the query reaches, for every product of the page."""
    lookups = _to_many(paths)
    if products and lookups:
        prefetch_related_objects(products, *lookups)
    if products and _asks(paths, "availability"):
        attach_availability(products)


def attach_availability(products: list[Product]) -> None:
    """Where each product of the page is available, in two queries for the whole page (read
    by `Product.availability`)."""
    found = availability_by_product([product.pk for product in products])
    for product in products:
        product.availability_here = found.get(product.pk, [])
