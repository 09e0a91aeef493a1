"""The showroom counter: record an over-the-counter sale and hand click-and-collect orders over
against their pickup code. Thin: orders.services.counter_sales (the stock and the producers'
earnings) and orders.services.pickup decide and check permissions; these views parse the form
(`showroom_basket`), call one service and show its errors."""

import re
import secrets

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from frontend_templates import showroom_basket as basket
from frontend_templates.numbers import typed_whole_number as whole_number
from frontend_templates.qr import qr_svg
from frontend_templates.showroom import _location
from inventory import selectors
from inventory.models import PosSale, ShowroomBankAccount
from marketplace.core.errors import PermissionDeniedError, ServiceError
from marketplace.core.vietqr import VietQRError, vietqr_payload
from orders.services.counter_sales import counter_sale_record
from orders.services.pickup import pickup_hand_over, pickups_for

SKU_CHOICES = 500  # the catalogue sent to the page; a bigger showroom is searched on the server
FOUND = 20  # products a name search lists
LINE_FIELD = re.compile(r"^lines\.(\d+)\.(\w+)$")
ROW_FIELDS = {"sku", "quantity", "unit_price"}  # a line's fields, as the service names them
# The counter takes these; the generic "QR code" stays for devices that record other wallets.
COUNTER_METHODS = [
    (value, label) for value, label in PosSale.PaidWith.choices if value != PosSale.PaidWith.QR
]


def sale_reference(client_sale_id: str) -> str:
    """What the shopper's transfer says, to match it to the sale: "OCOP" and 12 characters."""
    return "OCOP" + re.sub(r"[^A-Za-z0-9]", "", client_sale_id)[:12].upper()


def vietqr_svg(location, amount: int, client_sale_id: str) -> str | None:
    """The VietQR code of a payment to the showroom's account, as inline SVG (None when the
    manager has not set the account)."""
    account = ShowroomBankAccount.objects.filter(location=location).first()
    if account is None or amount <= 0:
        return None
    try:
        payload = vietqr_payload(
            bank_bin=account.bank_bin,
            account_number=account.account_number,
            amount=amount,
            purpose=sale_reference(client_sale_id),
        )
    except VietQRError:
        return None
    svg = qr_svg(payload).decode()
    return mark_safe(svg[svg.index("<svg") :])  # our own SVG, without the XML declaration


def _place_errors(error: ServiceError, rows, origin) -> list[str]:
    """Each service error next to its row and field; the rest above the form."""
    general = []
    for item in error.errors:
        match = LINE_FIELD.match(item.field or "")
        if match and int(match[1]) < len(origin) and match[2] in ROW_FIELDS:
            rows[origin[int(match[1])]].errors[match[2]] = item.message
        else:
            general.append(item.message)
    return general


def _tendered(text: str) -> int | None:
    return whole_number(text) if text.strip() else None


def _item(stock) -> dict:
    """A product as the counter's script and the name search show it."""
    variant = stock.variant
    return {
        "sku": variant.sku,
        "gtin": variant.gtin,
        "price": variant.price,
        "available": stock.quantity_available,
        "name": f"{variant.product.name} – {variant.name}",
    }


def _record(request, location, form: basket.SaleForm, lines, origin, context) -> None:
    """Record the sale (stock and producers' earnings, once); its errors placed on the rows."""
    try:
        context["outcome"] = counter_sale_record(
            actor=request.user,
            location=location,
            client_sale_id=form.sale_id,
            lines=lines,
            paid_with=form.paid_with,
            cash_tendered=_tendered(form.tendered) if form.tendered else None,
        )
    except PermissionDeniedError as error:
        raise PermissionDenied(error.errors[0].message) from None
    except ServiceError as error:
        # Errors placed on their lines leave nothing general: still a failure.
        context["errors"] = _place_errors(error, form.rows, origin) or [
            _("Correct the marked lines.")
        ]


def _mistakes(form: basket.SaleForm, lines) -> list[str]:
    """What stops the sale before the service is asked."""
    if any(row.errors for row in form.rows):
        return [_("Correct the marked lines.")]
    if not lines:
        return [_("Enter at least one line: a SKU and its quantity.")]
    cash = form.paid_with == PosSale.PaidWith.CASH
    if cash and form.tendered and _tendered(form.tendered) is None:
        return [_("The cash handed over is a whole number of đồng.")]
    return []


