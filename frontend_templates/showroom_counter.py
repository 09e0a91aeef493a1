"""The showroom counter: record an over-the-counter sale and hand click-and-collect orders over
against their pickup code. Thin: inventory.services.pos and orders.services.pickup decide and
check permissions; these views parse the form, call one service and show its errors."""

import re
import secrets

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frontend_templates.numbers import typed_whole_number as whole_number
from frontend_templates.showroom import _location
from inventory import selectors
from inventory.models import PosSale
from inventory.services.pos import PosLine, pos_sale_record
from marketplace.core.errors import PermissionDeniedError, ServiceError
from orders.services.pickup import pickup_hand_over, pickups_for

SALE_ROWS = 6  # a counter sale rarely has more lines; a longer one is recorded in two
SKU_CHOICES = 500  # the SKU list offered as you type; a bigger showroom types the rest
LINE_FIELD = re.compile(r"^lines\.(\d+)\.(\w+)$")
SERVICE_FIELDS = {"sku": "sku", "quantity": "quantity", "unitPrice": "unit_price"}


def _read_rows(post, prices: dict[str, int]):
    """The typed rows (kept for the page), the service lines and the rows they came from."""
    rows, lines, origin = [], [], []
    for i in range(SALE_ROWS):
        row = {
            "sku": post.get(f"sku-{i}", "").strip()[:64],
            "quantity": post.get(f"quantity-{i}", "").strip()[:32],
            "unit_price": post.get(f"unit_price-{i}", "").strip()[:32],
            "errors": {},
        }
        rows.append(row)
        if not (row["sku"] or row["quantity"] or row["unit_price"]):
            continue
        quantity = whole_number(row["quantity"] or "1")
        price = whole_number(row["unit_price"]) if row["unit_price"] else prices.get(row["sku"])
        if quantity is None:
            row["errors"]["quantity"] = _("The quantity is a whole number above 0.")
        if row["unit_price"] and price is None:
            row["errors"]["unit_price"] = _("The price is a whole number of đồng.")
        elif price is None:  # a SKU not stocked here has no price to fill in
            row["errors"]["unit_price"] = _("Enter the unit price.")
        lines.append(PosLine(row["sku"], quantity or 0, price or 0))
        origin.append(i)
    return rows, lines, origin


def _place_errors(error: ServiceError, rows, origin) -> list[str]:
    """Each service error next to its row and field; the rest above the form."""
    general = []
    for item in error.errors:
        match = LINE_FIELD.match(item.field or "")
        if match and int(match[1]) < len(origin) and match[2] in SERVICE_FIELDS:
            rows[origin[int(match[1])]]["errors"][SERVICE_FIELDS[match[2]]] = item.message
        else:
            general.append(item.message)
    return general


@require_http_methods(["GET", "POST"])
@login_required
def sale(request, pk: int):
    location = _location(request, pk)
    stock = selectors.stock_levels(location)
    context = {"location": location, "stock": stock[:SKU_CHOICES], "errors": [], "outcome": None}
    rows = [{"sku": "", "quantity": "", "unit_price": "", "errors": {}}] * SALE_ROWS
    paid_with = PosSale.PaidWith.CASH
    if request.method == "POST":
        paid_with = request.POST.get("paid_with", "")
        typed = {request.POST.get(f"sku-{i}", "").strip() for i in range(SALE_ROWS)} - {""}
        prices = dict(
            stock.filter(variant__sku__in=typed).values_list("variant__sku", "variant__price")
        )
        rows, lines, origin = _read_rows(request.POST, prices)
        if any(row["errors"] for row in rows):
            context["errors"] = [_("Correct the marked lines.")]
        elif not lines:
            context["errors"] = [_("Enter at least one line: a SKU and its quantity.")]
        else:
            try:
                context["outcome"] = pos_sale_record(
                    actor=request.user,
                    location=location,
                    client_sale_id=request.POST.get("sale", "")[:128],
                    lines=lines,
                    paid_with=paid_with,
                )
            except PermissionDeniedError as error:
                raise PermissionDenied(error.errors[0].message) from None
            except ServiceError as error:
                # Errors placed on their lines leave nothing general: still a failure.
                context["errors"] = _place_errors(error, rows, origin) or [
                    _("Correct the marked lines.")
                ]
        if not context["errors"]:
            rows = [{"sku": "", "quantity": "", "unit_price": "", "errors": {}}] * SALE_ROWS
            paid_with = PosSale.PaidWith.CASH
    context.update(
        rows=list(enumerate(rows)),
        paid_with=paid_with,
        paid_with_choices=PosSale.PaidWith.choices,
        # A fresh one-time id for the next submission; a resubmitted form sends its old one
        # again and the service records it once. After an error nothing was recorded.
        sale_id=secrets.token_urlsafe(16),
    )
    status = 400 if context["errors"] else 200
    return render(request, "showroom/sale.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def pickups(request, pk: int):
    location = _location(request, pk)
    waiting = pickups_for(location)
    context = {"location": location, "handed_over": None, "failed": None, "errors": [], "code": ""}
    if request.method == "POST":
        vendor_order = get_object_or_404(waiting, pk=whole_number(request.POST.get("part", "")))
        context["code"] = request.POST.get("pickup_code", "").strip()[:12]
        try:
            context["handed_over"] = pickup_hand_over(
                actor=request.user, vendor_order=vendor_order, pickup_code=context["code"]
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.errors[0].message) from None
        except ServiceError as error:
            context["failed"] = vendor_order.pk
            context["errors"] = [item.message for item in error.errors]
    context["pickups"] = list(pickups_for(location))
    status = 400 if context["errors"] else 200
    return render(request, "showroom/pickups.html", context, status=status)
