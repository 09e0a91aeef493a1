"""Paying producers from the producers' earnings: staff create payouts for a period and export
them as CSV for the bank transfer.

A payout covers every entry of the producer not yet paid out up to the end of the period
(entries left over from earlier periods are carried in), and only when they add up to more
than nothing; a producer whose refunds outweigh its sales is carried forward. Each entry points
at the payout that settled it, so no entry is ever paid twice. Counter sales at showrooms are
never paid out here: the showroom collected that money and settles with the producer."""

import csv
import datetime
import io

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.dates import start_of_day
from marketplace.core.errors import ErrorCode, PermissionDeniedError, ServiceError
from marketplace.core.permissions import is_staff
from marketplace.outbox.events import Event, emit
from orders.lock_objects import earnings_entries_select_for_update
from orders.models import SHOWROOM_KINDS, EarningsEntry, Payout, PayoutAccount

Kind = EarningsEntry.Kind


def _check_period(period_start, period_end) -> None:
    if period_start is None or period_end is None:
        raise ServiceError.single(ErrorCode.REQUIRED, _("Give the period."), "period_start")
    if period_end < period_start:
        raise ServiceError.single(
            ErrorCode.INVALID, _("The period ends before it starts."), "period_end"
        )
    if period_end >= timezone.localdate():
        raise ServiceError.single(
            ErrorCode.INVALID, _("Pay out only for days that are over."), "period_end"
        )


def payout_create(
    *, actor, vendor=None, period_start: datetime.date, period_end: datetime.date
) -> list[Payout]:
    """One payout per producer (or for `vendor` only) with a positive unpaid balance up to the
    end of the period."""
    if not is_staff(actor):
        raise PermissionDeniedError(_("Only marketplace staff create payouts."))
    _check_period(period_start, period_end)
    with transaction.atomic():
        unpaid = EarningsEntry.objects.filter(
            payout__isnull=True, created_at__lt=start_of_day(period_end + datetime.timedelta(1))
        ).exclude(kind__in=[Kind.PAYOUT, *SHOWROOM_KINDS])
        if vendor is not None:
            unpaid = unpaid.filter(vendor=vendor)
        # Locked: a payout run at the same time waits here, then finds these entries settled.
        rows = list(
            earnings_entries_select_for_update(unpaid).values_list("pk", "vendor_id", "amount")
        )
        by_vendor: dict[int, list[tuple[int, int]]] = {}
        for pk, vendor_id, amount in rows:
            by_vendor.setdefault(vendor_id, []).append((pk, amount))
        accounts = PayoutAccount.objects.in_bulk(by_vendor.keys(), field_name="vendor_id")
        payouts = []
        for vendor_id, entries in sorted(by_vendor.items()):
            total = sum(amount for _pk, amount in entries)
            if total <= 0:
                continue
            account = accounts.get(vendor_id)
            payout = Payout.objects.create(
                vendor_id=vendor_id,
                period_start=period_start,
                period_end=period_end,
                amount=total,
                bank_name=account.bank_name if account else "",
                bank_account_number=account.account_number if account else "",
                bank_account_holder=account.account_holder if account else "",
                created_by=actor,
            )
            settled = EarningsEntry.objects.filter(
                pk__in=[pk for pk, _amount in entries], payout__isnull=True
            ).update(payout=payout)
            if settled != len(entries):  # pragma: no cover - the lock above prevents it
                raise RuntimeError("earnings entries were settled by another payout")
            EarningsEntry.objects.create(
                vendor_id=vendor_id,
                kind=Kind.PAYOUT,
                component=EarningsEntry.Component.PAYOUT,
                amount=-total,
                payout=payout,
            )
            payouts.append(payout)
            emit(Event.PAYOUT_CREATED, payout_id=payout.pk)
        return payouts


CSV_COLUMNS = (
    "payout_id",
    "vendor",
    "legal_name",
    "tax_code",
    "bank_name",
    "account_number",
    "account_holder",
    "amount_vnd",
    "period_start",
    "period_end",
    "transfer_note",
)


def _cell(value) -> str:
    """Text as a spreadsheet shows it, never as a formula (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def payouts_csv(*, payouts) -> str:
    """The bank-transfer sheet: one row per payout, amounts in whole đồng."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for payout in payouts:
        vendor = payout.vendor
        writer.writerow(
            [
                payout.pk,
                _cell(vendor.name),
                _cell(vendor.legal_name),
                _cell(vendor.tax_code),
                _cell(payout.bank_name),
                _cell(payout.bank_account_number),
                _cell(payout.bank_account_holder),
                payout.amount,
                payout.period_start.isoformat(),
                payout.period_end.isoformat(),
                f"OCOP {payout.pk} {payout.period_start:%d/%m/%Y}-{payout.period_end:%d/%m/%Y}",
            ]
        )
    return buffer.getvalue()
