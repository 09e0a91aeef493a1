"""The showroom console: the stock of the locations a person works at, a spreadsheet upload
that sets the counts, and an export. Plain pages for now; thin: selectors read, services write
and check permissions (PermissionDeniedError → 403)."""

import secrets
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from inventory import selectors
from inventory.access import require_location_access
from inventory.models import Location
from inventory.services.spreadsheets import (
    MAX_SHEET_BYTES,
    MAX_SHEET_ROWS,
    stock_export_csv,
    stock_sheet_import,
)
from inventory.services.sync import SyncStatus
from marketplace.core.errors import PermissionDeniedError, ServiceError
from marketplace.core.files import size_label
from marketplace.core.text import slugify_vi

PAGE_SIZE = 100


def _location(request, pk: int) -> Location:
    location = get_object_or_404(Location.objects.select_related("commune__province"), pk=pk)
    try:
        require_location_access(request.user, location)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.errors[0].message) from None
    return location


@require_GET
@login_required
def index(request):
    locations = selectors.locations_of(request.user).select_related(
        "commune__province", "vendor", "operator"
    )
    return render(request, "showroom/index.html", {"locations": locations})


@require_GET
@login_required
def stock(request, pk: int):
    location = _location(request, pk)
    search = request.GET.get("q", "").strip()[:100]
    low_stock = request.GET.get("low") == "1"
    levels = selectors.stock_levels(location, search=search or None, low_stock=low_stock)
    page = Paginator(levels, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "showroom/stock.html",
        {
            "location": location,
            "page": page,
            "search": search,
            "low_stock": low_stock,
            "page_query": urlencode({"q": search, **({"low": "1"} if low_stock else {})}),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def stock_import(request, pk: int):
    location = _location(request, pk)
    context = {
        "location": location,
        "report": None,
        "errors": [],
        "limit": _("%(size)s, %(rows)s rows")
        % {
            "size": size_label(MAX_SHEET_BYTES),
            "rows": number_format(MAX_SHEET_ROWS, force_grouping=True),
        },
    }
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["errors"] = [_("Choose a file to upload.")]
        else:
            # Read one byte past the limit: enough for the service to refuse a larger file.
            content = upload.read(MAX_SHEET_BYTES + 1)
            try:
                context["report"] = stock_sheet_import(
                    actor=request.user,
                    location=location,
                    filename=upload.name,
                    content=content,
                    idempotency_key=request.POST.get("submission", "")[:64],
                )
            except PermissionDeniedError as error:
                raise PermissionDenied(error.errors[0].message) from None
            except ServiceError as error:
                context["errors"] = [e.message for e in error.errors]
        if context["report"] is not None:
            labels = status_labels()
            context["report_rows"] = [(row, labels[row.status]) for row in context["report"].rows]
    # A fresh token for the next upload; a resubmitted form sends the old one again.
    context["submission"] = secrets.token_urlsafe(16)
    status = 400 if context["errors"] else 200
    return render(request, "showroom/import.html", context, status=status)


@require_GET
@login_required
def stock_export(request, pk: int):
    location = _location(request, pk)
    content = stock_export_csv(actor=request.user, location=location)
    name = f"ton-kho-{slugify_vi(location.name, max_length=60)}-{timezone.localdate()}.csv"
    response = HttpResponse(content.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def status_labels() -> dict[str, str]:
    return {
        SyncStatus.APPLIED: _("Applied"),
        SyncStatus.STALE: _("Changed meanwhile"),
        SyncStatus.UNKNOWN_SKU: _("Unknown SKU"),
        SyncStatus.NOT_CONSIGNED: _("Not consigned here"),
        SyncStatus.WOULD_GO_NEGATIVE: _("Below allocated"),
        SyncStatus.INVALID: _("Bad row"),
    }
