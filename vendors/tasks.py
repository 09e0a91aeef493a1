import logging
import smtplib

from celery import shared_task

from vendors.services.certificate_expiry import send_expiry_reminders
from vendors.services.national_check import national_cross_check

logger = logging.getLogger(__name__)


@shared_task(
    ignore_result=True,
    autoretry_for=(OSError, smtplib.SMTPException),  # the mail server; claims roll back
    retry_backoff=True,
    max_retries=8,
)
def remind_certificates_expiring() -> int:
    """Daily: producers hear 30 days before a certificate runs out (once each)."""
    return send_expiry_reminders()


class PortalUnavailable(Exception):
    pass


@shared_task(
    ignore_result=True,
    autoretry_for=(PortalUnavailable,),
    retry_backoff=600,  # the portal is down: try again in 10, 20, 40 minutes
    max_retries=3,
)
def cross_check_national_registry() -> dict:
    """Weekly: compare verified certificates with the national OCOP portal and flag what
    differs for staff (vendors.services.national_check). Changes no certificate."""
    report = national_cross_check(actor=None)
    logger.info(
        "national cross-check: %s checked, %s matched, %s flagged, %s not found, %s failed",
        report.checked, report.matched, len(report.flagged), report.not_found,
        len(report.failed),
    )  # fmt: skip
    if report.aborted:
        raise PortalUnavailable(report.aborted)
    return {"checked": report.checked, "flagged": len(report.flagged)}
