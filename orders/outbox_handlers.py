"""Outbox handlers of orders: the producers' new-order emails, each claimed once
(orders/emails.py), so a handler run twice mails nothing twice. The shopper's notices are the
`notifications` app's handlers."""

from marketplace.outbox.registry import handler
from orders import emails


@handler("orders.send_order_placed")
def send_order_placed(*, order_id: int) -> None:
    emails.send_order_placed(order_id)
