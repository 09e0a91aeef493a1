"""The cart and the communes picker's JSON. Thin adapters over the checkout
services: the cart is a Checkout whose token the session keeps; the services decide who may use
it (a logged-in shopper's checkout is theirs only)."""

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from catalog.models import ProductVariant
from frontend_templates.numbers import typed_whole_number as whole_number
from frontend_templates.selectors import cart_quantity
from frontend_templates.templatetags.storefront import vnd
from marketplace.core.errors import ErrorCode, FieldError, ServiceError
from marketplace.geography.selectors import communes_of, resolve_province
from orders.models import Checkout
from orders.selectors import checkout_discount, checkout_totals, delivery_groups
from orders.services.checkout import (
    LineInput,
    checkout_claim,
    checkout_create,
    checkout_for,
    checkout_lines_add,
    checkout_lines_update,
    checkout_prices_shown,
)

SESSION_KEY = "checkout_token"


def session_checkout(request):
    """The session's checkout, or None. A token that expired, vanished or belongs to another
    shopper is forgotten rather than shown."""
    token = request.session.get(SESSION_KEY)
    if not token and request.user.is_authenticated:
        # Logged in again (logging out empties the session): their latest cart is still theirs.
        token = (
            Checkout.objects.filter(user=request.user, expires_at__gt=timezone.now())
            .order_by("-updated_at")
            .values_list("token", flat=True)
            .first()
        )
        if token:
            request.session[SESSION_KEY] = str(token)
    if not token:
        return None
    try:
        checkout = checkout_for(actor=request.user, token=token)
    except ServiceError:  # PermissionDeniedError included: not this shopper's cart
        del request.session[SESSION_KEY]
        return None
    if checkout.user_id is None and request.user.is_authenticated:
        # The first page after logging in: a cart filled before becomes the shopper's own.
        checkout = checkout_claim(user=request.user, token=checkout.token)
        if str(checkout.token) != str(token):
            remember_checkout(request, checkout)
    return checkout


def remember_checkout(request, checkout) -> None:
    request.session[SESSION_KEY] = str(checkout.token)


def forget_checkout(request) -> None:
    request.session.pop(SESSION_KEY, None)


def line_errors(error: ServiceError, variant_ids: list[int]) -> tuple[dict, list]:
    """Errors of `lines.<i>...` fields keyed by the variant of line i; the rest, general."""
    per_line, general = {}, []
    for item in error.errors:
        parts = (item.field or "").split(".")
        if len(parts) >= 2 and parts[0] == "lines" and parts[1].isdigit():
            index = int(parts[1])
            if index < len(variant_ids):
                per_line.setdefault(variant_ids[index], []).append(item.message)
                continue
        general.append(item.message)
    return per_line, general


def wants_json(request) -> bool:
    """The cart script asks for JSON (Accept: application/json); forms get pages."""
    return "application/json" in request.headers.get("Accept", "")


def _cart_context(request, checkout, *, typed=None, per_line=None, general=None) -> dict:
    groups = delivery_groups(checkout, fetch_quotes=True) if checkout else []
    if checkout is not None:
        checkout_prices_shown(actor=request.user, checkout=checkout)  # the page shows them
    for group in groups:
        for line in group.lines:
            line.typed = (typed or {}).get(line.variant_id, line.quantity)
            line.errors = (per_line or {}).get(line.variant_id, [])
            line.total = line.variant.price * line.quantity
    return {
        "groups": groups,
        # With the voucher's discount, so that the cart's total is the checkout's.
        "totals": checkout_totals(groups, checkout_discount(checkout))
        if checkout
        else checkout_totals(groups),
        "shipping_pending": any(group.chosen is None for group in groups),
        "item_count": sum(line.quantity for group in groups for line in group.lines),
        "errors": general or [],
    }


def _render_cart(request, checkout, *, typed=None, per_line=None, general=None, status=200):
    context = _cart_context(request, checkout, typed=typed, per_line=per_line, general=general)
    return render(request, "storefront/cart.html", context, status=status)


def _cart_json(request, checkout, *, per_line=None, general=None, status=200):
    """What the cart script redraws after a change: each line's total, each producer's
    subtotal and delivery, the totals and the item count, as the page formats them."""
    context = _cart_context(request, checkout, per_line=per_line, general=general)
    pending = pgettext("cart", "Calculated at checkout")
    groups = context["groups"]
    totals = context["totals"]
    return JsonResponse(
        {
            "ok": status == 200,
            "quantity": context["item_count"],
            "errors": context["errors"],
            "line_errors": {str(key): value for key, value in (per_line or {}).items()},
            "lines": {
                str(line.variant_id): {"quantity": line.quantity, "total": vnd(line.total)}
                for group in groups
                for line in group.lines
            },
            "groups": {
                str(group.vendor.pk): {
                    "subtotal": vnd(group.subtotal),
                    "shipping": pending
                    if group.shipping_price is None
                    else vnd(group.shipping_price),
                }
                for group in groups
            },
            "subtotal": vnd(totals.subtotal),
            "shipping": pending if context["shipping_pending"] else vnd(totals.shipping),
            "total": vnd(totals.total),
            "empty": not groups,
        },
        status=status,
    )


