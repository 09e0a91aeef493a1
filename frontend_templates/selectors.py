"""Reads the storefront pages need beyond the catalogue's own selectors: the product cards' rows
and what the header shows (the home page's sections are in storefront/home_sections.py)."""

import uuid

from django.db.models import IntegerField, Sum

from catalog.models import Product
from catalog.selectors import storefront_products
from inventory.models import ShowroomOperatorMember
from orders.models import CheckoutLine
from vendors.selectors import vendors_of


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
