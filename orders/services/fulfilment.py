"""After the order: each producer confirms, ships and delivers its own part (cancelling and
returning are in `orders.services.cancellation`, click-and-collect in `orders.services.pickup`).

Every move is checked against the transition table of the part's delivery kind, made under the
part's row lock, and written as an OrderEvent with its actor; the order's status follows from
its parts (`refresh_order_status`)."""

from django.db import transaction
from django.utils.translation import gettext as _

from inventory.access import actor_fields
from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.core.transitions import require_transition
from marketplace.outbox.events import Event, emit
from orders.fulfilment_rules import (
    NOT_YET_PAID,
    clean_text,
    require_paid,
    require_producer,
    transitions_for,
)
from orders.lock_objects import lock_vendor_order
from orders.models import Order, OrderEvent, PaymentMethod, VendorOrder
from orders.payments.cod import record_cod_collected
from orders.services import earnings
from orders.services.allocation import fulfil_allocations
from orders.services.notifications import notify_order_changed, part_change

S = VendorOrder.Status


def refresh_order_status(*, order: Order) -> Order:
    """The order's status from its parts. Unpaid and expired orders keep theirs until paid."""
    if order.status in NOT_YET_PAID:
        return order
    statuses = set(VendorOrder.objects.filter(order=order).values_list("status", flat=True))
    finished = {S.DELIVERED, S.CANCELLED, S.RETURNED}
    if statuses == {S.CANCELLED}:
        status = Order.Status.CANCELLED
    elif statuses <= finished:
        status = Order.Status.COMPLETED  # something was delivered (some of it maybe returned)
    elif statuses & {S.CONFIRMED, S.SHIPPED, S.DELIVERED, S.RETURNED}:
        status = Order.Status.IN_PROGRESS
    else:
        status = Order.Status.PLACED
    if status != order.status:
        order.status = status
        order.save(update_fields=["status", "updated_at"])
        if status == Order.Status.CANCELLED:
            emit(Event.ORDER_CANCELLED, order_id=order.pk)
    return order


def record_event(*, vendor_order: VendorOrder, kind: str, actor, **data) -> OrderEvent:
    return OrderEvent.objects.create(
        order_id=vendor_order.order_id,
        vendor_order=vendor_order,
        kind=kind,
        data=data,
        **actor_fields(actor),
    )


def move(*, vendor_order: VendorOrder, to_status: str, actor, kind: str, fields=(), **data):
    """Check, apply and record one transition of a locked part; refresh its order."""
    require_transition(vendor_order, to_status, transitions_for(vendor_order))
    from_status = vendor_order.status
    vendor_order.status = to_status
    vendor_order.save(update_fields=["status", "updated_at", *fields])
    record_event(
        vendor_order=vendor_order,
        kind=kind,
        actor=actor,
        **{"from": from_status, "to": to_status, **data},
    )
    emit(
        Event.VENDOR_ORDER_STATUS_CHANGED, vendor_order_id=vendor_order.pk, from_status=from_status
    )
    refresh_order_status(order=vendor_order.order)
    notify_order_changed(
        order_id=vendor_order.order_id,
        vendor_order_id=vendor_order.pk,
        kind=part_change(vendor_order=vendor_order),
    )
    return vendor_order


def vendor_order_confirm(*, actor, vendor_order: VendorOrder) -> VendorOrder:
    with transaction.atomic():
        vendor_order = lock_vendor_order(vendor_order)
        require_producer(actor, vendor_order)
        require_paid(vendor_order)
        return move(vendor_order=vendor_order, to_status=S.CONFIRMED, actor=actor, kind="confirmed")


def vendor_order_ship(
    *, actor, vendor_order: VendorOrder, carrier: str, tracking_number: str
) -> VendorOrder:
    """Handed to the carrier: the allocated units leave the producer's shelves."""
    carrier = clean_text(carrier, "carrier", required=True, limit=100)
    tracking_number = clean_text(tracking_number, "tracking_number", required=True, limit=100)
    with transaction.atomic():
        vendor_order = lock_vendor_order(vendor_order)
        require_producer(actor, vendor_order)
        require_paid(vendor_order)
        return ship(
            vendor_order=vendor_order,
            actor=actor,
            carrier=carrier,
            tracking_number=tracking_number,
        )


def ship(*, vendor_order: VendorOrder, actor, carrier: str, tracking_number: str, **data):
    """A locked, paid part goes to the carrier: its allocated units leave the shelves and the
    shopper is e-mailed. Shared by the producer's "shipped" and a carrier's pickup webhook
    (actor None: the carrier)."""
    require_transition(vendor_order, S.SHIPPED, transitions_for(vendor_order))
    vendor_order.carrier, vendor_order.tracking_number = carrier, tracking_number
    fulfil_allocations(vendor_orders=[vendor_order], actor=actor)
    move(
        vendor_order=vendor_order,
        to_status=S.SHIPPED,
        actor=actor,
        kind="shipped",
        fields=("carrier", "tracking_number"),
        carrier=carrier,
        tracking_number=tracking_number,
        **data,
    )
    return vendor_order  # move() recorded the shopper's notice, with the tracking link


def deliver(*, vendor_order: VendorOrder, actor, kind: str, **data) -> VendorOrder:
    """A locked part reached the shopper: it records what it earns; COD cash is collected."""
    move(vendor_order=vendor_order, to_status=S.DELIVERED, actor=actor, kind=kind, **data)
    earnings.record_earnings(vendor_order=vendor_order)
    if vendor_order.order.payment_method == PaymentMethod.COD:
        record_cod_collected(vendor_order=vendor_order, actor=actor)
        vendor_order.order.refresh_from_db(fields=["payment_status", "updated_at"])
    return vendor_order


def vendor_order_mark_delivered(*, actor, vendor_order: VendorOrder) -> VendorOrder:
    with transaction.atomic():
        vendor_order = lock_vendor_order(vendor_order)
        require_producer(actor, vendor_order)
        require_paid(vendor_order)
        if vendor_order.delivery_kind == VendorOrder.DeliveryKind.PICKUP:
            raise ServiceError.single(
                ErrorCode.INVALID_TRANSITION,
                _("A pickup order is delivered when the showroom hands it over."),
                "status",
            )
        return deliver(vendor_order=vendor_order, actor=actor, kind="delivered")
