"""Reads of checkouts that the API and the pages share: lines grouped per producer with the
delivery options each group has now, and the totals."""

from dataclasses import dataclass, field

from django.db.models import F, Q, Sum
from django.utils.translation import gettext as _

from inventory.models import ConsignmentAgreement, Location, Stock
from inventory.selectors import in_force_q
from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.core.permissions import AppScope, app_producer_id, is_app, is_person, is_staff
from orders.models import (
    Checkout,
    CheckoutDelivery,
    CheckoutLine,
    Order,
    ShippingMethod,
    VendorOrder,
)
from orders.shipping_quotes import CarrierPrice, Unquoted, carrier_price, may_fetch
from promotions.pricing import NO_DISCOUNT, Discount, Part, discount_for
from promotions.selectors import voucher_by_code, voucher_problem
from vendors.selectors import vendors_of

SHIPPING = "SHIPPING"
PICKUP = "PICKUP"


@dataclass(frozen=True)
class DeliveryOption:
    kind: str  # SHIPPING | PICKUP
    target: ShippingMethod | Location
    name: str
    price: int
    min_days: int | None = None
    max_days: int | None = None
    carrier: str = ""  # the carrier code ("ghn") when a carrier's live quote prices it
    carrier_name: str = ""

    @property
    def location(self) -> Location | None:
        return self.target if self.kind == PICKUP else None

    @property
    def key(self) -> str:
        """ "shipping-<pk>" or "pickup-<pk>": names the option among a group's options."""
        return f"{self.kind.lower()}-{self.target.pk}"


@dataclass
class DeliveryGroup:
    vendor: object
    lines: list[CheckoutLine]
    options: list[DeliveryOption] = field(default_factory=list)
    chosen: DeliveryOption | None = None
    # The delivery row the shopper chose (None before a choice), with the price shown then.
    delivery: CheckoutDelivery | None = None
    # Carrier methods left out for want of a quote: method pk → why.
    unquoted: dict[int, Unquoted] = field(default_factory=dict)

    @property
    def subtotal(self) -> int:
        return sum(line.variant.price * line.quantity for line in self.lines)

    @property
    def weight_grams(self) -> int:
        return sum(line.variant.weight_grams * line.quantity for line in self.lines)

    @property
    def shipping_price(self) -> int | None:
        return None if self.chosen is None else self.chosen.price


def available_quantities(variant_ids) -> dict[int, int]:
    """variant_id → units not yet allocated at its active locations."""
    rows = (
        Stock.objects.filter(variant_id__in=list(variant_ids), location__is_active=True)
        .values("variant_id")
        .annotate(available=Sum(F("quantity") - F("quantity_allocated")))
    )
    return {row["variant_id"]: row["available"] for row in rows}


def delivery_method(*, kind: str, pk: int) -> ShippingMethod | Location:
    """The shipping method (SHIPPING) or pickup showroom (PICKUP) a delivery choice names; one
    that does not exist is a NOT_FOUND error on `delivery_method_id`."""
    model = Location if kind == PICKUP else ShippingMethod
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise ServiceError.single(
            ErrorCode.NOT_FOUND, _("There is no such delivery method."), "delivery_method_id"
        )
    return found


def checkout_lines(checkout: Checkout) -> list[CheckoutLine]:
    return list(
        checkout.lines.select_related("variant__product__vendor").order_by(
            "variant__vendor_id", "pk"
        )
    )


def delivery_groups(checkout: Checkout, *, fetch_quotes: bool = False) -> list[DeliveryGroup]:
    """One group per producer, in the order its first line was added. Computed once per
    checkout instance: services hand back a freshly loaded checkout after any change.

    Methods priced by a carrier take their quote from the cache; with `fetch_quotes` the
    missing ones are asked of the carrier (network I/O: never inside a transaction; see
    `orders.shipping_quotes`). Groups computed without fetching are computed again when
    fetching is asked for and a quote was missing."""
    fetch_quotes = fetch_quotes and may_fetch()
    cached = getattr(checkout, "_delivery_groups", None)
    if cached is not None and fetch_quotes and _quotes_missing(cached):
        cached = None
    if cached is None:
        cached = checkout._delivery_groups = _delivery_groups(checkout, fetch_quotes)
    return cached


def _quotes_missing(groups: list[DeliveryGroup]) -> bool:
    return any(Unquoted.NOT_FETCHED in group.unquoted.values() for group in groups)


def chosen_quote_missing(groups: list[DeliveryGroup]) -> bool:
    """A group's chosen carrier method had no quote in the cache (it was not asked)."""
    return any(
        group.delivery is not None
        and group.unquoted.get(group.delivery.shipping_method_id) == Unquoted.NOT_FETCHED
        for group in groups
    )


