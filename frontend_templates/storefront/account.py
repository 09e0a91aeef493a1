"""A shopper's account: register (then logged in) and their orders."""

from django.conf import settings
from django.contrib.auth import login, password_validation
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from frontend_templates.storefront.cart import field_errors
from frontend_templates.storefront.order_page import attach_timelines, orders_with_parts
from marketplace.accounts.services import account_register
from marketplace.core.errors import ServiceError
from orders.models import Order
from orders.selectors import guest_orders_by_email
from reviews.selectors import reviewable_lines

PAGE_SIZE = 20
GUEST_ORDERS_SHOWN = 20


def _next_url(request) -> str:
    """Where to go afterwards: `next` when it stays on this site, else the home page."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url("storefront:home")


@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    values = {"email": "", "full_name": ""}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = {name: request.POST.get(name, "").strip() for name in values}
        password = request.POST.get("password", "")
        if password != request.POST.get("password_again", ""):
            errors["password_again"] = [_("The two passwords differ.")]
        else:
            try:
                user = account_register(
                    email=values["email"], password=password, full_name=values["full_name"]
                )
            except ServiceError as error:
                errors = field_errors(
                    error, {"email": "email", "full_name": "full_name", "password": "password"}
                )
            else:
                # Django's own backend: the account was just made with this password.
                login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
                return redirect(_next_url(request))
    context = {
        "values": values,
        "errors": errors,
        "next": _next_url(request),
        "password_help": password_validation.password_validators_help_texts(),
    }
    status = 400 if errors else 200
    return render(request, "accounts/register.html", context, status=status)


@require_GET
@login_required
def my_orders(request):
    orders = orders_with_parts(Order.objects.filter(user=request.user), events=True).order_by(
        "-created_at", "-pk"
    )
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    # One query: which of the page's orders have a delivered line waiting for a review.
    to_review = set(
        reviewable_lines(request.user)
        .filter(vendor_order__order__in=[order.pk for order in page.object_list])
        .values_list("vendor_order__order_id", flat=True)
    )
    for order in page.object_list:
        order.awaits_review = order.pk in to_review
        attach_timelines(order, request.user)
    # Placed as a guest with this e-mail but never proven theirs: listed without the link
    # (the token is the key to the address, pickup codes and cancelling).
    unproven = guest_orders_by_email(request.user).order_by("-created_at", "-pk")
    context = {"page": page, "guest_orders": list(unproven[:GUEST_ORDERS_SHOWN])}
    return render(request, "storefront/my_orders.html", context)
