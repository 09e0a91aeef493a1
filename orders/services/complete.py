"""Completing a checkout: check everything, then in one transaction lock the stock rows in
primary-key order, allocate, and write the order split per producer.

Allocation prefers the producer's warehouses, then the showrooms holding its goods under an
agreement in force; a pickup takes everything from its showroom."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory.lock_objects import lock_stocks
from inventory.models import Location, Stock, StockMovement
from inventory.selectors import in_force_q
from inventory.services import ledger
from marketplace.core.errors import ErrorCode, FieldError, ServiceError
from marketplace.core.money import format_vnd
from marketplace.outbox.events import Event, emit
from marketplace.outbox.services import enqueue_many
from orders.models import (
    Allocation,
    Checkout,
    CheckoutDelivery,
    Order,
    OrderEvent,
    OrderLine,
    Payment,
    PaymentMethod,
    VendorOrder,
)
from orders.selectors import (
    PICKUP,
    DeliveryGroup,
    checkout_totals,
    chosen_quote_missing,
    delivery_groups,
    has_ordered_before,
    parts_of,
)
from orders.services.checkout import checkout_for
from orders.services.notifications import Kind, notice_message
from orders.shipping_quotes import cached_quotes_only
from promotions.pricing import NO_DISCOUNT, Discount
from promotions.services import voucher_redemption_record, voucher_take


@dataclass
class CompletedCheckout:
    """`order.placed_vendor_orders` lists the parts just written, in the order's order, and
    each part's `placed_lines` its lines: the response reads them without a query."""

    order: Order
    payment: Payment


def checkout_complete(*, actor, checkout: Checkout, payment_method: str) -> CompletedCheckout:
    """Place the order of `checkout`, all or nothing.

    Carrier quotes are never asked inside the locking transaction: the delivery options are
    computed there from the quote cache (filled when the shopper chose and read the
    delivery). Should a chosen carrier's quote have left the cache, the transaction ends
    having written nothing, the quote is asked outside it, and completion runs once more."""
    try:
        method = PaymentMethod(str(payment_method).lower())
    except ValueError:
        raise ServiceError.single(
            ErrorCode.INVALID, _("Unknown payment method."), "payment_method"
        ) from None
    done = _complete(actor, checkout, method, quotes_fetched=False)
    if done is None:
        delivery_groups(checkout_for(actor=actor, token=checkout.token), fetch_quotes=True)
        done = _complete(actor, checkout, method, quotes_fetched=True)
    return done


def _complete(actor, checkout, method, *, quotes_fetched: bool) -> CompletedCheckout | None:
    refused = None
    with transaction.atomic(), cached_quotes_only():
        # Locked: a second completion of the same checkout waits, then finds it gone.
        checkout = checkout_for(actor=actor, token=checkout.token, lock=True)
        groups = delivery_groups(checkout)
        if not quotes_fetched and chosen_quote_missing(groups):
            return None  # nothing written: the quote is asked outside the lock
        errors = _readiness_errors(checkout, groups)
        if errors:
            # Nothing is written but the new delivery prices the message shows: once seen,
            # a second attempt places the order at them.
            _shipping_prices_seen(groups)
            refused = ServiceError(errors)
        else:
            discount = _take_voucher(checkout, groups)
            order, lines = _write_order(checkout, groups, method, discount)
            _allocate(actor, order, lines, groups)
            payment = Payment.objects.create(order=order, gateway=method, amount=order.total)
            checkout.delete()
            _email_after_commit(order.pk)
            emit(Event.ORDER_CREATED, order_id=order.pk)
    if refused is not None:
        raise refused
    return CompletedCheckout(order=order, payment=payment)


def _email_after_commit(order_id: int) -> None:
    """The confirmation (and, for cash on delivery, the producers' new-order emails), recorded
    in the outbox with the order: sent once it is committed and retried until it goes; a mail
    failure never undoes the order."""
    enqueue_many(
        messages=[
            ("orders.send_order_placed", {"order_id": order_id}),
            notice_message(order_id=order_id, kind=Kind.PLACED),  # the shopper's confirmation
        ]
    )


def _readiness_errors(checkout: Checkout, groups: list[DeliveryGroup]) -> list[FieldError]:
    errors = []
    if not groups:
        errors.append(FieldError(ErrorCode.INVALID, _("The cart is empty."), "lines"))
    if not checkout.email:
        errors.append(FieldError(ErrorCode.REQUIRED, _("Give an email address."), "email"))
    if not checkout.has_address:
        errors.append(
            FieldError(ErrorCode.REQUIRED, _("Give the delivery address."), "shipping_address")
        )
    errors.extend(_price_changes(groups))
    errors.extend(_shipping_changes(groups))
    for group in groups:
        if group.chosen is not None:
            continue
        delivery = group.delivery
        if delivery is not None and delivery.shipping_method_id in group.unquoted:
            errors.append(
                FieldError(
                    ErrorCode.CARRIER_UNAVAILABLE,
                    _(
                        "The carrier cannot quote the delivery of %(vendor)s right now; "
                        "choose another delivery method."
                    )
                    % {"vendor": group.vendor.name},
                    "delivery_method_id",
                )
            )
            continue
        errors.append(
            FieldError(
                ErrorCode.REQUIRED,
                _("Choose a delivery method for %(vendor)s.") % {"vendor": group.vendor.name},
                "delivery_method",
            )
        )
    return errors


