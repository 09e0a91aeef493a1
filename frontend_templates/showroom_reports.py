"""The showroom console's end-of-day report and its CSV. Thin: the service decides and checks
permissions (who may see the showroom's stock may see its day)."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_GET

from frontend_templates.showroom import _location
from inventory.services.daily_report import daily_report_csv, showroom_daily_report
from marketplace.core.errors import PermissionDeniedError
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
        daily_report_csv(report=report).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
