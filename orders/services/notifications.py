"""Telling the shopper that their order changed: one outbox message per change, recorded in
the transaction that makes it, so a change rolled back tells nobody and a committed one is
told even when the mail server is down.

Orders only name the work: the `notifications` app, which ranks above orders, registers the
handler that renders and sends the notice (e-mail, then SMS for some kinds) and honours the
shopper's choice to mute an order, much as orders emit webhook events without knowing who
listens (`marketplace.outbox.events`)."""

from enum import StrEnum

from marketplace.outbox.services import enqueue
from orders.models import Order, VendorOrder

HANDLER = "notifications.order_changed"


class Kind(StrEnum):
    """What changed. A part's kinds name the producer's part (`vendor_order_id`)."""

    PLACED = "placed"
    PAID = "paid"
    PAYMENT_FAILED = "payment_failed"
    EXPIRED = "expired"  # unpaid past its due time: every part cancelled
    CONFIRMED = "confirmed"
    READY_FOR_PICKUP = "ready_for_pickup"  # a pickup part confirmed: waiting at the showroom
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    PICKED_UP = "picked_up"  # a pickup part handed over
    CANCELLED = "cancelled"  # one part; the others go on
    ORDER_CANCELLED = "order_cancelled"  # the last part cancelled: nothing is left of the order
    RETURNED = "returned"
    REFUNDED = "refunded"  # `ref`: the refund


def notice_message(
    *, order_id: int, vendor_order_id: int | None = None, kind: str, ref: int | None = None
) -> tuple[str, dict]:
    """The outbox message (handler, payload) of a notice, for `enqueue_many`."""
    payload = {"order_id": order_id, "kind": Kind(kind).value}
    if vendor_order_id is not None:
        payload["vendor_order_id"] = vendor_order_id
    if ref is not None:
        payload["ref"] = ref
    return HANDLER, payload


def notify_order_changed(
    *, order_id: int, vendor_order_id: int | None = None, kind: str, ref: int | None = None
):
    """Record the notice of `kind` for the order (and its part) in the caller's transaction.
    `ref` tells apart notices that may repeat: the refund, the failed payment."""
    handler, payload = notice_message(
        order_id=order_id, vendor_order_id=vendor_order_id, kind=kind, ref=ref
    )
    return enqueue(handler=handler, payload=payload)


def part_change(*, vendor_order: VendorOrder) -> Kind:
    """The notice of a part's new status, read once its order's status is refreshed."""
    S = VendorOrder.Status
    pickup = vendor_order.delivery_kind == VendorOrder.DeliveryKind.PICKUP
    status = vendor_order.status
    if status == S.CANCELLED and vendor_order.order.status == Order.Status.CANCELLED:
        return Kind.ORDER_CANCELLED
    if pickup and status == S.CONFIRMED:
        return Kind.READY_FOR_PICKUP
    if pickup and status == S.DELIVERED:
        return Kind.PICKED_UP
    return Kind(status)