def _shipping_changes(groups: list[DeliveryGroup]) -> list[FieldError]:
    """The chosen deliveries whose price is no longer the one the shopper was shown (a
    carrier's quote moved, the part's weight or value crossed a bracket or threshold)."""
    errors = []
    for group in groups:
        shown = group.delivery.shown_price if group.delivery is not None else None
        if group.chosen is None or shown is None or shown == group.chosen.price:
            continue
        errors.append(
            FieldError(
                ErrorCode.SHIPPING_CHANGED,
                _(
                    "The delivery of %(vendor)s now costs %(price)s instead of %(shown)s. "
                    "Check your order and place it again."
                )
                % {
                    "vendor": group.vendor.name,
                    "price": format_vnd(group.chosen.price),
                    "shown": format_vnd(shown),
                },
                "delivery_method_id",
            )
        )
    return errors


def _shipping_prices_seen(groups: list[DeliveryGroup]) -> None:
    changed = []
    for group in groups:
        delivery = group.delivery
        if group.chosen is None or delivery is None or delivery.shown_price is None:
            continue
        if delivery.shown_price != group.chosen.price:
            delivery.shown_price = group.chosen.price
            changed.append(delivery)
    if changed:
        CheckoutDelivery.objects.bulk_update(changed, ["shown_price"])


def _price_changes(groups: list[DeliveryGroup]) -> list[FieldError]:
    """The lines whose price is no longer the one the shopper last saw (`lines.<i>`, in the
    order the checkout lists them): they must see the new one before it is charged."""
    errors = []
    lines = [line for group in groups for line in group.lines]
    for i, line in enumerate(lines):
        shown, price = line.shown_unit_price, line.variant.price
        if shown is not None and shown != price:
            errors.append(
                FieldError(
                    ErrorCode.PRICE_CHANGED,
                    _(
                        "The price of %(product)s (%(variant)s) changed from %(shown)s to "
                        "%(price)s. Check your order and place it again."
                    )
                    % {
                        "product": line.variant.product.name,
                        "variant": line.variant.name,
                        "shown": format_vnd(shown),
                        "price": format_vnd(price),
                    },
                    f"lines.{i}",
                )
            )
    return errors


def _take_voucher(checkout: Checkout, groups: list[DeliveryGroup]) -> Discount:
    """The checkout's voucher checked again on its locked row, every rule as it is now: a
    voucher that expired or was used up since it was applied refuses the whole completion
    (VOUCHER_INVALID / VOUCHER_USED_UP) before anything is written. Completions with the
    same code queue on that lock, so its last use goes to exactly one of them."""
    if not checkout.voucher_code:
        return NO_DISCOUNT
    user = checkout.user if checkout.user_id else None
    return voucher_take(
        code=checkout.voucher_code,
        parts=parts_of(groups),
        user=user,
        email=checkout.email,
        has_ordered_before=lambda: has_ordered_before(user=user, email=checkout.email),
    )


def _write_order(checkout, groups, method, discount=NO_DISCOUNT) -> tuple[Order, list[OrderLine]]:
    totals = checkout_totals(groups, discount)
    person = checkout.user
    unpaid = method != PaymentMethod.COD
    order = Order.objects.create(
        user=person,
        email=checkout.email,
        full_name=checkout.full_name,
        phone=checkout.phone,
        street_address=checkout.street_address,
        commune_id=checkout.commune_id,
        status=Order.Status.UNPAID if unpaid else Order.Status.PLACED,
        payment_method=method,
        payment_status=Order.PaymentStatus.PENDING if unpaid else Order.PaymentStatus.NOT_CHARGED,
        subtotal=totals.subtotal,
        shipping_total=totals.shipping,
        discount_total=totals.discount,
        voucher_code=discount.code,
        total=totals.total,
        checkout_token=checkout.token,
        payment_due_at=timezone.now() + _payment_window() if unpaid else None,
        invoice_company_name=checkout.invoice_company_name,
        invoice_tax_code=checkout.invoice_tax_code,
        invoice_email=checkout.invoice_email,
        invoice_address=checkout.invoice_address,
    )
    vendor_orders = VendorOrder.objects.bulk_create(
        [
            _vendor_order(order, group, checkout.note_for(group.vendor.pk), discount)
            for group in groups
        ]
    )
    if discount.voucher is not None:
        voucher_redemption_record(discount=discount, order=order, user=person, email=checkout.email)
    lines = []
    for vendor_order, group in zip(vendor_orders, groups, strict=True):
        for line in group.lines:
            variant = line.variant
            lines.append(
                OrderLine(
                    vendor_order=vendor_order,
                    variant=variant,
                    sku=variant.sku,
                    product_name=variant.product.name,
                    variant_name=variant.name,
                    quantity=line.quantity,
                    unit_price=variant.price,
                )
            )
    OrderLine.objects.bulk_create(lines)
    # What the response shows is already in memory: handed over in plain attributes (as a
    # Prefetch with to_attr leaves them) rather than read back, which would cost two queries.
    order.placed_vendor_orders = vendor_orders
    for vendor_order in vendor_orders:
        vendor_order.placed_lines = [line for line in lines if line.vendor_order is vendor_order]
    OrderEvent.objects.create(
        order=order,
        kind="placed",
        actor_user=person,
        data={
            "payment_method": method.value,
            "total": totals.total,
            **({"voucher": discount.code, "discount": totals.discount} if discount.amount else {}),
        },
    )
    return order, lines


