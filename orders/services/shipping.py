"""Producers' shipping methods: where they deliver and what it costs."""

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.core.errors import ErrorCode, ServiceError
from orders.models import ShippingMethod
from vendors.access import require_vendor_role

MAX_PRICE = 10_000_000
MAX_DAYS = 60


def _money(value, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_PRICE:
        raise ServiceError.single(
            ErrorCode.INVALID, _("A price is a whole number of đồng, at most 10 million."), field
        )
    return value


def _brackets(brackets) -> list[list[int]]:
    """[[up_to_grams, price], ...] with strictly rising weights."""
    not_brackets = ServiceError.single(
        ErrorCode.INVALID,
        _("Weight brackets go up in grams, each above the one before."),
        "weight_brackets",
    )
    if not isinstance(brackets, list | tuple):
        raise not_brackets
    cleaned, previous = [], 0
    for bracket in brackets:
        if not isinstance(bracket, list | tuple) or len(bracket) != 2:
            raise not_brackets
        up_to, price = bracket
        if isinstance(up_to, bool) or not isinstance(up_to, int) or up_to <= previous:
            raise not_brackets
        cleaned.append([up_to, _money(price, "weight_brackets")])
        previous = up_to
    return cleaned


def shipping_prices_clean(
    *, flat_price, weight_brackets=(), free_above=None
) -> tuple[int, list[list[int]], int | None]:
    """What a method charges, checked: whole đồng from 0 to 10 million each (a flat price,
    the price of each weight bracket, the order value from which it ships free)."""
    return (
        _money(flat_price, "flat_price"),
        _brackets(weight_brackets if weight_brackets is not None else []),
        None if free_above is None else _money(free_above, "free_above"),
    )


def shipping_method_create(
    *,
    actor,
    vendor,
    name: str,
    provinces=(),
    flat_price: int = 0,
    weight_brackets=(),
    free_above: int | None = None,
    min_days: int = 1,
    max_days: int = 5,
) -> ShippingMethod:
    """A method; nationwide unless `provinces` names where it delivers."""
    require_vendor_role(actor, vendor)
    name = (name or "").strip()[:100]
    if not name:
        raise ServiceError.single(ErrorCode.REQUIRED, _("Name the shipping method."), "name")
    for days in (min_days, max_days):
        if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_DAYS:
            raise ServiceError.single(
                ErrorCode.INVALID, _("Delivery takes 0 to 60 days."), "max_days"
            )
    if max_days < min_days:
        raise ServiceError.single(
            ErrorCode.INVALID, _("The latest day cannot come before the earliest."), "max_days"
        )
    flat_price, weight_brackets, free_above = shipping_prices_clean(
        flat_price=flat_price, weight_brackets=weight_brackets, free_above=free_above
    )
    provinces = list(provinces)
    with transaction.atomic():
        method = ShippingMethod.objects.create(
            vendor=vendor,
            name=name,
            is_nationwide=not provinces,
            flat_price=flat_price,
            weight_brackets=weight_brackets,
            free_above=free_above,
            min_days=min_days,
            max_days=max_days,
        )
        if provinces:
            method.provinces.set(provinces)
        return method
