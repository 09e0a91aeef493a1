"""Checkouts: create, change lines, set the address and a delivery per producer.

An anonymous checkout is reachable by its token alone; a logged-in shopper's is theirs only."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product, ProductVariant
from inventory.models import Location
from marketplace.core.errors import ErrorCode, FieldError, PermissionDeniedError, ServiceError
from marketplace.core.permissions import is_person, is_staff
from marketplace.core.validators import normalize_vn_phone
from orders.lock_objects import checkout_qs_select_for_update
from orders.models import Checkout, CheckoutDelivery, CheckoutLine, ShippingMethod
from orders.selectors import available_quantities, checkout_lines, delivery_groups

MAX_LINE_QUANTITY = 999
MAX_LINES = 100
# One order's worth, well inside the 32-bit integers GraphQL clients read amounts as.
MAX_CHECKOUT_TOTAL = 1_000_000_000


@dataclass(frozen=True)
class LineInput:
    variant_id: int
    quantity: int


def _lifetime() -> timedelta:
    return timedelta(days=settings.CHECKOUT_LIFETIME_DAYS)


def _person(actor):
    return actor if is_person(actor) else None


def checkout_for(*, actor, token, lock: bool = False) -> Checkout:
    """The checkout of `token`, if it exists, has not expired and `actor` may use it."""
    # The commune's provinces too: a carrier quote names them (joins, not queries).
    checkouts = (checkout_qs_select_for_update() if lock else Checkout.objects).select_related(
        "commune__province", "commune__legacy_province"
    )
    checkout = checkouts.filter(token=token, expires_at__gt=timezone.now()).first()
    if checkout is None:
        raise ServiceError.single(ErrorCode.NOT_FOUND, _("There is no such checkout."), "token")
    person = _person(actor)
    if checkout.user_id is not None and not (
        (person is not None and person.pk == checkout.user_id) or is_staff(person)
    ):
        raise PermissionDeniedError(_("This checkout belongs to another shopper."))
    return checkout


def checkout_create(*, actor, email: str = "", lines: list[LineInput]) -> Checkout:
    person = _person(actor)
    email = _clean_email(email or (person.email if person else ""))
    with transaction.atomic():
        checkout = Checkout.objects.create(
            user=person, email=email, expires_at=timezone.now() + _lifetime()
        )
        checkout.chosen_deliveries = []  # new: nothing chosen yet (read by the selectors)
        _set_lines(checkout, lines, add=True, touch=False)
        return checkout


def checkout_claim(*, user, token) -> Checkout:
    """The checkout `user` goes on with after logging in, given the token of the one they
    filled before: a guest's becomes theirs as a new checkout of theirs with the same lines
    and email (so that the order lands in their orders); one already theirs stays. Should the
    lines no longer be available, the guest checkout is given back as it is and its errors
    show when it is completed."""
    checkout = checkout_for(actor=user, token=token)
    if checkout.user_id is not None:
        return checkout
    lines = [LineInput(line.variant_id, line.quantity) for line in checkout_lines(checkout)]
    try:
        return checkout_create(actor=user, email=checkout.email, lines=lines)
    except ServiceError:
        return checkout


def checkout_lines_add(*, actor, checkout: Checkout, lines: list[LineInput]) -> Checkout:
    with transaction.atomic():
        checkout = _locked(actor, checkout)
        _set_lines(checkout, lines, add=True)
        return checkout


def checkout_lines_update(*, actor, checkout: Checkout, lines: list[LineInput]) -> Checkout:
    """Set the quantities of these lines; 0 removes a line."""
    with transaction.atomic():
        checkout = _locked(actor, checkout)
        _set_lines(checkout, lines, add=False)
        return checkout


def checkout_email_update(*, actor, checkout: Checkout, email: str) -> Checkout:
    with transaction.atomic():
        checkout = _locked(actor, checkout)
        checkout.email = _clean_email(email, required=True)
        checkout.save(update_fields=["email", "updated_at"])
        return checkout


def checkout_shipping_address_update(
    *, actor, checkout: Checkout, full_name: str, phone: str, street_address: str, commune
) -> Checkout:
    errors = []
    full_name = (full_name or "").strip()[:255]
    street_address = (street_address or "").strip()[:255]
    if not full_name:
        errors.append(FieldError(ErrorCode.REQUIRED, _("Give the recipient's name."), "full_name"))
    try:
        phone = normalize_vn_phone(phone)
    except ValidationError as exc:
        errors.append(FieldError(ErrorCode.INVALID, exc.messages[0], "phone"))
    if not street_address:
        errors.append(
            FieldError(ErrorCode.REQUIRED, _("Give the street address."), "street_address")
        )
    if commune is None:
        errors.append(FieldError(ErrorCode.REQUIRED, _("Choose the commune."), "commune_code"))
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        checkout = _locked(actor, checkout)
        checkout.full_name, checkout.phone = full_name, phone
        checkout.street_address, checkout.commune = street_address, commune
        checkout.save()
        return checkout


def checkout_delivery_method_update(
    *, actor, checkout: Checkout, vendor_id: int, method: ShippingMethod | Location
) -> Checkout:
    """Choose how one producer's part travels: one of the methods its group offers now, at
    the price shown now (kept as the delivery's `shown_price`).

    The options are computed before the transaction, on `checkout` as the caller loaded it
    (with `checkout_for`): a carrier's quote is network I/O and must not hold the checkout
    row locked. Should the lines change meanwhile, the choice is checked again whenever the
    checkout is read, and completing it re-checks the price."""
    # Computed afresh (not the instance's groups, which may predate a new method), once.
    checkout._delivery_groups = None
    groups = delivery_groups(checkout, fetch_quotes=True)
    group = next((g for g in groups if g.vendor.pk == vendor_id), None)
    if group is None:
        raise ServiceError.single(
            ErrorCode.NOT_FOUND, _("This checkout has nothing from that producer."), "vendor_id"
        )
    option = next((o for o in group.options if o.target == method), None)
    if option is None:
        raise ServiceError.single(
            ErrorCode.INVALID,
            _("This delivery method is not available for this producer's part."),
            "delivery_method_id",
        )
    is_pickup = isinstance(method, Location)
    choice = {
        "shipping_method": None if is_pickup else method,
        "pickup_location": method if is_pickup else None,
        "shown_price": option.price,
    }
    with transaction.atomic():
        locked = _locked(actor, checkout)
        # The checkout row is locked: no one else can insert this pair meanwhile.
        delivery = group.delivery or CheckoutDelivery(checkout=locked, vendor_id=vendor_id)
        if CheckoutDelivery.objects.filter(checkout=locked, vendor_id=vendor_id).update(**choice):
            for name, value in choice.items():
                setattr(delivery, name, value)
        else:
            delivery = CheckoutDelivery.objects.create(
                checkout=locked, vendor_id=vendor_id, **choice
            )
        locked.save(update_fields=["updated_at"])
    group.chosen, group.delivery = option, delivery
    locked._delivery_groups = groups  # still valid for the response
    return locked


def checkout_prices_shown(
    *, actor, checkout: Checkout, lines: bool = True, deliveries: bool = True
) -> None:
    """Record that the shopper now sees each line at the price loaded with `checkout` (a
    checkout `checkout_for` gave this actor, its lines as the page or the API shows them),
    and (`deliveries`) each chosen delivery at its price now: what completing it will charge.
    Writes only the lines and deliveries whose price changed since."""
    groups = delivery_groups(checkout)
    shown_lines = [line for group in groups for line in group.lines] if lines else []
    changed = [line for line in shown_lines if line.shown_unit_price != line.variant.price]
    moved = [
        group.delivery
        for group in (groups if deliveries else [])
        if group.chosen is not None
        and group.delivery is not None
        and group.delivery.pk is not None
        and group.delivery.shown_price != group.chosen.price
    ]
    if not changed and not moved:
        return
    for line in changed:
        line.shown_unit_price = line.variant.price
    for group in groups:
        if group.delivery is not None and any(group.delivery is d for d in moved):
            group.delivery.shown_price = group.chosen.price
    with transaction.atomic():
        if changed:
            CheckoutLine.objects.bulk_update(changed, ["shown_unit_price"])
        if moved:
            CheckoutDelivery.objects.bulk_update(moved, ["shown_price"])


def _locked(actor, checkout: Checkout) -> Checkout:
    """The checkout row, locked for this transaction and freshly loaded."""
    return checkout_for(actor=actor, token=checkout.token, lock=True)


def _clean_email(email: str, *, required: bool = False) -> str:
    email = (email or "").strip()
    if not email:
        if required:
            raise ServiceError.single(ErrorCode.REQUIRED, _("Give an email address."), "email")
        return ""
    try:
        validate_email(email)
    except ValidationError:
        raise ServiceError.single(
            ErrorCode.INVALID, _("This is not a valid email address."), "email"
        ) from None
    return email.lower()


def _set_lines(
    checkout: Checkout, lines: list[LineInput], *, add: bool, touch: bool = True
) -> None:
    lines = list(lines)
    if len(lines) > MAX_LINES:
        raise ServiceError.single(
            ErrorCode.INVALID, _("At most %(max)d lines.") % {"max": MAX_LINES}, "lines"
        )
    wanted: dict[int, tuple[int, int]] = {}  # variant_id → (index, quantity)
    for i, line in enumerate(lines):
        quantity = line.quantity
        minimum = 1 if add else 0
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < minimum:
            raise ServiceError.single(
                ErrorCode.INVALID,
                _("A quantity is a whole number from %(min)d.") % {"min": minimum},
                f"lines.{i}.quantity",
            )
        previous = wanted.get(line.variant_id, (i, 0))[1]
        wanted[line.variant_id] = (i, previous + quantity if add else quantity)
    variants = ProductVariant.objects.filter(
        pk__in=wanted.keys(),
        product__status=Product.Status.PUBLISHED,
        product__vendor__status="active",
    ).in_bulk()
    existing = {line.variant_id: line for line in checkout.lines.select_related("variant")}
    available = available_quantities(wanted.keys())
    to_delete, to_save = [], []
    for variant_id, (i, quantity) in wanted.items():
        if variant_id not in variants:
            raise ServiceError.single(
                ErrorCode.NOT_FOUND, _("This product is not for sale."), f"lines.{i}.variant_id"
            )
        line = existing.get(variant_id)
        total = quantity + (line.quantity if add and line else 0)
        if total == 0:
            if line:
                to_delete.append(line.pk)
            continue
        if total > MAX_LINE_QUANTITY:
            raise ServiceError.single(
                ErrorCode.INVALID,
                _("At most %(max)d of one item per order.") % {"max": MAX_LINE_QUANTITY},
                f"lines.{i}.quantity",
            )
        if total > available.get(variant_id, 0):
            raise ServiceError.single(
                ErrorCode.INSUFFICIENT_STOCK,
                _("Only %(count)d of %(sku)s left.")
                % {"count": available.get(variant_id, 0), "sku": variants[variant_id].sku},
                f"lines.{i}.quantity",
            )
        if line is None:  # added at the price the shopper is looking at
            price = variants[variant_id].price
            line = CheckoutLine(checkout=checkout, variant_id=variant_id, shown_unit_price=price)
        line.quantity = total
        to_save.append(line)
    _check_total(existing, to_save, to_delete, variants)
    CheckoutLine.objects.filter(Q(pk__in=to_delete)).delete()
    CheckoutLine.objects.bulk_create([line for line in to_save if line.pk is None])
    CheckoutLine.objects.bulk_update([line for line in to_save if line.pk], ["quantity"])
    if touch:
        checkout.save(update_fields=["updated_at"])


def _check_total(existing, to_save, to_delete, variants) -> None:
    lines = {line.variant_id: line for line in existing.values() if line.pk not in to_delete}
    lines.update({line.variant_id: line for line in to_save})
    price = {
        **{v: line.variant.price for v, line in existing.items()},
        **{v: variant.price for v, variant in variants.items()},
    }
    total = sum(price[v] * line.quantity for v, line in lines.items())
    if total > MAX_CHECKOUT_TOTAL:
        raise ServiceError.single(
            ErrorCode.INVALID,
            _("One order can be worth at most 1 billion đồng; split it into several."),
            "lines",
        )