def _vendor_order(
    order: Order, group: DeliveryGroup, note: str, discount: Discount = NO_DISCOUNT
) -> VendorOrder:
    pickup = group.chosen.kind == PICKUP
    return VendorOrder(
        order=order,
        vendor=group.vendor,
        delivery_kind=VendorOrder.DeliveryKind.PICKUP
        if pickup
        else VendorOrder.DeliveryKind.SHIPPING,
        delivery_name=group.chosen.name,
        shipping_method=None if pickup else group.chosen.target,
        pickup_location=group.chosen.target if pickup else None,
        pickup_code=f"{secrets.randbelow(10**6):06d}" if pickup else "",
        subtotal=group.subtotal,
        shipping_price=group.chosen.price,
        platform_discount=discount.platform_share(group.vendor.pk),
        producer_discount=discount.producer_share(group.vendor.pk),
        commission_rate=group.vendor.commission_rate,
        note=note,
    )


def _payment_window() -> timedelta:
    return timedelta(minutes=settings.ORDER_PAYMENT_TIMEOUT_MINUTES)


def _candidate_stock(groups) -> dict[int, list[int]]:
    """variant_id → stock pks to draw from, best first: the producer's warehouses, then its
    consigned showrooms; a pickup only its showroom."""
    pickup_at = {
        line.variant_id: group.chosen.target.pk
        for group in groups
        if group.chosen.kind == PICKUP
        for line in group.lines
    }
    own_warehouse = Q(
        location__kind=Location.Kind.WAREHOUSE, location__vendor_id=F("variant__vendor_id")
    )
    consigned = Q(
        location__kind=Location.Kind.SHOWROOM,
        location__consignment_agreements__vendor_id=F("variant__vendor_id"),
    ) & in_force_q(prefix="location__consignment_agreements__")
    rows = (
        Stock.objects.filter(
            own_warehouse | consigned,
            variant_id__in=[line.variant_id for group in groups for line in group.lines],
            location__is_active=True,
        )
        .values_list("pk", "variant_id", "location_id", "location__kind")
        .distinct()
    )
    candidates: dict[int, list[tuple]] = {}
    for pk, variant_id, location_id, kind in rows:
        if variant_id in pickup_at and location_id != pickup_at[variant_id]:
            continue
        candidates.setdefault(variant_id, []).append((kind != Location.Kind.WAREHOUSE, pk))
    return {v: [pk for _rank, pk in sorted(c)] for v, c in candidates.items()}


def _allocate(actor, order: Order, lines: list[OrderLine], groups) -> None:
    candidates = _candidate_stock(groups)
    locked = lock_stocks(pk for pks in candidates.values() for pk in pks)
    movements, allocations = [], []
    reference = f"order:{order.pk}"
    for i, line in enumerate(lines):
        needed = line.quantity
        for pk in candidates.get(line.variant_id, []):
            stock = locked[pk]
            take = min(needed, stock.quantity_available)
            if take <= 0:
                continue
            movements.append(
                ledger.move(
                    stock=stock,
                    kind=StockMovement.Kind.ALLOCATION,
                    allocated_delta=take,
                    reference=reference,
                    actor=actor,
                )
            )
            allocations.append(Allocation(line=line, stock=stock, quantity=take))
            needed -= take
            if needed == 0:
                break
        if needed:
            raise ServiceError.single(
                ErrorCode.INSUFFICIENT_STOCK,
                _("Not enough %(sku)s in stock for this order.") % {"sku": line.sku},
                f"lines.{i}",
            )
    ledger.save_moves(stocks=locked.values(), movements=movements)
    Allocation.objects.bulk_create(allocations)
