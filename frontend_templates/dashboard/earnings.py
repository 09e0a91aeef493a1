"""Earnings: the balance, a chart of monthly sales, the monthly statements and the payouts.
All read from the earnings selectors; the chart is inline SVG drawn by `chart`."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from frontend_templates.dashboard.chart import Bar, last_months, sales_chart
from frontend_templates.dashboard.common import vendor_page
from orders.earnings_selectors import vendor_balance, vendor_statements
from orders.models import EarningsEntry, Payout

MONTHS = 12


@require_GET
@vendor_page
def earnings(request, vendor):
    statements = vendor_statements(vendor, last=MONTHS)
    sales = {s.month: s.sales for s in statements}  # online and at showrooms' counters
    bars = [Bar(month, sales.get(month, 0)) for month in last_months(timezone.localdate(), MONTHS)]
    context = {
        "vendor": vendor,
        "balance": vendor_balance(vendor),
        "chart": sales_chart(bars),
        "bars": bars,
        "statements": [
            (
                statement,
                [(label, statement.total(kind)) for kind, label in EarningsEntry.Kind.choices],
            )
            for statement in statements
        ],
        "kinds": [label for _kind, label in EarningsEntry.Kind.choices],
        "payouts": Payout.objects.filter(vendor=vendor).order_by("-created_at", "-pk")[:24],
    }
    return render(request, "dashboard/earnings.html", context)
