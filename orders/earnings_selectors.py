"""What producers read about their money: the balance owed to them and monthly statements."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from marketplace.core.dates import start_of_day
from orders.models import EarningsEntry, Order, VendorOrder

Kind = EarningsEntry.Kind
ON_THE_WAY = (
    VendorOrder.Status.UNCONFIRMED,
    VendorOrder.Status.CONFIRMED,
    VendorOrder.Status.SHIPPED,
)


@dataclass(frozen=True)
class VendorBalance:
    balance: int  # owed to the producer by the platform now: every entry, payouts included
    earned: int  # sales (online and at showrooms' counters) less commissions, tax, refunds, ever
    paid_out: int  # paid out by the platform, ever
    on_the_way: int  # goods and shipping of paid parts not delivered yet (not earned yet)
    # Counter sales less the showrooms' commission: the showrooms collected it and owe it to
    # the producer under their agreements (earned, but never in the platform's balance).
    held_by_showrooms: int = 0


def _totals_by_kind(entries) -> dict[str, int]:
    rows = entries.values("kind").annotate(total=Sum("amount")).order_by()
    return {row["kind"]: row["total"] for row in rows}


def vendor_balance(vendor) -> VendorBalance:
    totals = _totals_by_kind(EarningsEntry.objects.filter(vendor=vendor))
    paid_out = -totals.get(Kind.PAYOUT, 0)
    held_by_showrooms = -totals.get(Kind.SHOWROOM_COLLECTED, 0)
    earned = sum(
        total
        for kind, total in totals.items()
        if kind not in (Kind.PAYOUT, Kind.SHOWROOM_COLLECTED)
    )
    coming = (
        VendorOrder.objects.filter(vendor=vendor, status__in=ON_THE_WAY)
        .exclude(order__status__in=[Order.Status.UNPAID, Order.Status.EXPIRED])
        .aggregate(goods=Sum("subtotal"), shipping=Sum("shipping_price"))
    )
    return VendorBalance(
        balance=earned - paid_out - held_by_showrooms,
        earned=earned,
        paid_out=paid_out,
        on_the_way=(coming["goods"] or 0) + (coming["shipping"] or 0),
        held_by_showrooms=held_by_showrooms,
    )


@dataclass
class VendorStatement:
    month: datetime.date  # its first day
    opening_balance: int
    entries: list[EarningsEntry] = field(default_factory=list)

    def total(self, kind: str) -> int:
        return sum(e.amount for e in self.entries if e.kind == kind)

    @property
    def sales(self) -> int:
        """Online sales delivered and counter sales at showrooms (before any commission)."""
        return self.total(Kind.SALE) + self.total(Kind.SHOWROOM_SALE)

    @property
    def closing_balance(self) -> int:
        return self.opening_balance + sum(e.amount for e in self.entries)


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def vendor_statements(vendor, month: datetime.date | None = None, *, last: int = 12):
    """The statement of `month` (any day of it), or of each of the last `last` months with
    entries, newest first. Months run in the marketplace's time zone."""
    if month is not None:
        months = [first_of_month(month)]
    else:
        found = (
            EarningsEntry.objects.filter(vendor=vendor)
            .annotate(month=TruncMonth("created_at", tzinfo=timezone.get_current_timezone()))
            .values_list("month", flat=True)
            .distinct()
            .order_by("-month")[:last]
        )
        months = sorted({_as_date(value) for value in found})
    if not months:
        return []
    start, end = start_of_day(months[0]), start_of_day(next_month(months[-1]))
    entries = EarningsEntry.objects.filter(vendor=vendor)
    opening = entries.filter(created_at__lt=start).aggregate(total=Sum("amount"))["total"] or 0
    statements = {m: VendorStatement(month=m, opening_balance=0) for m in months}
    for entry in entries.filter(created_at__gte=start, created_at__lt=end).select_related(
        "vendor_order__order", "pos_sale_line__sale__location"
    ):
        day = timezone.localtime(entry.created_at).date()
        statement = statements.get(first_of_month(day))
        if statement is not None:
            statement.entries.append(entry)
    for m in months:  # months between those listed have no entries: the balance carries
        statements[m].opening_balance = opening
        opening = statements[m].closing_balance
    return [statements[m] for m in reversed(months)]


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value
