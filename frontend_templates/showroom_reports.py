"""The showroom console's end-of-day report (and its CSV) and its settings: the bank account
the counter's VietQR codes pay into, the POS connections with their last report, a sync on
demand, and the item mapping table. Thin: services decide and check permissions."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from catalog.models import ProductVariant
from frontend_templates.showroom import _location, status_labels
from inventory.models import PosConnection, PosSkuMapping, ShowroomBankAccount
from inventory.services import pos_connections
from inventory.services.access import can_manage_location
from inventory.services.consignment import consigned_vendor_ids
from inventory.services.daily_report import daily_report_csv, showroom_daily_report
from marketplace.core.errors import PermissionDeniedError, ServiceError
from marketplace.core.text import slugify_vi


def _day(request) -> datetime.date:
    return parse_date(request.GET.get("date", "") or "") or timezone.localdate()


def _report(request, pk):
    location = _location(request, pk)
    day = _day(request)
    try:
        return location, showroom_daily_report(actor=request.user, location=location, day=day)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.errors[0].message) from None


@require_GET
@login_required
def daily_report(request, pk: int):
    location, report = _report(request, pk)
    return render(request, "showroom/report.html", {"location": location, "report": report})


@require_GET
@login_required
def daily_report_export(request, pk: int):
    location, report = _report(request, pk)
    name = f"ban-hang-{slugify_vi(location.name, max_length=60)}-{report.day}.csv"
    response = HttpResponse(
        daily_report_csv(report).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _act(request, location) -> list[str]:
    """Do what the posted form asks; the errors to show."""
    action = request.POST.get("action", "")
    connection = None
    if request.POST.get("connection"):
        connection = get_object_or_404(
            PosConnection, pk=request.POST.get("connection"), location=location
        )
    try:
        if action == "bank":
            pos_connections.showroom_bank_account_set(
                actor=request.user,
                location=location,
                bank_bin=request.POST.get("bank_bin", "")[:10],
                account_number=request.POST.get("account_number", "")[:40],
                account_name=request.POST.get("account_name", "")[:100],
            )
        elif action == "sync" and connection is not None:
            pos_connections.pos_connection_sync_request(
                actor=request.user, connection=connection, full=request.POST.get("full") == "1"
            )
        elif action == "map" and connection is not None:
            variant = ProductVariant.objects.filter(
                sku=request.POST.get("sku", "").strip()[:64],
                vendor_id__in=consigned_vendor_ids(location),
            ).first()
            if variant is None:
                return [_("No product has this SKU.")]
            pos_connections.pos_mapping_set(
                actor=request.user,
                connection=connection,
                external_code=request.POST.get("external_code", ""),
                variant=variant,
            )
        elif action == "unmap" and connection is not None:
            mapping = get_object_or_404(
                PosSkuMapping, pk=request.POST.get("mapping"), connection=connection
            )
            pos_connections.pos_mapping_delete(actor=request.user, mapping=mapping)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.errors[0].message) from None
    except ServiceError as error:
        return [e.message for e in error.errors]
    return []


@require_http_methods(["GET", "POST"])
@login_required
def settings_page(request, pk: int):
    location = _location(request, pk)
    errors = []
    if request.method == "POST":
        errors = _act(request, location)
        if not errors:
            return redirect(request.path + "?done=1")
    connections = PosConnection.objects.filter(location=location).prefetch_related(
        "mappings__variant"
    )
    labels = status_labels()
    context = {
        "location": location,
        "errors": errors,
        "done": request.GET.get("done") == "1",
        "can_manage": can_manage_location(request.user, location),
        "bank": ShowroomBankAccount.objects.filter(location=location).first(),
        "connections": [
            (c, [(row, labels.get(row.get("status"), "")) for row in c.last_report.get("rows", [])])
            for c in connections
        ],
    }
    return render(request, "showroom/settings.html", context, status=400 if errors else 200)
