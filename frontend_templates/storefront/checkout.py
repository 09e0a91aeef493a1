"""The checkout page: email and address (province → commune), a delivery per producer, the
payment method, then the order. One form; the services check everything and their errors go
next to the fields, with what the shopper typed kept."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frontend_templates.storefront.cart import (
    field_errors,
    forget_checkout,
    line_errors,
    session_checkout,
)
from marketplace.core.errors import ServiceError
from marketplace.core.validators import format_vn_phone
from marketplace.geography.models import Province
from marketplace.geography.selectors import communes_of
from orders.payments.registry import gateway_configured
from orders.selectors import (
    CheckoutTotals,
    checkout_discount,
    checkout_totals,
    checkout_voucher_problem,
    delivery_groups,
)
from orders.services.checkout import checkout_prices_shown
from orders.services.checkout_vouchers import checkout_voucher_apply, checkout_voucher_remove
from orders.services.place import checkout_details_save, checkout_place

FIELDS = ("email", "full_name", "phone", "street_address", "province", "commune", "payment")
INVOICE_FIELDS = ("company_name", "tax_code", "email", "address")
# The form's name of a service field, where the two differ.
FORM_FIELDS = {
    **{name: name for name in FIELDS},
    "commune_code": "commune",
    "shipping_address": "street_address",
    "payment_method": "payment",
    "code": "voucher",  # the voucher's code, refused when applied or at completion
}
VOUCHER_ACTIONS = ("voucher_apply", "voucher_remove")


def _initial(request, checkout) -> dict:
    user = request.user if request.user.is_authenticated else None
    commune = checkout.commune
    return {
        "email": checkout.email or (user.email if user else ""),
        "full_name": checkout.full_name or (user.full_name if user else ""),
        "phone": format_vn_phone(checkout.phone) if checkout.phone else "",
        "street_address": checkout.street_address,
        "province": commune.province_id if commune else "",
        "commune": checkout.commune_id or "",
        "payment": "cod",
        "deliveries": {},
        "notes": dict(checkout.vendor_notes or {}),
        "invoice": {name: getattr(checkout, f"invoice_{name}") for name in INVOICE_FIELDS},
        "wants_invoice": checkout.wants_invoice,
        "voucher_code": "",
    }


def _typed(request, groups) -> dict:
    values = {name: request.POST.get(name, "").strip() for name in FIELDS}
    values["deliveries"] = {
        group.vendor.pk: request.POST.get(f"delivery-{group.vendor.pk}", "") for group in groups
    }
    values["notes"] = {
        group.vendor.pk: request.POST.get(f"note-{group.vendor.pk}", "") for group in groups
    }
    invoice = {name: request.POST.get(f"invoice_{name}", "") for name in INVOICE_FIELDS}
    # Without JavaScript the fields are always there: the request is the company's name filled.
    values["wants_invoice"] = bool(invoice["company_name"].strip())
    values["invoice"] = invoice if values["wants_invoice"] else dict.fromkeys(INVOICE_FIELDS, "")
    values["voucher_code"] = request.POST.get("voucher_code", "").strip()
    return values


def _voucher(request, checkout, action: str, values, errors):
    """Apply the code typed, or remove the one applied; a refusal shows by the field."""
    try:
        if action == "voucher_apply":
            return checkout_voucher_apply(
                actor=request.user, checkout=checkout, code=values["voucher_code"]
            )
        return checkout_voucher_remove(actor=request.user, checkout=checkout)
    except ServiceError as error:
        errors["voucher"] = [item.message for item in error.errors]
        return checkout


def _save(request, checkout, values, errors):
    """Email, address and each producer's delivery, saved together (or, on an error, not)."""
    try:
        return checkout_details_save(
            actor=request.user,
            checkout=checkout,
            email=values["email"],
            full_name=values["full_name"],
            phone=values["phone"],
            street_address=values["street_address"],
            commune_code=values["commune"],
            province_code=values["province"],
            deliveries=values["deliveries"],
            notes=values["notes"],
            invoice=values["invoice"],
        )
    except ServiceError as error:
        for item in error.errors:
            errors.setdefault(_form_field(item.field or ""), []).append(item.message)
        return checkout


def _form_field(field: str) -> str:
    if field.startswith("deliveries."):  # deliveries.<producer id>
        return "delivery-" + field.removeprefix("deliveries.")
    if field.startswith("notes."):  # notes.<producer id>
        return "note-" + field.removeprefix("notes.")
    if field.startswith("invoice."):
        return "invoice_" + field.removeprefix("invoice.")
    return FORM_FIELDS.get(field, "general")


