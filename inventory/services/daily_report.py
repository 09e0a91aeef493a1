"""The end-of-day report of a showroom's counter: sales by producer (with the commission each
consignment agreement gives the showroom, and what the producer is owed) and by means of
payment, for one day in Vietnam's time, and the same as CSV for the accountant."""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory.access import require_location_access
from inventory.models import PosSale, PosSaleLine


@dataclass(frozen=True)
class ProducerLine:
    vendor_id: int
    vendor_name: str
    units: int
    sales: int  # đồng
    commission: int  # the showroom's
    rates: tuple  # the agreements' commission rates (percent) that applied
    producer_amount: int  # what the producer is owed


@dataclass(frozen=True)
class MethodLine:
    paid_with: str
    label: str
    sales_count: int
    total: int


@dataclass
class DailyReport:
    location: object
    day: datetime.date
    sales_count: int = 0
    total: int = 0
    commission: int = 0
    producers: list[ProducerLine] = field(default_factory=list)
    methods: list[MethodLine] = field(default_factory=list)

    @property
    def producer_total(self) -> int:
        return self.total - self.commission


def _day_bounds(day: datetime.date):
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


def showroom_daily_report(*, actor, location, day: datetime.date) -> DailyReport:
    """Who may see the showroom's stock may see its day (its clerks included)."""
    require_location_access(actor, location)
    start, end = _day_bounds(day)
    sales = PosSale.objects.filter(location=location, created_at__gte=start, created_at__lt=end)
    lines = PosSaleLine.objects.filter(sale__in=sales)
    report = DailyReport(location=location, day=day)
    labels = dict(PosSale.PaidWith.choices)
    by_method = sales.values("paid_with").annotate(n=Count("pk"), total=Sum("total"))
    for row in by_method.order_by("paid_with"):
        label = str(labels.get(row["paid_with"], ""))
        report.methods.append(MethodLine(row["paid_with"], label, row["n"], row["total"]))
        report.sales_count += row["n"]
        report.total += row["total"]
    rates: dict[int, set] = {}
    for vendor_id, rate in lines.values_list("vendor_id", "commission_rate").distinct():
        rates.setdefault(vendor_id, set()).add(rate)
    grouped = (
        lines.values("vendor_id", "vendor__name")
        .annotate(
            units=Sum("quantity"), sales=Sum("line_total"), commission=Sum("commission_amount")
        )
        .order_by("vendor__name", "vendor_id")
    )
    for row in grouped:
        report.producers.append(
            ProducerLine(
                vendor_id=row["vendor_id"],
                vendor_name=row["vendor__name"],
                units=row["units"],
                sales=row["sales"],
                commission=row["commission"],
                rates=tuple(sorted(rates.get(row["vendor_id"], ()))),
                producer_amount=row["sales"] - row["commission"],
            )
        )
        report.commission += row["commission"]
    return report


def daily_report_csv(*, report: DailyReport) -> str:
    """The report as CSV (UTF-8 with a byte-order mark, so Excel shows Vietnamese): the
    producers' lines, then the means of payment, amounts in whole đồng."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_("Showroom"), str(report.location), _("Day"), report.day.isoformat()])
    writer.writerow([])
    writer.writerow(
        [_("Producer"), _("Units"), _("Sales"), _("Commission (%)"), _("Commission"),
         _("Owed to the producer")]
    )  # fmt: skip
    for line in report.producers:
        rates = " / ".join(format(rate.normalize(), "f") for rate in line.rates)
        writer.writerow(
            [_safe(line.vendor_name), line.units, line.sales, rates, line.commission,
             line.producer_amount]
        )  # fmt: skip
    writer.writerow([_("Total"), "", report.total, "", report.commission, report.producer_total])
    writer.writerow([])
    writer.writerow([_("Paid with"), _("Sales"), _("Amount")])
    for method in report.methods:
        writer.writerow([method.label, method.sales_count, method.total])
    writer.writerow([_("Total"), report.sales_count, report.total])
    return buffer.getvalue()


def _safe(value: str) -> str:
    """A producer's name starting like a formula must not run in Excel."""
    return f"'{value}" if value.startswith(("=", "+", "-", "@")) else value