def carrier_quotes_fetch(checkout: Checkout, *, commune) -> None:
    """Ask the carriers for the quotes `checkout` would need with its address in `commune`
    (a geography.Commune), keeping them in the cache for the options computed next. Network
    I/O: call it before the transaction that changes the address."""
    groups = _groups_of_lines(checkout)
    if groups:
        _add_shipping_options(checkout, groups, fetch_quotes=True, commune=commune)


def written_or_related(obj, *, written: str, relation: str):
    """The rows a service just wrote and handed over as `obj.<written>` (saving the query), else
    `obj.<relation>.all()`: `checkout_create` hands over `chosen_deliveries`, `checkout_complete`
    `placed_vendor_orders` and each part's `placed_lines`."""
    known = getattr(obj, written, None)
    return getattr(obj, relation).all() if known is None else known


def _groups_of_lines(checkout: Checkout) -> dict[int, DeliveryGroup]:
    groups: dict[int, DeliveryGroup] = {}
    for line in sorted(checkout_lines(checkout), key=lambda line: line.pk):
        vendor = line.variant.product.vendor
        groups.setdefault(vendor.pk, DeliveryGroup(vendor=vendor, lines=[])).lines.append(line)
    return groups


def _delivery_groups(checkout: Checkout, fetch_quotes: bool) -> list[DeliveryGroup]:
    groups = _groups_of_lines(checkout)
    if not groups:
        return []
    commune = checkout.commune if checkout.commune_id else None
    _add_shipping_options(checkout, groups, fetch_quotes=fetch_quotes, commune=commune)
    _add_pickup_options(groups)
    deliveries = written_or_related(checkout, written="chosen_deliveries", relation="deliveries")
    for delivery in deliveries:
        if delivery.vendor_id in groups:
            groups[delivery.vendor_id].delivery = delivery
    for group in groups.values():
        group.options.sort(key=lambda option: (option.kind != SHIPPING, option.price, option.name))
        d = group.delivery
        wanted = (
            None
            if d is None
            else (PICKUP, d.pickup_location_id)
            if d.pickup_location_id
            else (SHIPPING, d.shipping_method_id)
        )
        group.chosen = next((o for o in group.options if (o.kind, o.target.pk) == wanted), None)
    return list(groups.values())


def _add_shipping_options(
    checkout: Checkout, groups: dict[int, DeliveryGroup], *, fetch_quotes: bool, commune
) -> None:
    province_id = commune.province_id if commune is not None else None
    methods = ShippingMethod.objects.filter(vendor_id__in=groups.keys(), is_active=True)
    if province_id is None:  # no address yet: only nationwide methods can be known to apply
        methods = methods.filter(is_nationwide=True)
    else:
        methods = methods.filter(Q(is_nationwide=True) | Q(provinces=province_id)).distinct()
    # The account and the producer's address ride along (joins, not queries) for the quotes.
    methods = methods.select_related(
        "carrier_account", "vendor__commune__province", "vendor__commune__legacy_province"
    )
    recipient = {
        "name": checkout.full_name,
        "phone": checkout.phone,
        "street": checkout.street_address,
    }
    for method in methods:
        group = groups[method.vendor_id]
        account = method.carrier_account
        if account is not None:
            if not account.is_active:
                continue  # a disconnected account prices nothing
            quoted = carrier_price(
                method=method,
                recipient_commune=commune,
                recipient=recipient,
                subtotal=group.subtotal,
                weight_grams=group.weight_grams,
                fetch=fetch_quotes,
            )
            if isinstance(quoted, CarrierPrice):
                group.options.append(_carrier_option(method, quoted))
            else:
                group.unquoted[method.pk] = quoted
            continue
        price = method.price_for(subtotal=group.subtotal, weight_grams=group.weight_grams)
        if price is None:
            continue
        group.options.append(
            DeliveryOption(SHIPPING, method, method.name, price, method.min_days, method.max_days)
        )


def _carrier_option(method: ShippingMethod, quoted: CarrierPrice) -> DeliveryOption:
    """Days from the carrier's estimate where it gives one, else the method's own."""
    quote = quoted.quote
    min_days = quote.min_days if quote.min_days is not None else method.min_days
    max_days = quote.max_days if quote.max_days is not None else max(method.max_days, min_days)
    return DeliveryOption(
        SHIPPING,
        method,
        method.name,
        quoted.price,
        min_days,
        max_days,
        carrier=quoted.carrier,
        carrier_name=quoted.carrier_name,
    )


