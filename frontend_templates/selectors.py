"""Reads the storefront pages need beyond the catalogue's own selectors: the home page's
sections (narrow id queries, loaded together afterwards) and what the header shows."""

import uuid

from django.db.models import Case, IntegerField, Sum, Value, When

from catalog.models import Product
from catalog.selectors import storefront_products
from inventory.models import ShowroomOperatorMember
from orders.models import CheckoutLine
from vendors.selectors import vendors_of

HOME_SECTION_SIZE = 8


def home_sections(limit: int = HOME_SECTION_SIZE) -> tuple[list[Product], list[Product]]:
    """(five-star products, products in season this month). Two id queries, then one load of
    the rows both sections show, so the page costs the same however many products there are."""
    five_star = list(
        Product.objects.published()
        .with_current_stars()
        .filter(current_stars=5)
        .order_by("name_folded", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    # Products with a season that includes this month first: all-year products are "in season"
    # too, but the section is there to show what is fresh now.
    seasonal = list(
        Product.objects.published()
        .in_season()
        .annotate(all_year=Case(When(season_mask=0, then=Value(1)), default=Value(0)))
        .order_by("all_year", "name_folded", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    rows = {p.pk: p for p in card_products([*five_star, *seasonal])}
    pick = lambda ids: [rows[pk] for pk in ids if pk in rows]  # noqa: E731
    return pick(five_star), pick(seasonal)


def card_products(ids) -> list[Product]:
    """The product cards' rows for `ids`, in that order, as storefront_products_in_order loads
    them, with each product's rating and units sold in the same query (a card shows both)."""
    ids = list(ids)
    by_id = storefront_products().select_related("review_rating").in_bulk(ids)
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
