"""Stock per location: the producer's warehouses and the showrooms that hold its goods on
consignment, each with its rows (only this producer's variants) and low-stock marks."""

from django.db.models import Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from frontend_templates.dashboard.common import vendor_page
from inventory.models import Location
from inventory.selectors import stock_levels


@require_GET
@vendor_page
def stock(request, vendor):
    search = request.GET.get("q", "").strip()[:100]
    low_stock = request.GET.get("low") == "1"
    # Its warehouses, and showrooms holding some of its goods (a showroom's other rows belong
    # to other producers and are left out below).
    locations = (
        Location.objects.filter(Q(vendor=vendor) | Q(stocks__variant__vendor=vendor))
        .select_related("commune__province")
        .distinct()
        .order_by("kind", "name")
    )
    tables = []
    for location in locations:
        rows = stock_levels(location, search=search or None, low_stock=low_stock).filter(
            variant__vendor=vendor
        )
        tables.append((location, list(rows[:500])))
    context = {"vendor": vendor, "tables": tables, "search": search, "low_stock": low_stock}
    return render(request, "dashboard/stock.html", context)