@require_GET
def cart(request):
    return _render_cart(request, session_checkout(request))


def _add_failed(request, checkout, messages: list[str]):
    if wants_json(request):
        return JsonResponse(
            {"ok": False, "message": " ".join(messages), "errors": messages}, status=400
        )
    return _render_cart(request, checkout, general=messages, status=400)


@require_POST
def cart_add(request):
    """Adds a line, then shows the cart; "Mua ngay" (a `buy_now` submit) goes on to checkout;
    the cart script gets JSON for its toast instead (the header's new item count and what was
    added)."""
    variant_id, quantity = (
        whole_number(request.POST.get("variant_id")),
        whole_number(request.POST.get("quantity", "1")),
    )
    checkout = session_checkout(request)
    if variant_id is None or quantity is None:
        return _add_failed(request, checkout, [_("Choose a product and a quantity.")])
    lines = [LineInput(variant_id, quantity)]
    try:
        if checkout is None:
            checkout = checkout_create(actor=request.user, lines=lines)
            remember_checkout(request, checkout)
        else:
            checkout = checkout_lines_add(actor=request.user, checkout=checkout, lines=lines)
    except ServiceError as error:
        return _add_failed(request, checkout, [e.message for e in error.errors])
    if request.POST.get("buy_now"):
        return redirect("storefront:checkout")
    if wants_json(request):
        return JsonResponse(_added(checkout, variant_id, quantity))
    return redirect("storefront:cart")


def _added(checkout, variant_id: int, quantity: int) -> dict:
    variant = ProductVariant.objects.select_related("product").get(pk=variant_id)
    return {
        "ok": True,
        "quantity": cart_quantity(checkout.token),
        "message": _("%(name)s was added to your cart.") % {"name": variant.product.name},
        "line": {
            "name": variant.product.name,
            "variant": variant.name,
            "price": vnd(variant.price),
        },
    }


@require_POST
def cart_update(request):
    """Every line's quantity comes in `quantity-<variant id>` (a stepper button sends only its
    own line's new quantity); a `remove` button names one variant to drop (its quantity
    becomes 0, which the service reads as removal). The cart script gets JSON."""
    checkout = session_checkout(request)
    if checkout is None:
        if wants_json(request):
            return _cart_json(request, None)
        return redirect("storefront:cart")
    remove = whole_number(request.POST.get("remove"))
    typed, lines, per_line = {}, [], {}
    for key, value in request.POST.items():
        if not key.startswith("quantity-") or whole_number(key[9:]) is None:
            continue
        variant_id = whole_number(key[9:])
        typed[variant_id] = value
        quantity = 0 if variant_id == remove else whole_number(value)
        if quantity is None or quantity < 0:
            per_line[variant_id] = [_("Enter a whole number.")]
        else:
            lines.append(LineInput(variant_id, quantity))
    if remove is not None and remove not in typed:
        lines.append(LineInput(remove, 0))
    general = []
    if not per_line and lines:
        try:
            checkout = checkout_lines_update(actor=request.user, checkout=checkout, lines=lines)
        except ServiceError as error:
            per_line, general = line_errors(error, [line.variant_id for line in lines])
    if per_line or general:
        if wants_json(request):
            return _cart_json(request, checkout, per_line=per_line, general=general, status=400)
        return _render_cart(
            request, checkout, typed=typed, per_line=per_line, general=general, status=400
        )
    if wants_json(request):
        return _cart_json(request, checkout)
    return redirect("storefront:cart")


@require_GET
def communes(request):
    """The communes of a province for the picker: reference data, cached by the browser."""
    province = resolve_province(request.GET.get("province", "")[:100])
    if province is None:
        return JsonResponse({"error": _("There is no such province.")}, status=404)
    rows = communes_of(province).values_list("code", "name")
    response = JsonResponse(
        {
            "province": province.code,
            "communes": [{"code": code, "name": name} for code, name in rows],
        }
    )
    response["Cache-Control"] = "public, max-age=86400"
    return response


def field_errors(error: ServiceError, names: dict[str, str]) -> dict[str, list[str]]:
    """Service errors by form field: `names` maps the service's field names to the form's."""
    errors: dict[str, list[str]] = {}
    for item in error.errors:
        errors.setdefault(names.get(item.field or "", "general"), []).append(item.message)
    return errors


def single_error(message: str, field: str) -> ServiceError:
    return ServiceError(FieldError(ErrorCode.INVALID, message, field))
