"""The producer's own vouchers (Mã giảm giá): the list with their uses, and a form to create
one. They apply to this producer's goods only; platform vouchers are made in the admin."""

import datetime

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frontend_templates.dashboard.common import (
    denied_as_403,
    field_errors,
    parse_int,
    shown_errors,
    vendor_page,
)
from marketplace.core.errors import ServiceError
from promotions.models import Voucher
from promotions.selectors import vouchers_of_producer
from promotions.services import VoucherInput, voucher_create

FIELDS = (
    "code",
    "description",
    "kind",
    "value",
    "max_discount",
    "min_order",
    "ends_at",
    "usage_limit",
    "per_shopper_limit",
)


def _optional_int(text):
    return parse_int(text, -1) if (text or "").strip() else None


def _input(values: dict) -> tuple[VoucherInput, dict]:
    """The service's input from the form's text, and the errors of text that reads as
    nothing (a date that is not one)."""
    errors, ends_at = {}, None
    if values["ends_at"]:
        try:
            day = datetime.date.fromisoformat(values["ends_at"])
            # To the end of that day, the shopper's (Vietnam's) time.
            ends_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
        except ValueError:
            errors["ends_at"] = [_("Give a date like 2025-03-31.")]
    data = VoucherInput(
        code=values["code"],
        description=values["description"],
        kind=values["kind"],
        value=parse_int(values["value"], 0),
        max_discount=_optional_int(values["max_discount"]),
        min_order=parse_int(values["min_order"], 0) if values["min_order"] else 0,
        starts_at=timezone.now(),
        ends_at=ends_at,
        usage_limit=_optional_int(values["usage_limit"]),
        per_shopper_limit=_optional_int(values["per_shopper_limit"]),
        first_order_only=bool(values.get("first_order_only")),
    )
    return data, errors


@require_http_methods(["GET", "POST"])
@vendor_page
def vouchers(request, vendor):
    values = {field: request.POST.get(field, "").strip() for field in FIELDS}
    values["kind"] = values["kind"] or Voucher.Kind.PERCENTAGE
    values["first_order_only"] = request.POST.get("first_order_only") == "1"
    errors: dict = {}
    if request.method == "POST":
        data, errors = _input(values)
        if not errors:
            try:
                with denied_as_403():
                    voucher_create(actor=request.user, vendor=vendor, data=data)
            except ServiceError as error:
                errors = shown_errors(field_errors(error), FIELDS)
            else:
                return redirect("dashboard:vouchers")
    context = {
        "vendor": vendor,
        "vouchers": vouchers_of_producer(vendor),
        "values": values,
        "errors": errors,
        "kinds": Voucher.Kind.choices,
    }
    return render(request, "dashboard/vouchers.html", context, status=400 if errors else 200)
