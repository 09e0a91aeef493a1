"""The product page's own row, narrow, and the reference rows around it from the cache: the
product set's place in the taxonomy (breadcrumbs, "product set") and the communes, with their
provinces, of the product's origin and of its producer.

Those rows change only with the taxonomy or the administrative map, so they are kept in the
cache as long as the header's sector menu is (ten minutes). The product's query then joins 5
tables instead of 12: PostgreSQL planning the 13-table join, and Django compiling it, were a
tenth of the page's time. The product, its producer, certificate, rating, prices and stock are
read fresh on every request."""

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet

from catalog.models import Category, Product, ProductMedia
from catalog.selectors import cheapest_price
from marketplace.geography.models import Commune

REFERENCE_CACHE_SECONDS = 600  # as the header's sector menu (frontend_templates/shell.py)


def product_page_products() -> QuerySet[Product]:
    """Published products of active producers with what the product page reads fresh; pass
    the row to `attach_reference_rows` before showing it."""
    return (
        Product.objects.published()
        .with_current_stars()
        .annotate(min_price=cheapest_price())
        .select_related("vendor", "certificate", "review_rating")
        .prefetch_related(
            "variants",
            Prefetch("media", queryset=ProductMedia.objects.order_by("position", "pk")),
        )
    )


def _category_key(pk) -> str:
    return f"storefront:reference:category:{pk}"


def _commune_key(code) -> str:
    return f"storefront:reference:commune:{code}"


def _cached(key_of, keys, load) -> dict:
    """{key: row} for `keys`, from the cache, loading (and keeping) the missing ones."""
    found = cache.get_many([key_of(key) for key in keys])
    rows = {key: found[key_of(key)] for key in keys if key_of(key) in found}
    missing = [key for key in keys if key not in rows]
    if missing:
        loaded = load(missing)
        cache.set_many({key_of(key): row for key, row in loaded.items()}, REFERENCE_CACHE_SECONDS)
        rows.update(loaded)
    return rows


def _reference_rows(category_ids, commune_codes) -> tuple[dict, dict]:
    categories = _cached(
        _category_key,
        sorted(set(category_ids)),
        lambda ids: Category.objects.select_related("parent__parent").in_bulk(ids),
    )
    communes = _cached(
        _commune_key,
        sorted(set(commune_codes)),
        lambda codes: Commune.objects.select_related("province", "legacy_province").in_bulk(codes),
    )
    return categories, communes


def attach_reference_rows(product: Product) -> None:
    """Set the product's category (with its parent and grandparent), its origin commune and its
    producer's commune (each with province and former province) from the cache."""
    categories, communes = _reference_rows(
        [product.category_id], [product.origin_commune_id, product.vendor.commune_id]
    )
    product.category = categories[product.category_id]
    product.origin_commune = communes[product.origin_commune_id]
    product.vendor.commune = communes[product.vendor.commune_id]


def attach_card_reference_rows(products) -> None:
    """Set each product card's category and origin commune (with province) from the cache."""
    categories, communes = _reference_rows(
        [product.category_id for product in products],
        [product.origin_commune_id for product in products],
    )
    for product in products:
        product.category = categories[product.category_id]
        product.origin_commune = communes[product.origin_commune_id]
