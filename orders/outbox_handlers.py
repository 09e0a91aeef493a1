"""Outbox handlers of orders: the order emails, each claimed once (orders/emails.py), so a
handler run twice mails nothing twice."""

from marketplace.outbox.registry import handler
from orders import emails


@handler("orders.send_order_placed")
def send_order_placed(*, order_id: int) -> None:
    emails.send_order_placed(order_id)


@handler("orders.send_vendor_order_shipped")
def send_vendor_order_shipped(*, vendor_order_id: int) -> None:
    emails.send_vendor_order_shipped(vendor_order_id)
