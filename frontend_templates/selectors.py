"""Reads the storefront pages need beyond the catalogue's own selectors: the product cards' rows
and what the header shows (the home page's sections are in storefront/home_sections.py)."""

import uuid

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Sum

from catalog.models import Product, ProductMedia, ProductVariant
from catalog.selectors import cheapest_price
from inventory.models import ShowroomOperatorMember
from orders.models import CheckoutLine
from vendors.selectors import vendors_of

# What a product card shows (storefront/_product_card.html and the product_image tag): the
# producer's name, the province of origin, the product set's code (for the placeholder), the
# rating and units sold. Fewer joins and rows to build than a product page needs: on a page of
# 24 cards, building those objects was most of the listing's time.
CARD_RELATIONS = ("vendor", "category", "origin_commune__province", "review_rating")


def _variant_count():
    return Subquery(
        ProductVariant.objects.filter(product_id=OuterRef("pk"))
        .order_by()
        .values("product_id")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )


def card_products(ids, relations=CARD_RELATIONS) -> list[Product]:
    """The product cards' rows for `ids`, in that order: published products of active
    producers, with their current stars, cheapest price, number of variants and pictures in
    position order (`relations`: the rows joined, CARD_RELATIONS unless the caller sets the
    others itself)."""
    ids = list(ids)
    by_id = (
        Product.objects.published()
        .with_current_stars()
        # Variants are only counted ("from 50.000 ₫" when there are several): in the same row,
        # not a prefetch of every variant.
        .annotate(min_price=cheapest_price(), variant_count=_variant_count())
        .select_related(*relations)
        .prefetch_related(
            Prefetch("media", queryset=ProductMedia.objects.order_by("position", "pk"))
        )
        .in_bulk(ids)
    )
    return [by_id[pk] for pk in ids if pk in by_id]


def cart_quantity(token) -> int:
    """Units in the session's checkout (0 when it is gone or the token is malformed)."""
    try:
        token = uuid.UUID(str(token))
    except ValueError:  # a stale or tampered session value must not break every page
        return 0
    lines = CheckoutLine.objects.filter(checkout__token=token)
    return lines.aggregate(total=Sum("quantity", output_field=IntegerField()))["total"] or 0


def member_roles(user) -> tuple[bool, bool]:
    """(is a producer's member, is a showroom operator's member), for the header links."""
    if not user.is_authenticated:
        return False, False
    producer = vendors_of(user).exists()
    operator = ShowroomOperatorMember.objects.filter(user=user).exists()
    return producer, operator
