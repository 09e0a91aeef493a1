import smtplib

from celery import shared_task

from vendors.services.certificate_expiry import send_expiry_reminders


@shared_task(
    ignore_result=True,
    autoretry_for=(OSError, smtplib.SMTPException),  # the mail server; claims roll back
    retry_backoff=True,
    max_retries=8,
)
def remind_certificates_expiring() -> int:
    """Daily: producers hear 30 days before a certificate runs out (once each)."""
    return send_expiry_reminders()
