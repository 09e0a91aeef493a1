"""Cash on delivery: nothing to start; the money counts as collected when the producers have
delivered every part of the order that was not cancelled."""

from inventory.access import actor_fields
from marketplace.outbox.events import Event, emit
from orders.lock_objects import lock_payment
from orders.models import Order, OrderEvent, Payment, PaymentMethod, VendorOrder
from orders.payments.base import PaymentAction, PaymentGateway

_DONE = (VendorOrder.Status.DELIVERED, VendorOrder.Status.CANCELLED, VendorOrder.Status.RETURNED)


class CodGateway(PaymentGateway):
    name = PaymentMethod.COD

    def start(self, payment: Payment, *, client_ip: str) -> PaymentAction:
        return PaymentAction()


def record_cod_collected(*, vendor_order: VendorOrder, actor) -> bool:
    """Call inside the transaction that marks `vendor_order` delivered (after saving it).

    Writes a `cod_collected` event for this part; once no part of the order is still on its
    way and at least one was delivered, the payment becomes PAID and the order's payment status
    PAID. Returns whether the whole order is now paid. Not a COD order: nothing happens."""
    order = vendor_order.order
    if order.payment_method != PaymentMethod.COD:
        return False
    payment = Payment.objects.filter(order_id=order.pk, gateway=PaymentMethod.COD).first()
    if payment is None:
        return False
    order, payment = lock_payment(payment.pk)
    who = actor_fields(actor)
    collected = OrderEvent.objects.filter(vendor_order=vendor_order, kind="cod_collected")
    if not collected.exists():
        OrderEvent.objects.create(
            order=order,
            vendor_order=vendor_order,
            kind="cod_collected",
            data={"amount": vendor_order.total},
            **who,
        )
    statuses = list(order.vendor_orders.values_list("status", flat=True))
    finished = all(status in _DONE for status in statuses)
    if not finished or VendorOrder.Status.DELIVERED not in statuses:
        return False
    if payment.status == Payment.Status.PAID:
        return True
    collected = sum(
        vo.total for vo in order.vendor_orders.filter(status=VendorOrder.Status.DELIVERED)
    )
    payment.status = Payment.Status.PAID
    payment.save(update_fields=["status", "updated_at"])
    order.payment_status = Order.PaymentStatus.PAID
    order.save(update_fields=["payment_status", "updated_at"])
    emit(Event.ORDER_PAID, order_id=order.pk)  # the cash is collected
    OrderEvent.objects.create(
        order=order,
        kind="payment_captured",
        data={"gateway": PaymentMethod.COD.value, "payment": payment.pk, "amount": collected},
        **who,
    )
    return True
