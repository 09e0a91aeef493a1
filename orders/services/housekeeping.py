"""Scheduled upkeep of the orders app: abandoned checkouts go, producers get their monthly
statement. Both are idempotent: running twice does nothing more."""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from marketplace.core.batches import delete_in_batches
from marketplace.core.money import format_vnd
from orders.earnings_selectors import first_of_month, vendor_statements
from orders.models import Checkout, EarningsEntry, StatementNotice
from vendors.models import Vendor
from vendors.selectors import manager_emails

BATCH = 1000


def delete_expired_checkouts(*, now=None) -> int:
    """Checkouts past their expiry (never completed): deleted with their lines, in batches so
    that a large backlog never holds long locks."""
    now = now or timezone.now()
    return delete_in_batches(Checkout.objects.filter(expires_at__lte=now), batch=BATCH)


def _previous_month(today: datetime.date) -> datetime.date:
    return first_of_month(first_of_month(today) - datetime.timedelta(days=1))


def send_monthly_statements(*, today: datetime.date | None = None) -> int:
    """Mail each producer with earnings entries last month its statement, once; returns how many
    went out."""
    month = _previous_month(today or timezone.localdate())
    vendor_ids = (
        EarningsEntry.objects.filter(created_at__date__gte=month, created_at__date__lt=_next(month))
        .values_list("vendor_id", flat=True)
        .distinct()
    )
    sent = 0
    for vendor in Vendor.objects.filter(pk__in=list(vendor_ids)).order_by("pk"):
        statement = vendor_statements(vendor, month)[0]
        try:
            with transaction.atomic():
                StatementNotice.objects.create(
                    vendor=vendor, month=month, closing_balance=statement.closing_balance
                )
                _mail(vendor, statement)
        except IntegrityError:  # another run mailed it already
            continue
        sent += 1
    return sent


def _next(month: datetime.date) -> datetime.date:
    return first_of_month(month + datetime.timedelta(days=32))


def _mail(vendor, statement) -> None:
    recipients = manager_emails(vendor)
    kinds = EarningsEntry.Kind
    context = {
        "vendor": vendor,
        "month": statement.month,
        "opening": format_vnd(statement.opening_balance, language="vi"),
        "sales": format_vnd(statement.total(kinds.SALE), language="vi"),
        "commission": format_vnd(statement.total(kinds.COMMISSION), language="vi"),
        "withholding": format_vnd(statement.total(kinds.WITHHOLDING), language="vi"),
        "refunds": format_vnd(statement.total(kinds.REFUND), language="vi"),
        "payouts": format_vnd(statement.total(kinds.PAYOUT), language="vi"),
        "showroom_sales": statement.total(kinds.SHOWROOM_SALE)
        and format_vnd(statement.total(kinds.SHOWROOM_SALE), language="vi"),
        "showroom_commission": format_vnd(
            statement.total(kinds.SHOWROOM_COMMISSION), language="vi"
        ),
        "showroom_collected": format_vnd(statement.total(kinds.SHOWROOM_COLLECTED), language="vi"),
        "closing": format_vnd(statement.closing_balance, language="vi"),
        "site_url": settings.SITE_URL,
    }
    with translation.override("vi"):
        subject = render_to_string("orders/email/statement_subject.txt", context)
        body = render_to_string("orders/email/statement.txt", context)
    EmailMessage(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, recipients).send()