def _add_pickup_options(groups: dict[int, DeliveryGroup]) -> None:
    """A showroom that takes pickups, holds the producer's goods under an agreement in force,
    and has every line of the group available."""
    agreements = list(
        ConsignmentAgreement.objects.filter(
            in_force_q(),
            vendor_id__in=groups.keys(),
            showroom__is_active=True,
            showroom__pickup_enabled=True,
        )
        .select_related("showroom__commune__province")
        .order_by("showroom__name", "showroom_id")
    )
    if not agreements:
        return
    variant_ids = [line.variant_id for g in groups.values() for line in g.lines]
    available = {
        (variant_id, location_id): quantity - allocated
        for variant_id, location_id, quantity, allocated in Stock.objects.filter(
            variant_id__in=variant_ids, location__in={a.showroom_id for a in agreements}
        ).values_list("variant_id", "location_id", "quantity", "quantity_allocated")
    }
    for agreement in agreements:
        showroom, group = agreement.showroom, groups[agreement.vendor_id]
        if all(
            available.get((line.variant_id, showroom.pk), 0) >= line.quantity
            for line in group.lines
        ):
            group.options.append(DeliveryOption(PICKUP, showroom, showroom.name, 0))


@dataclass(frozen=True)
class CheckoutTotals:
    subtotal: int
    shipping: int
    total: int
    discount: int = 0


def checkout_totals(
    groups: list[DeliveryGroup], discount: Discount = NO_DISCOUNT
) -> CheckoutTotals:
    """What the checkout costs: goods plus shipping, less the voucher's discount (on goods
    only), which is what completing it charges."""
    subtotal = sum(group.subtotal for group in groups)
    shipping = sum(group.shipping_price or 0 for group in groups)
    return CheckoutTotals(
        subtotal=subtotal,
        shipping=shipping,
        total=subtotal + shipping - discount.amount,
        discount=discount.amount,
    )


def parts_of(groups: list[DeliveryGroup]) -> list[Part]:
    return [Part(vendor_id=group.vendor.pk, subtotal=group.subtotal) for group in groups]


def checkout_discount(checkout: Checkout) -> Discount:
    """The discount of the checkout's voucher on its lines now; none while the voucher does
    not apply (see `checkout_voucher_problem`), so that the total shown is the one charged.
    Computed once per checkout instance, like its groups."""
    cached = getattr(checkout, "_discount", None)
    if cached is None:
        cached, checkout._voucher_problem = NO_DISCOUNT, None
        if checkout.voucher_code:
            voucher = voucher_by_code(checkout.voucher_code)
            parts = parts_of(delivery_groups(checkout))
            problem = voucher_problem(voucher, parts)
            if problem is None:
                cached = discount_for(voucher, parts)
            checkout._voucher_problem = problem
        checkout._discount = cached
    return cached


def checkout_voucher_problem(checkout: Checkout):
    """Why the checkout's voucher gives nothing now (a FieldError), or None."""
    checkout_discount(checkout)
    return checkout._voucher_problem


def has_ordered_before(*, user, email: str) -> bool:
    """Whether this shopper (their account, or a guest's e-mail) placed an order that was not
    cancelled or left unpaid: what a first-order voucher asks."""
    if user is not None:
        who = Q(user=user)
    elif email:
        who = Q(email__iexact=email)
    else:
        return False
    gone = [Order.Status.CANCELLED, Order.Status.EXPIRED]
    return Order.objects.filter(who).exclude(status__in=gone).exists()


def orders_visible_to(user):
    """Staff see every order; a shopper their own. Guests reach theirs by token only."""
    if is_staff(user):
        return Order.objects.all()
    if not is_person(user):
        return Order.objects.none()
    return Order.objects.filter(user=user)


def _app_parts(app):
    """An app's view of parts: its producer's, with orders:read."""
    producer_id = app_producer_id(app, AppScope.ORDERS_READ)
    if producer_id is None:
        return VendorOrder.objects.none()
    return VendorOrder.objects.filter(vendor_id=producer_id)


def producer_parts_visible_to(user):
    """The parts a producer fulfils, for those who act for it: staff every producer's; members
    their producers'; an app with orders:read its producer's (a shopper's own are not here)."""
    if is_staff(user):
        return VendorOrder.objects.all()
    if is_app(user):
        return _app_parts(user)
    return VendorOrder.objects.filter(vendor__in=vendors_of(user).values("pk"))


def vendor_orders_visible_to(user):
    """A producer's members see its parts; a shopper the parts of their orders; staff all; an
    app with orders:read its producer's parts."""
    if is_staff(user):
        return VendorOrder.objects.all()
    if is_app(user):
        return _app_parts(user)
    if not is_person(user):
        return VendorOrder.objects.none()
    return VendorOrder.objects.filter(
        Q(order__user=user) | Q(vendor__in=vendors_of(user).values("pk"))
    )


def guest_orders_by_email(user):
    """Guest orders placed with `user`'s e-mail that are not attached to any account: shown to
    them read-only, as the address is not verified (see `orders.services.guest_orders`)."""
    if not is_person(user) or not user.email:
        return Order.objects.none()
    return Order.objects.filter(user__isnull=True, email__iexact=user.email)
