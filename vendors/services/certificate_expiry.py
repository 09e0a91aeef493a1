"""Certificates running out: producers are told 30 days ahead so they can renew with the
province in time (catalog refreshes the products' search documents once they expire)."""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from vendors.models import OcopCertificate
from vendors.selectors import manager_emails

REMINDER_DAYS = 30


def send_expiry_reminders(*, today: datetime.date | None = None) -> int:
    """Email the owners and managers of producers whose verified certificate expires within
    30 days, once per certificate; returns how many certificates were announced."""
    today = today or timezone.localdate()
    due = OcopCertificate.objects.filter(
        verification_status=OcopCertificate.Verification.VERIFIED,
        revoked=False,
        valid_until__gte=today,
        valid_until__lte=today + datetime.timedelta(days=REMINDER_DAYS),
        expiry_reminder_sent_at__isnull=True,
    ).select_related("vendor")
    sent = 0
    for certificate in due:
        with transaction.atomic():
            # Claim first: a second run (or worker) finds it claimed and skips it.
            claimed = OcopCertificate.objects.filter(
                pk=certificate.pk, expiry_reminder_sent_at__isnull=True
            ).update(expiry_reminder_sent_at=timezone.now())
            if not claimed:
                continue
            _send(certificate, manager_emails(certificate.vendor), today)
            sent += 1
    return sent


def _send(certificate: OcopCertificate, recipients: list[str], today: datetime.date) -> None:
    context = {
        "certificate": certificate,
        "vendor": certificate.vendor,
        "days_left": (certificate.valid_until - today).days,
        "site_url": settings.SITE_URL,
    }
    with translation.override("vi"):
        subject = render_to_string("vendors/email/certificate_expiring_subject.txt", context)
        body = render_to_string("vendors/email/certificate_expiring.txt", context)
    EmailMessage(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, recipients).send()
