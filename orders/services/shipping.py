"""Producers' shipping methods: where they deliver and what it costs."""

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.core.errors import ErrorCode, ServiceError
from orders.carriers.registry import carrier_class
from orders.lock_objects import lock_shipping_method
from orders.models import CarrierAccount, ShippingMethod
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
    carrier_account: CarrierAccount | None = None,
    carrier_service: str = "",
) -> ShippingMethod:
    """A method; nationwide unless `provinces` names where it delivers. With a
    `carrier_account` (the producer's own or the platform's) it is priced by that carrier's
    live quote for `carrier_service`, and its own prices are unused but for `free_above`."""
    require_vendor_role(actor, vendor)
    carrier_service = carrier_link_clean(
        vendor=vendor, carrier_account=carrier_account, carrier_service=carrier_service
    )
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
            carrier_account=carrier_account,
            carrier_service=carrier_service,
        )
        if provinces:
            method.provinces.set(provinces)
        return method


def carrier_link_clean(*, vendor, carrier_account, carrier_service: str) -> str:
    """The service a method linked to `carrier_account` names, checked: the account is
    `vendor`'s own or the platform's and connected, the service one the carrier offers (blank:
    its default). Blank without an account."""
    if carrier_account is None:
        return ""
    if carrier_account.vendor_id not in (None, vendor.pk) or not carrier_account.is_active:
        raise ServiceError.single(
            ErrorCode.INVALID,
            _("Choose one of your connected carrier accounts, or the platform's."),
            "carrier_account_id",
        )
    try:
        services = [code for code, _label in carrier_class(carrier_account.carrier).services()]
    except (ValueError, ImportError):
        services = []
    carrier_service = (carrier_service or "").strip()
    if not carrier_service and services:
        return services[0]
    if carrier_service not in services:
        raise ServiceError.single(
            ErrorCode.INVALID, _("This carrier offers no such service."), "carrier_service"
        )
    return carrier_service


def shipping_method_carrier_link(
    *, actor, method: ShippingMethod, carrier_account: CarrierAccount | None, carrier_service=""
) -> ShippingMethod:
    """Price `method` by `carrier_account`'s live quote for `carrier_service`, or (None) by
    its own flat price or weight brackets again."""
    require_vendor_role(actor, method.vendor)
    carrier_service = carrier_link_clean(
        vendor=method.vendor, carrier_account=carrier_account, carrier_service=carrier_service
    )
    with transaction.atomic():
        method = lock_shipping_method(method.pk)
        method.carrier_account, method.carrier_service = carrier_account, carrier_service
        method.save(update_fields=["carrier_account", "carrier_service"])
        return method
