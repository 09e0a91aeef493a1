"""The showroom counter: record an over-the-counter sale and hand click-and-collect orders over
against their pickup code. Thin: inventory.services.pos and orders.services.pickup decide and
check permissions; these views parse the form, call one service and show its errors."""

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

from frontend_templates.qr import qr_svg
from frontend_templates.showroom import _location
from inventory import selectors
from inventory.models import PosSale, ShowroomBankAccount
from inventory.services.pos import PosLine, pos_sale_record
from marketplace.core.errors import PermissionDeniedError, ServiceError
from marketplace.core.vietqr import VietQRError, vietqr_payload
from orders.services.pickup import pickup_hand_over, pickups_for

SALE_ROWS = 6  # a counter sale rarely has more lines; a longer one is recorded in two
SKU_CHOICES = 500  # the SKU list offered as you type; a bigger showroom types the rest
LINE_FIELD = re.compile(r"^lines\.(\d+)\.(\w+)$")
SERVICE_FIELDS = {"sku": "sku", "quantity": "quantity", "unitPrice": "unit_price"}
# The counter takes these; the generic "QR code" stays for devices that record other wallets.
COUNTER_METHODS = [
    (value, label) for value, label in PosSale.PaidWith.choices if value != PosSale.PaidWith.QR
]
BARCODE = re.compile(r"^\d{8,14}$")


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


def _whole_number(text: str) -> int | None:
    text = text.replace(".", "").replace(" ", "").strip()  # "150.000" as typed in Vietnam
    return int(text) if text.isdigit() else None


def _read_rows(post, prices: dict[str, int], barcodes: dict[str, str]):
    """The typed rows (kept for the page), the service lines and the rows they came from. A
    scanned barcode (GTIN) stands for the SKU it belongs to."""
    rows, lines, origin = [], [], []
    for i in range(SALE_ROWS):
        typed = post.get(f"sku-{i}", "").strip()[:64]
        row = {
            "sku": barcodes.get(typed, typed) if BARCODE.match(typed) else typed,
            "quantity": post.get(f"quantity-{i}", "").strip()[:12],
            "unit_price": post.get(f"unit_price-{i}", "").strip()[:16],
            "errors": {},
        }
        rows.append(row)
        if not (row["sku"] or row["quantity"] or row["unit_price"]):
            continue
        quantity = _whole_number(row["quantity"] or "1")
        price = _whole_number(row["unit_price"]) if row["unit_price"] else prices.get(row["sku"])
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


def _tendered(text: str) -> int | None:
    return _whole_number(text) if text.strip() else None


@require_http_methods(["GET", "POST"])
@login_required
def sale(request, pk: int):
    location = _location(request, pk)
    stock = selectors.stock_levels(location)
    context = {"location": location, "stock": stock[:SKU_CHOICES], "errors": [], "outcome": None}
    rows = [{"sku": "", "quantity": "", "unit_price": "", "errors": {}}] * SALE_ROWS
    paid_with, sale_id, tendered = PosSale.PaidWith.CASH, None, ""
    if request.method == "POST":
        paid_with = request.POST.get("paid_with", "")
        tendered = request.POST.get("tendered", "").strip()[:16]
        typed = {request.POST.get(f"sku-{i}", "").strip() for i in range(SALE_ROWS)} - {""}
        barcodes = dict(
            stock.filter(variant__gtin__in=typed).values_list("variant__gtin", "variant__sku")
        )
        prices = dict(
            stock.filter(variant__sku__in=typed | set(barcodes.values())).values_list(
                "variant__sku", "variant__price"
            )
        )
        rows, lines, origin = _read_rows(request.POST, prices, barcodes)
        sale_id = request.POST.get("sale", "")[:128]
        if any(row["errors"] for row in rows):
            context["errors"] = [_("Correct the marked lines.")]
        elif not lines:
            context["errors"] = [_("Enter at least one line: a SKU and its quantity.")]
        elif paid_with == PosSale.PaidWith.CASH and tendered and _tendered(tendered) is None:
            context["errors"] = [_("The cash handed over is a whole number of đồng.")]
        elif request.POST.get("action") == "review" and paid_with == PosSale.PaidWith.VIETQR:
            # Show the code to scan; the sale is recorded once the clerk sees the payment.
            total = sum(line.quantity * line.unit_price for line in lines)
            context.update(review_total=total, reference=sale_reference(sale_id),
                           vietqr=vietqr_svg(location, total, sale_id))  # fmt: skip
        else:
            try:
                context["outcome"] = pos_sale_record(
                    actor=request.user,
                    location=location,
                    client_sale_id=sale_id,
                    lines=lines,
                    paid_with=paid_with,
                    cash_tendered=_tendered(tendered) if tendered else None,
                )
            except PermissionDeniedError as error:
                raise PermissionDenied(error.errors[0].message) from None
            except ServiceError as error:
                # Errors placed on their lines leave nothing general: still a failure.
                context["errors"] = _place_errors(error, rows, origin) or [
                    _("Correct the marked lines.")
                ]
        if context["outcome"] is not None:
            rows = [{"sku": "", "quantity": "", "unit_price": "", "errors": {}}] * SALE_ROWS
            paid_with, sale_id, tendered = PosSale.PaidWith.CASH, None, ""
    if _wants_json(request):
        return _json_answer(location, context)
    context.update(
        rows=list(enumerate(rows)),
        paid_with=paid_with,
        paid_with_choices=COUNTER_METHODS,
        tendered=tendered,
        # A one-time id for the sale: kept while the same sale is corrected or its QR shown
        # (a resubmitted form sends it again and the service records it once); a fresh one
        # once it is recorded.
        sale_id=sale_id or secrets.token_urlsafe(16),
        catalogue=[
            {
                "sku": s.variant.sku,
                "gtin": s.variant.gtin,
                "price": s.variant.price,
                "name": f"{s.variant.product.name} – {s.variant.name}",
            }
            for s in context["stock"]
        ],
    )
    if context["outcome"] is not None:
        context["receipt_url"] = reverse(
            "showroom:receipt", args=[location.pk, context["outcome"].sale.pk]
        )
    status = 400 if context["errors"] else 200
    return render(request, "showroom/sale.html", context, status=status)


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
    waiting = pickups_for(location)
    context = {"location": location, "handed_over": None, "failed": None, "errors": [], "code": ""}
    if request.method == "POST":
        vendor_order = get_object_or_404(waiting, pk=_whole_number(request.POST.get("part", "")))
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
