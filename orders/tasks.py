"""Celery tasks of orders: thin, they call the services; each is idempotent. (The order
emails go through the outbox: orders/outbox_handlers.py.)"""

import smtplib

from celery import shared_task

from orders.services import expiry, housekeeping

# Mail servers fail now and then: retry with growing pauses (each email is claimed once, and a
# failed send releases its claim, so a retry never mails twice).
MAIL_RETRY = {
    "autoretry_for": (OSError, smtplib.SMTPException),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 8,
}


@shared_task(ignore_result=True)
def delete_expired_checkouts() -> int:
    return housekeeping.delete_expired_checkouts()


@shared_task(ignore_result=True, **MAIL_RETRY)
def send_monthly_statements() -> int:
    return housekeeping.send_monthly_statements()


# Named after the module it was first defined in: the beat schedule and queued messages know
# it by that name.
@shared_task(name="orders.payments.tasks.expire_unpaid_orders", ignore_result=True)
def expire_unpaid_orders() -> int:
    return expiry.expire_unpaid_orders()