def _posted(request, location, stock, context) -> basket.SaleForm:
    """Handle a posted sale form: a basket step (+, −, add, find, update), the VietQR step or
    the sale itself; the form to show next."""
    action = request.POST.get("action", "record")
    held = basket.stock_by_code(stock, basket.typed_codes(request.POST))
    form = basket.SaleForm.posted(request.POST, held)
    if action == "find":
        context["search"] = request.POST.get("q", "").strip()[:100]
        found = selectors.stock_levels(location, search=context["search"])[:FOUND]
        context["found"] = [_item(s) for s in found] if context["search"] else []
    elif basket.is_step(action):
        message = basket.step(form.rows, action, held)
        context["notices"] = [message] if message else []
    lines, origin = basket.sale_lines(form.rows, held)
    if action not in ("record", "review"):
        return form
    context["errors"] = _mistakes(form, lines)
    if context["errors"]:
        return form
    if action == "review" and form.paid_with == PosSale.PaidWith.VIETQR:
        # Show the code to scan; the sale is recorded once the clerk sees the payment.
        total = sum(line.quantity * line.unit_price for line in lines)
        context.update(review_total=total, reference=sale_reference(form.sale_id),
                       vietqr=vietqr_svg(location, total, form.sale_id))  # fmt: skip
        return form
    _record(request, location, form, lines, origin, context)
    return basket.SaleForm.blank() if context["outcome"] is not None else form


@require_http_methods(["GET", "POST"])
@login_required
def sale(request, pk: int):
    location = _location(request, pk)
    stock = selectors.stock_levels(location)
    context = {"location": location, "errors": [], "notices": [], "outcome": None}
    form = basket.SaleForm.blank()
    if request.method == "POST":
        form = _posted(request, location, stock, context)
    if _wants_json(request):
        return _json_answer(location, context)
    catalogue = [_item(s) for s in stock[: SKU_CHOICES + 1]]
    context.update(
        rows=list(enumerate(form.rows)),
        paid_with=form.paid_with,
        paid_with_choices=COUNTER_METHODS,
        tendered=form.tendered,
        # A one-time id for the sale: kept while the same sale is corrected or its QR shown
        # (a resubmitted form sends it again and the service records it once); a fresh one
        # once it is recorded.
        sale_id=form.sale_id or secrets.token_urlsafe(16),
        catalogue=catalogue[:SKU_CHOICES],
        # More rows than the page carries: the script asks the server for names and codes.
        catalogue_complete=len(catalogue) <= SKU_CHOICES,
    )
    if context["outcome"] is not None:
        context["receipt_url"] = reverse(
            "showroom:receipt", args=[location.pk, context["outcome"].sale.pk]
        )
    status = 400 if context["errors"] else 200
    return render(request, "showroom/sale.html", context, status=status)


@require_GET
@login_required
def sale_search(request, pk: int):
    """The counter's product search for the script, by name without diacritics, SKU or barcode:
    `{"results": [{sku, gtin, price, available, name}]}`, at most FOUND."""
    location = _location(request, pk)
    query = request.GET.get("q", "").strip()[:100]
    found = selectors.stock_levels(location, search=query)[:FOUND] if query else []
    return JsonResponse({"results": [_item(stock) for stock in found]})


def _wants_json(request) -> bool:
    """The counter's script sends a sale kept offline with `Accept: application/json`."""
    return request.method == "POST" and "application/json" in request.headers.get("Accept", "")


def _json_answer(location, context) -> JsonResponse:
    outcome = context["outcome"]
    if outcome is None:
        return JsonResponse({"recorded": False, "errors": context["errors"]}, status=400)
    return JsonResponse(
        {
            "recorded": True,
            "replayed": outcome.replayed,
            "receipt": reverse("showroom:receipt", args=[location.pk, outcome.sale.pk]),
        }
    )


@require_GET
@login_required
def receipt(request, pk: int, sale_pk: int):
    """A sale's receipt, laid out for an 80 mm thermal printer when printed."""
    location = _location(request, pk)
    sale = get_object_or_404(
        PosSale.objects.filter(location=location).prefetch_related(
            "lines__vendor", "lines__variant__product"
        ),
        pk=sale_pk,
    )
    return render(
        request,
        "showroom/receipt.html",
        {"location": location, "sale": sale, "reference": sale_reference(sale.client_sale_id)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def pickups(request, pk: int):
    location = _location(request, pk)
    waiting = pickups_for(location=location)
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
    context["pickups"] = list(pickups_for(location=location))
    status = 400 if context["errors"] else 200
    return render(request, "showroom/pickups.html", context, status=status)
