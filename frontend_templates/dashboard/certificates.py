"""The producer's OCOP certificates, and recording a new decision with its scan."""

import datetime

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from catalog.models import Category
from frontend_templates.dashboard.common import (
    denied_as_403,
    field_errors,
    parse_int,
    shown_errors,
    vendor_page,
)
from marketplace.core.errors import ServiceError
from vendors.models import OcopCertificate
from vendors.services.certificates import certificate_create

FIELDS = (
    "product_name",
    "product_set",
    "decision_number",
    "decision_date",
    "issuing_body",
    "level",
    "stars",
    "score",
)


def product_sets():
    return Category.objects.filter(level=Category.Level.PRODUCT_SET).order_by("code")


@require_GET
@vendor_page
def certificate_list(request, vendor):
    certificates = OcopCertificate.objects.filter(vendor=vendor).select_related("product_set")
    return render(
        request,
        "dashboard/certificates.html",
        {"vendor": vendor, "certificates": certificates.order_by("-decision_date", "-pk")},
    )


@require_http_methods(["GET", "POST"])
@vendor_page
def certificate_new(request, vendor):
    values = {field: request.POST.get(field, "") for field in FIELDS}
    errors = {}
    if request.method == "POST":
        arguments, date_error = _arguments(values)
        try:
            document = request.FILES.get("document")
            with denied_as_403():
                certificate_create(
                    vendor=vendor, actor=request.user, document=document, **arguments
                )
        except ServiceError as error:
            errors = shown_errors(field_errors(error), (*FIELDS, "document"))
            if date_error:  # say why the typed date was not read, not that it is missing
                errors["decision_date"] = [date_error]
        else:
            return redirect("dashboard:certificates")
    context = {
        "vendor": vendor,
        "values": values,
        "errors": errors,
        "product_sets": product_sets(),
        "levels": OcopCertificate.Level.choices,
    }
    return render(
        request, "dashboard/certificate_form.html", context, status=400 if errors else 200
    )


def _arguments(values: dict) -> tuple[dict, str]:
    """The service's types from the typed text; text that reads as nothing is passed as None
    for the service to report, with the reason a date could not be read."""
    arguments = dict(values)
    arguments["product_set"] = Category.objects.filter(
        pk=parse_int(values["product_set"], 0)
    ).first()
    arguments["stars"] = parse_int(values["stars"])
    arguments["score"] = parse_int(values["score"])
    arguments["decision_date"], date_error = None, ""
    if values["decision_date"]:
        try:
            arguments["decision_date"] = datetime.date.fromisoformat(values["decision_date"])
        except ValueError:
            date_error = _("Give a date like 2025-03-31.")
    return arguments, date_error
