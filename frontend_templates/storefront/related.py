"""The product page's "related products": the same product set first, then the same province
of origin. A narrow id query sorts and cuts, then the cards' rows load for those ids only, so
the section costs the same on a 20,000-product catalogue as on a demo one."""

from django.db.models import Case, IntegerField, Q, Value, When

from catalog.models import Product
from frontend_templates.selectors import card_products

RELATED_LIMIT = 8


def related_product_ids(product: Product, limit: int = RELATED_LIMIT) -> list[int]:
    province_id = product.origin_commune.province_id
    same_set = Q(category_id=product.category_id)
    return list(
        Product.objects.published()
        .filter(same_set | Q(origin_commune__province_id=province_id))
        .exclude(pk=product.pk)
        .annotate(
            kinship=Case(
                When(same_set, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("kinship", "name_folded", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def related_products(product: Product, limit: int = RELATED_LIMIT) -> list[Product]:
    """Published products related to `product`, as product cards, best match first."""
    return card_products(related_product_ids(product, limit))
