"""The product page's "related products": the same product set first, then the same province
of origin. A narrow id query sorts and cuts, then the cards' rows load for those ids only, so
the section costs the same on a 20,000-product catalogue as on a demo one."""

from django.db import connections

from catalog.models import Product
from frontend_templates.selectors import card_products
from frontend_templates.storefront.reference_rows import attach_card_reference_rows
from search import browse_cache

RELATED_LIMIT = 8


def related_product_ids(product: Product, limit: int = RELATED_LIMIT) -> list[int]:
    # Two narrow halves, each cut to `limit` on its own index (product set by name; province
    # of origin), then sorted together in one statement: one OR over both read and sorted
    # every product. Each half is a derived table, the way SQLite takes a LIMIT in a UNION.
    published = Product.objects.published().exclude(pk=product.pk).order_by("name_folded", "pk")
    halves = [
        published.filter(category_id=product.category_id),
        published.filter(origin_commune__province_id=product.origin_commune.province_id).exclude(
            category_id=product.category_id
        ),
    ]
    parts, params = [], []
    for kinship, half in enumerate(halves):
        sql, half_params = half.values_list("name_folded", "pk")[:limit].query.sql_with_params()
        parts.append(f"SELECT {kinship} AS kinship, h.* FROM ({sql}) h")
        params += half_params
    statement = f"{' UNION ALL '.join(parts)} ORDER BY 1, 2, 3 LIMIT %s"
    with connections[published.db].cursor() as cursor:
        cursor.execute(statement, [*params, limit])
        return [pk for _kinship, _name, pk in cursor.fetchall()]


def related_products(product: Product, limit: int = RELATED_LIMIT) -> list[Product]:
    """Published products related to `product`, as product cards, best match first. The ids
    are the same for every visitor: kept as the home page's rows are (a product published
    meanwhile joins up to a minute later, at once when indexed); the cards are read fresh,
    their product sets and places from the cache (storefront/reference_rows.py)."""
    ids = browse_cache.remember(
        "related",
        (product.pk, product.category_id, product.origin_commune_id, limit),
        lambda: related_product_ids(product, limit),
    )
    cards = card_products(ids, relations=("vendor", "review_rating"))
    attach_card_reference_rows(cards)
    return cards
