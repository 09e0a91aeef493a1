"""Refunds per producer's order, whole or by line: through Stripe's API for card payments,
recorded by staff for VNPay and cash on delivery (they pay the money back themselves)."""

import logging

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from marketplace.core.errors import ErrorCode, PermissionDeniedError, ServiceError
from marketplace.core.permissions import is_person, is_staff
from orders.fulfilment_rules import MAX_REASON
from orders.lock_objects import lock_vendor_order
from orders.models import Order, Payment, PaymentMethod, Refund, VendorOrder
from orders.payments.base import GatewayError
from orders.payments.registry import get_gateway
from orders.services import earnings
from orders.services.fulfilment import record_event
from orders.services.notifications import Kind, notify_order_changed

logger = logging.getLogger("marketplace.payments")
S = VendorOrder.Status
PAID_STATUSES = (Order.PaymentStatus.PAID, Order.PaymentStatus.PARTIALLY_REFUNDED)


def _was_paid(vendor_order: VendorOrder) -> bool:
    """Whether the shopper paid for this part: online, once the order is paid; cash on
    delivery, once this part was delivered (its cash collected)."""
    if vendor_order.order.payment_method == PaymentMethod.COD:
        return vendor_order.status in (S.DELIVERED, S.RETURNED)
    return vendor_order.order.payment_status in (*PAID_STATUSES, Order.PaymentStatus.REFUNDED)


def _refunded_quantities(vendor_order: VendorOrder) -> tuple[dict[int, int], int, int]:
    """(line pk → quantity refunded, shipping refunded, goods paid back) so far."""
    quantities: dict[int, int] = {}
    shipping = goods = 0
    for refund in Refund.objects.filter(vendor_order=vendor_order):
        shipping += refund.shipping_amount
        goods += refund.goods_amount
        for line_id, quantity in refund.lines.items():
            quantities[int(line_id)] = quantities.get(int(line_id), 0) + quantity
    return quantities, shipping, goods


def _goods_paid_back(vendor_order, order_lines, done: dict, chosen: dict, paid_back: int) -> int:
    """What the shopper gets back for the goods `chosen`: their full price, less the part's
    voucher discount in proportion, cumulatively (so that refunding everything gives back
    exactly what was paid for the goods, never more)."""
    value = {pk: line.unit_price for pk, line in order_lines.items()}
    chosen_value = sum(value[pk] * quantity for pk, quantity in chosen.items())
    if not vendor_order.discount:
        return chosen_value
    value_so_far = sum(value[pk] * quantity for pk, quantity in done.items()) + chosen_value
    paid = vendor_order.subtotal - vendor_order.discount
    target = (paid * value_so_far * 2 + vendor_order.subtotal) // (2 * vendor_order.subtotal)
    return max(0, target - paid_back)


def _what_to_refund(vendor_order, lines: dict | None) -> tuple[dict[int, int], int, int]:
    """(line pk → quantity, goods amount, shipping amount) of this refund."""
    order_lines = {line.pk: line for line in vendor_order.lines.all()}
    done, shipping_done, goods_done = _refunded_quantities(vendor_order)
    left = {pk: line.quantity - done.get(pk, 0) for pk, line in order_lines.items()}
    if lines is None:
        chosen = {pk: quantity for pk, quantity in left.items() if quantity > 0}
        shipping = vendor_order.shipping_price - shipping_done
    else:
        chosen, shipping = {}, 0
        for i, (pk, quantity) in enumerate(lines.items()):
            pk = int(pk)
            if pk not in order_lines:
                raise ServiceError.single(
                    ErrorCode.NOT_FOUND, _("This line is not in this order."), f"lines.{i}"
                )
            if not 1 <= quantity <= left[pk]:
                raise ServiceError.single(
                    ErrorCode.INVALID,
                    _("Refund between 1 and %(left)d of this line.") % {"left": left[pk]},
                    f"lines.{i}",
                )
            chosen[pk] = chosen.get(pk, 0) + quantity
    goods = _goods_paid_back(vendor_order, order_lines, done, chosen, goods_done)
    return chosen, goods, shipping


