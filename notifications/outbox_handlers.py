"""Outbox handlers of the shopper's notices: each notice is claimed before it goes
(notifications.sending), so a handler run twice sends nothing twice."""

from marketplace.outbox.registry import handler
from notifications import sending
from orders.models import VendorOrder


@handler("notifications.order_changed")
def order_changed(*, order_id: int, kind: str, vendor_order_id=None, ref=None) -> None:
    sending.send_order_notice(
        order_id=order_id, kind=kind, vendor_order_id=vendor_order_id, ref=ref
    )


@handler("notifications.order_sms")
def order_sms(*, order_id: int, kind: str, vendor_order_id=None, ref=None) -> None:
    sending.send_order_sms(order_id=order_id, kind=kind, vendor_order_id=vendor_order_id, ref=ref)


@handler("orders.send_vendor_order_shipped")
def send_vendor_order_shipped(*, vendor_order_id: int) -> None:
    """Messages recorded before the shipped e-mail became a notice of this app."""
    order_id = VendorOrder.objects.filter(pk=vendor_order_id).values_list("order_id", flat=True)
    if order_id:
        sending.send_order_notice(
            order_id=order_id[0], kind="shipped", vendor_order_id=vendor_order_id
        )