def _place(request, checkout, values, errors):
    """The order, then the payment's next step: VNPay's signed URL, or the order page."""
    if values["payment"] == "stripe":  # Stripe.js confirms a card; this page has none
        errors["payment"] = [card_unavailable()]
        return None
    try:
        done = checkout_place(
            actor=request.user,
            token=checkout.token,
            payment_method=values["payment"],
            client_ip=request.META.get("REMOTE_ADDR", ""),
        )
    except ServiceError as error:
        _completion_errors(checkout, error, errors)
        return None
    forget_checkout(request)
    if done.payment.action is not None and done.payment.action.action_url:
        return redirect(done.payment.action.action_url)
    return redirect("storefront:order", token=done.order.token)


def _completion_errors(checkout, error, errors) -> None:
    groups = delivery_groups(checkout)
    variant_ids = [line.variant_id for group in groups for line in group.lines]
    per_line = line_errors(error, variant_ids)[0]
    errors["lines"] = per_line
    unchosen = [group for group in groups if group.chosen is None]
    delivery = [item.message for item in error.errors if item.field == "delivery_method"]
    for group, message in zip(unchosen, delivery, strict=False):
        errors[f"delivery-{group.vendor.pk}"] = [message]
    rest = [
        item
        for item in error.errors
        if item.field != "delivery_method" and not (item.field or "").startswith("lines.")
    ]
    if rest:
        for name, messages in field_errors(ServiceError(rest), FORM_FIELDS).items():
            errors.setdefault(name, []).extend(messages)


def card_unavailable() -> str:
    return _(
        "Card payment needs a connection to Stripe, which cannot be reached from this page. "
        "Choose cash on delivery or VNPay."
    )


@require_http_methods(["GET", "POST"])
def checkout(request):
    checkout = session_checkout(request)
    # The carriers' quotes are asked here, outside any transaction (cached 10 minutes).
    if checkout is None or not delivery_groups(checkout, fetch_quotes=True):
        return redirect("storefront:cart")
    errors: dict = {}
    if request.method == "GET":
        values = _initial(request, checkout)
    else:
        values = _typed(request, delivery_groups(checkout))
        action = request.POST.get("action")
        if action in VOUCHER_ACTIONS:  # the rest of the form stays as typed, unsaved
            checkout = _voucher(request, checkout, action, values, errors)
        elif action != "province":  # that one only lists the communes
            checkout = _save(request, checkout, values, errors)
            if request.POST.get("action") == "place" and not errors:
                response = _place(request, checkout, values, errors)
                if response is not None:
                    return response
    return _render(request, checkout, values, errors)


def _render(request, checkout, values, errors):
    groups = delivery_groups(checkout, fetch_quotes=True)
    checkout_prices_shown(actor=request.user, checkout=checkout)  # the page shows them
    per_line = errors.get("lines", {})
    deliveries = []
    for group in groups:
        for line in group.lines:
            line.errors = per_line.get(line.variant_id, [])
        options = [(o.key, o) for o in group.options]
        # What the shopper picked, else what was saved, else the first (cheapest shipping).
        chosen = values["deliveries"].get(group.vendor.pk) or (
            group.chosen.key if group.chosen else (options[0][0] if options else "")
        )
        deliveries.append(
            {
                "group": group,
                "options": options,
                "chosen": chosen,
                "errors": errors.get(f"delivery-{group.vendor.pk}", []),
                "note": values["notes"].get(group.vendor.pk)
                or values["notes"].get(str(group.vendor.pk), ""),
                "note_errors": errors.get(f"note-{group.vendor.pk}", []),
            }
        )
    # The totals follow the choices on screen, saved or not yet, as the shopper expects; the
    # voucher's discount is on the goods only, so it does not depend on them.
    discount = checkout_discount(checkout)
    saved = checkout_totals(groups, discount)
    shipping = sum(
        option.price
        for delivery in deliveries
        for key, option in delivery["options"]
        if key == delivery["chosen"]
    )
    province = values["province"]
    context = {
        "values": values,
        "errors": errors,
        "deliveries": deliveries,
        "totals": CheckoutTotals(
            saved.subtotal, shipping, saved.subtotal + shipping - discount.amount, discount.amount
        ),
        "voucher_code": checkout.voucher_code,
        "voucher_problem": getattr(checkout_voucher_problem(checkout), "message", ""),
        "provinces": Province.objects.order_by("name_folded"),
        "communes": communes_of(province).values("code", "name") if province else [],
        "vnpay_ready": gateway_configured("vnpay"),
        "card_unavailable": card_unavailable(),
    }
    status = 400 if errors and request.method == "POST" else 200
    return render(request, "storefront/checkout.html", context, status=status)