def _update_payment_status(order: Order) -> None:
    if order.payment_status not in PAID_STATUSES:
        return  # COD with parts still on their way: the payment is not settled yet
    refunded = Refund.objects.filter(vendor_order__order=order).aggregate(total=Sum("amount"))
    full = (refunded["total"] or 0) >= order.total
    order.payment_status = (
        Order.PaymentStatus.REFUNDED if full else Order.PaymentStatus.PARTIALLY_REFUNDED
    )
    order.save(update_fields=["payment_status", "updated_at"])
    if full:
        Payment.objects.filter(order=order, status=Payment.Status.PAID).update(
            status=Payment.Status.REFUNDED
        )


def _pay_back(vendor_order: VendorOrder, amount: int) -> tuple[str, str]:
    """(gateway, reference): Stripe refunds through its API; the others are recorded."""
    order = vendor_order.order
    payment = (
        Payment.objects.filter(order=order, gateway=order.payment_method)
        .exclude(status__in=[Payment.Status.FAILED, Payment.Status.CANCELLED])
        .order_by("-pk")
        .first()
    )
    if payment is None or order.payment_method != PaymentMethod.STRIPE:
        return order.payment_method, ""
    count = Refund.objects.filter(vendor_order=vendor_order).count()
    try:
        result = get_gateway(payment.gateway).refund(
            payment, amount, idempotency_key=f"refund-{vendor_order.pk}-{count + 1}"
        )
    except GatewayError:
        logger.exception("Stripe refused refunding %s for part %s", amount, vendor_order.pk)
        raise ServiceError.single(
            ErrorCode.INVALID, _("The card payment could not be refunded; try again later.")
        ) from None
    return order.payment_method, result.reference


def _refund(vendor_order, *, actor, lines: dict | None, reason: str) -> Refund | None:
    """Refund (a locked part); None when nothing of it is left to refund."""
    chosen, goods, shipping = _what_to_refund(vendor_order, lines)
    if not chosen and shipping == 0:
        return None
    if goods + shipping:
        gateway, reference = _pay_back(vendor_order, goods + shipping)
    else:  # goods fully discounted: nothing to pay back, the earnings are still reversed
        gateway, reference = vendor_order.order.payment_method, ""
    refund = Refund.objects.create(
        vendor_order=vendor_order,
        gateway=gateway,
        amount=goods + shipping,
        goods_amount=goods,
        shipping_amount=shipping,
        lines={str(pk): quantity for pk, quantity in chosen.items()},
        reason=reason[:MAX_REASON],
        psp_reference=reference,
        actor_user=actor if is_person(actor) else None,
    )
    earnings.record_refund_reversal(vendor_order=vendor_order, refund=refund)
    record_event(
        vendor_order=vendor_order,
        kind="refunded",
        actor=actor,
        refund=refund.pk,
        amount=refund.amount,
        gateway=gateway,
        manual=not reference,
        reason=reason,
    )
    _update_payment_status(vendor_order.order)
    notify_order_changed(
        order_id=vendor_order.order_id,
        vendor_order_id=vendor_order.pk,
        kind=Kind.REFUNDED,
        ref=refund.pk,
    )
    return refund


def refund_part(*, vendor_order, actor, reason: str, if_paid: bool) -> Refund | None:
    """Refund what is left of a locked part (cancelled or returned) if it was paid."""
    if if_paid and not _was_paid(vendor_order):
        return None
    return _refund(vendor_order, actor=actor, lines=None, reason=reason)


def order_refund(
    *, actor, vendor_order: VendorOrder, lines: dict[int, int] | None, reason: str
) -> Refund:
    """Staff refund a delivered part, whole (`lines` None: every line left and the shipping) or
    some units of some lines (goods only)."""
    if not is_staff(actor):
        raise PermissionDeniedError(_("Only marketplace staff refund orders."))
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError.single(ErrorCode.REQUIRED, _("Give the reason."), "reason")
    if lines is not None and not lines:
        raise ServiceError.single(ErrorCode.REQUIRED, _("Choose what to refund."), "lines")
    with transaction.atomic():
        vendor_order = lock_vendor_order(vendor_order)
        if vendor_order.status != S.DELIVERED or not _was_paid(vendor_order):
            raise ServiceError.single(
                ErrorCode.INVALID_TRANSITION,
                _("Only a delivered, paid order is refunded; cancel one that has not shipped."),
                "vendor_order_id",
            )
        refund = _refund(vendor_order, actor=actor, lines=lines, reason=reason)
        if refund is None:
            raise ServiceError.single(
                ErrorCode.INVALID, _("Everything in this order was refunded already."), "lines"
            )
        return refund
