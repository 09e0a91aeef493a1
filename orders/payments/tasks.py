"""Celery tasks of payments: thin, they call the services (listed in CELERY_IMPORTS)."""

from celery import shared_task

from orders.services import expiry


@shared_task(ignore_result=True)
def expire_unpaid_orders() -> int:
    return expiry.expire_unpaid_orders()
