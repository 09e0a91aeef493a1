"""Đơn vị vận chuyển: the producer's accounts at GHN and GHTK (connect, disconnect; the
credentials are shown masked, never in full) and which shipping method each prices.

Owners and managers manage them (the services check); every member may look."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frontend_templates.dashboard.common import (
    denied_as_403,
    field_errors,
    parse_int,
    require_member,
    shown_errors,
    vendor_page,
)
from marketplace.core.errors import ErrorCode, ServiceError
from orders.models import CarrierAccount, CarrierCode, ShippingMethod
from orders.services.carrier_accounts import (
    carrier_account_connect,
    carrier_account_disconnect,
    masked_credentials,
)
from orders.services.shipping import shipping_method_carrier_link
from orders.views import carrier_webhook_url

# What the form asks for each carrier, beyond the token: GHN names the shop the parcels leave
# from; GHTK proves its webhooks with the `hash` it appends to the webhook address.
CREDENTIAL_FIELDS = ("token", "shop_id", "webhook_hash")


@require_http_methods(["GET", "POST"])
@vendor_page
def carriers(request, vendor):
    require_member(request.user, vendor)
    errors: dict = {}
    if request.method == "POST":
        try:
            with denied_as_403():
                done = _act(request, vendor)
        except ServiceError as error:
            aliases = {f"credentials.{key}": key for key in CREDENTIAL_FIELDS}
            errors = shown_errors(field_errors(error, aliases), ("carrier", *CREDENTIAL_FIELDS))
        else:
            messages.success(request, done)
            return redirect("dashboard:carriers")
    return _render(request, vendor, errors, status=400 if errors else 200)


def _usable_accounts(vendor):
    return CarrierAccount.objects.filter(vendor_id__in=[vendor.pk]) | CarrierAccount.objects.filter(
        vendor__isnull=True, is_active=True
    )


def _act(request, vendor) -> str:
    action = request.POST.get("action")
    if action == "connect":
        credentials = {
            key: request.POST.get(key, "") for key in CREDENTIAL_FIELDS if request.POST.get(key)
        }
        account = carrier_account_connect(
            actor=request.user,
            vendor=vendor,
            carrier=request.POST.get("carrier", ""),
            credentials=credentials,
        )
        return _("%(carrier)s is connected.") % {"carrier": account.get_carrier_display()}
    if action == "disconnect":
        account = CarrierAccount.objects.filter(
            pk=parse_int(request.POST.get("account")), vendor=vendor
        ).first()
        if account is None:
            raise ServiceError.single(ErrorCode.NOT_FOUND, _("There is no such carrier account."))
        carrier_account_disconnect(actor=request.user, account=account)
        return _("%(carrier)s is disconnected.") % {"carrier": account.get_carrier_display()}
    method = ShippingMethod.objects.filter(
        pk=parse_int(request.POST.get("method")), vendor=vendor
    ).first()
    if method is None:
        raise ServiceError.single(ErrorCode.NOT_FOUND, _("There is no such shipping method."))
    account_pk = parse_int(request.POST.get("account"))
    account = _usable_accounts(vendor).filter(pk=account_pk).first() if account_pk else None
    if account_pk and account is None:  # another producer's looks unknown
        raise ServiceError.single(ErrorCode.NOT_FOUND, _("There is no such carrier account."))
    shipping_method_carrier_link(actor=request.user, method=method, carrier_account=account)
    return _("%(method)s is saved.") % {"method": method.name}


def _render(request, vendor, errors, *, status=200):
    accounts = list(_usable_accounts(vendor).order_by("vendor_id", "carrier"))
    for account in accounts:
        account.masked = masked_credentials(account=account) if account.vendor_id else {}
        # The producer pastes it into the carrier's settings; the platform's is staff's.
        account.webhook_url = carrier_webhook_url(account) if account.vendor_id else ""
    connected = [a for a in accounts if a.is_active]
    context = {
        "vendor": vendor,
        "accounts": accounts,
        "connected": connected,
        "carriers": CarrierCode.choices,
        "methods": ShippingMethod.objects.filter(vendor=vendor, is_active=True).select_related(
            "carrier_account"
        ),
        "errors": errors,
        "values": request.POST if request.method == "POST" else {},
    }
    return render(request, "dashboard/carriers.html", context, status=status)
