"""Celery tasks of orders: thin, they take IDs and call the services; each is idempotent."""

from celery import shared_task

from orders import emails


@shared_task(ignore_result=True)
def send_order_placed(order_id: int) -> int:
    return emails.send_order_placed(order_id)


@shared_task(ignore_result=True)
def send_vendor_order_shipped(vendor_order_id: int) -> int:
    return emails.send_vendor_order_shipped(vendor_order_id)
