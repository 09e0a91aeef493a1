"""What a verified gateway callback proved, applied to the payment and its order.

Callers lock with `orders.lock_objects.lock_payment` inside their transaction first (order
row, then payment row: the order expiry job takes the same order lock, so a payment and an
expiry never interleave).

An order that expired or was cancelled before its money arrived is not revived: the payment is
recorded as paid (the shopper's money is held), the order keeps its status, an event
`payment_captured_late` is written and a warning logged, so that staff refund it."""

import logging
from enum import StrEnum

from marketplace.outbox.events import Event, emit
from marketplace.outbox.services import enqueue
from orders.models import Order, OrderEvent, Payment
from orders.services.notifications import Kind, notify_order_changed

logger = logging.getLogger("marketplace.payments")


class Outcome(StrEnum):
    APPLIED = "applied"
    LATE = "late"  # paid after the order expired or was cancelled: recorded, not revived
    ALREADY = "already"  # nothing left to change: a replay, or a state already reached
    REFUSED = "refused"  # the callback contradicts the payment (amount, currency)


def _event(order: Order, kind: str, payment: Payment, data: dict | None) -> None:
    OrderEvent.objects.create(
        order=order,
        kind=kind,
        data={"gateway": payment.gateway, "payment": payment.pk, **(data or {})},
    )


def record_capture(order: Order, payment: Payment, *, amount: int, data=None) -> Outcome:
    """The gateway took `amount` đồng for `payment`."""
    if payment.status in (Payment.Status.PAID, Payment.Status.REFUNDED):
        logger.info("Payment %s already captured; callback ignored", payment.pk)
        return Outcome.ALREADY
    if amount != payment.amount:
        logger.warning(
            "Payment %s: gateway reports %s, expected %s; refused",
            payment.pk,
            amount,
            payment.amount,
        )
        return Outcome.REFUSED
    payment.status = Payment.Status.PAID
    payment.save(update_fields=["status", "updated_at"])
    late = order.status in (Order.Status.EXPIRED, Order.Status.CANCELLED)
    if order.status == Order.Status.UNPAID:
        order.status = Order.Status.PLACED
    order.payment_status = Order.PaymentStatus.PAID
    order.save(update_fields=["status", "payment_status", "updated_at"])
    if late:
        logger.warning(
            "Order %s was %s when payment %s arrived: recorded, order not revived; refund it",
            order.number,
            order.status,
            payment.pk,
        )
    _event(order, "payment_captured_late" if late else "payment_captured", payment, data)
    if not late:
        # Paid: now the producers hear of the order (the shopper's email went out already).
        enqueue(handler="orders.send_order_placed", payload={"order_id": order.pk})
        emit(Event.ORDER_PAID, order_id=order.pk)
        notify_order_changed(order_id=order.pk, kind=Kind.PAID)
    return Outcome.LATE if late else Outcome.APPLIED


def record_failure(order: Order, payment: Payment, *, data=None) -> Outcome:
    """The gateway says this attempt failed. The order stays unpaid (Stripe lets the shopper
    try again with the same intent; otherwise the order expires)."""
    if payment.status != Payment.Status.PENDING:
        logger.info("Payment %s is %s; failure callback ignored", payment.pk, payment.status)
        return Outcome.ALREADY
    payment.status = Payment.Status.FAILED
    payment.save(update_fields=["status", "updated_at"])
    if order.status == Order.Status.UNPAID:
        order.payment_status = Order.PaymentStatus.FAILED
        order.save(update_fields=["payment_status", "updated_at"])
        notify_order_changed(order_id=order.pk, kind=Kind.PAYMENT_FAILED, ref=payment.pk)
    _event(order, "payment_failed", payment, data)
    return Outcome.APPLIED


def record_refunded_total(order: Order, payment: Payment, *, refunded: int, data=None) -> Outcome:
    """The gateway has now refunded `refunded` đồng of this payment in all (an absolute figure,
    so applying it twice changes nothing)."""
    if payment.status not in (Payment.Status.PAID, Payment.Status.REFUNDED) or refunded <= 0:
        logger.warning(
            "Payment %s is %s; refund of %s ignored", payment.pk, payment.status, refunded
        )
        return Outcome.REFUSED
    if refunded > payment.amount:
        logger.warning("Payment %s: refunded %s exceeds %s", payment.pk, refunded, payment.amount)
        return Outcome.REFUSED
    whole = refunded == payment.amount
    if whole and payment.status == Payment.Status.REFUNDED:
        return Outcome.ALREADY
    status = Order.PaymentStatus.REFUNDED if whole else Order.PaymentStatus.PARTIALLY_REFUNDED
    if whole:
        payment.status = Payment.Status.REFUNDED
        payment.save(update_fields=["status", "updated_at"])
    order.payment_status = status
    order.save(update_fields=["payment_status", "updated_at"])
    _event(order, "payment_refunded", payment, {"refunded_total": refunded, **(data or {})})
    return Outcome.APPLIED
