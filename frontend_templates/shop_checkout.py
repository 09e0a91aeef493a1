"""The checkout page: email and address (province → commune), a delivery per producer, the
payment method, then the order. One form; the services check everything and their errors go
next to the fields, with what the shopper typed kept."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frontend_templates.shop import (
    field_errors,
    forget_checkout,
    line_errors,
    session_checkout,
)
from marketplace.core.errors import ServiceError
from marketplace.core.validators import format_vn_phone
from marketplace.geography.models import Commune, Province
from marketplace.geography.selectors import communes_of
from orders.payments.registry import gateway_configured
from orders.selectors import CheckoutTotals, checkout_totals, delivery_groups
from orders.services.checkout import (
    checkout_delivery_method_update,
    checkout_email_update,
    checkout_prices_shown,
    checkout_shipping_address_update,
)
from orders.services.complete import checkout_complete
from orders.services.payment_start import start_payment_for

FIELDS = ("email", "full_name", "phone", "street_address", "province", "commune", "payment")
ADDRESS_FIELDS = {
    "fullName": "full_name",
    "phone": "phone",
    "streetAddress": "street_address",
    "communeCode": "commune",
    "email": "email",
    "shippingAddress": "street_address",
    "paymentMethod": "payment",
}


def option_key(option) -> str:
    return f"{option.kind.lower()}-{option.target.pk}"


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
    }


def _typed(request, groups) -> dict:
    values = {name: request.POST.get(name, "").strip() for name in FIELDS}
    values["deliveries"] = {
        group.vendor.pk: request.POST.get(f"delivery-{group.vendor.pk}", "") for group in groups
    }
    return values


def _save(request, checkout, values, errors):
    """Email, address, then each producer's delivery, each through its service."""
    actor = request.user
    try:
        checkout = checkout_email_update(actor=actor, checkout=checkout, email=values["email"])
    except ServiceError as error:
        errors.update(field_errors(error, ADDRESS_FIELDS))
    commune = None
    if values["commune"]:
        commune = Commune.objects.select_related("province").filter(code=values["commune"]).first()
    if commune is not None and values["province"] and commune.province_id != values["province"]:
        commune = None  # the province changed without JavaScript: pick again from its list
    try:
        checkout = checkout_shipping_address_update(
            actor=actor,
            checkout=checkout,
            full_name=values["full_name"],
            phone=values["phone"],
            street_address=values["street_address"],
            commune=commune,
        )
    except ServiceError as error:
        errors.update(field_errors(error, ADDRESS_FIELDS))
    for group in delivery_groups(checkout):
        wanted = values["deliveries"].get(group.vendor.pk)
        option = next((o for o in group.options if option_key(o) == wanted), None)
        field = f"delivery-{group.vendor.pk}"
        if wanted and option is None:
            errors[field] = [_("This delivery method is not available here; choose another.")]
        elif option is not None and option != group.chosen:
            try:
                checkout = checkout_delivery_method_update(
                    actor=actor, checkout=checkout, vendor_id=group.vendor.pk, method=option.target
                )
            except ServiceError as error:
                errors[field] = [item.message for item in error.errors]
    return checkout


def _place(request, checkout, values, errors):
    """The order, then the payment's next step: VNPay's signed URL, or the order page."""
    method = values["payment"]
    if method == "stripe":
        errors["payment"] = [card_unavailable()]
        return None
    if method not in ("cod", "vnpay"):
        errors["payment"] = [_("Choose how to pay.")]
        return None
    if method == "vnpay" and not gateway_configured("vnpay"):
        errors["payment"] = [_("VNPay is not available right now; choose another way to pay.")]
        return None
    try:
        done = checkout_complete(actor=request.user, checkout=checkout, payment_method=method)
    except ServiceError as error:
        _completion_errors(checkout, error, errors)
        return None
    forget_checkout(request)
    payment = start_payment_for(done.payment, client_ip=request.META.get("REMOTE_ADDR", ""))
    if payment.action is not None and payment.action.action_url:
        return redirect(payment.action.action_url)
    return redirect("shop:order", token=done.order.token)


def _completion_errors(checkout, error, errors) -> None:
    groups = delivery_groups(checkout)
    variant_ids = [line.variant_id for group in groups for line in group.lines]
    per_line = line_errors(error, variant_ids)[0]
    errors["lines"] = per_line
    unchosen = [group for group in groups if group.chosen is None]
    delivery = [item.message for item in error.errors if item.field == "deliveryMethod"]
    for group, message in zip(unchosen, delivery, strict=False):
        errors[f"delivery-{group.vendor.pk}"] = [message]
    rest = [
        item
        for item in error.errors
        if item.field != "deliveryMethod" and not (item.field or "").startswith("lines.")
    ]
    if rest:
        for name, messages in field_errors(ServiceError(rest), ADDRESS_FIELDS).items():
            errors.setdefault(name, []).extend(messages)


def card_unavailable() -> str:
    return _(
        "Card payment needs a connection to Stripe, which cannot be reached from this page. "
        "Choose cash on delivery or VNPay."
    )


@require_http_methods(["GET", "POST"])
def checkout(request):
    checkout = session_checkout(request)
    if checkout is None or not delivery_groups(checkout):
        return redirect("shop:cart")
    errors: dict = {}
    if request.method == "GET":
        values = _initial(request, checkout)
    else:
        values = _typed(request, delivery_groups(checkout))
        if request.POST.get("action") != "province":  # that one only lists the communes
            checkout = _save(request, checkout, values, errors)
            if request.POST.get("action") == "place" and not errors:
                response = _place(request, checkout, values, errors)
                if response is not None:
                    return response
    return _render(request, checkout, values, errors)


def _render(request, checkout, values, errors):
    groups = delivery_groups(checkout)
    checkout_prices_shown(actor=request.user, checkout=checkout)  # the page shows them
    per_line = errors.get("lines", {})
    deliveries = []
    for group in groups:
        for line in group.lines:
            line.errors = per_line.get(line.variant_id, [])
        options = [(option_key(o), o) for o in group.options]
        # What the shopper picked, else what was saved, else the first (cheapest shipping).
        chosen = values["deliveries"].get(group.vendor.pk) or (
            option_key(group.chosen) if group.chosen else (options[0][0] if options else "")
        )
        deliveries.append(
            {
                "group": group,
                "options": options,
                "chosen": chosen,
                "errors": errors.get(f"delivery-{group.vendor.pk}", []),
            }
        )
    # The totals follow the choices on screen, saved or not yet, as the shopper expects.
    saved = checkout_totals(groups)
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
        "totals": CheckoutTotals(saved.subtotal, shipping, saved.subtotal + shipping),
        "provinces": Province.objects.order_by("name_folded"),
        "communes": communes_of(province).values("code", "name") if province else [],
        "vnpay_ready": gateway_configured("vnpay"),
        "card_unavailable": card_unavailable(),
    }
    status = 400 if errors and request.method == "POST" else 200
    return render(request, "shop/checkout.html", context, status=status)
