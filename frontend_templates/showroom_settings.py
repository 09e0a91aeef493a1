"""The showroom console's settings: the bank account the counter's VietQR codes pay into, and
the POS connections — connect KiotViet, Sapo or Haravan, change a connection, the webhook
address to paste into the POS, its last report, a sync on demand and the item mapping table.

Thin: inventory.services.pos_connections decides and checks permissions (managers change,
clerks read). Credentials are write-only: a stored one is shown as "saved", never its value,
and an empty field keeps it."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from catalog.models import ProductVariant
from frontend_templates.showroom import _location, status_labels
from inventory.access import can_manage_location
from inventory.models import PosConnection, PosSkuMapping, ShowroomBankAccount
from inventory.selectors import consigned_vendor_ids
from inventory.services import pos_connections
from inventory.views import webhook_url
from marketplace.core.errors import ErrorCode, PermissionDeniedError, ServiceError

CREDENTIAL_LABELS = {
    "client_id": _("Client ID"),
    "client_secret": _("Client secret"),
    "access_token": _("Access token"),
    "api_key": _("API key (private app, instead of a token)"),
    "api_secret": _("API secret (private app)"),
    "webhook_secret": _("Webhook secret (the key webhooks are signed with)"),
    "verify_token": _("Verify token (Haravan's subscription handshake)"),
}


@dataclass(frozen=True)
class Credential:
    name: str
    label: str
    saved: bool  # stored already: an empty field keeps it


def credentials_of(provider: str, stored: dict | None = None) -> list[Credential]:
    return [
        Credential(name, CREDENTIAL_LABELS[name], bool((stored or {}).get(name)))
        for name in pos_connections.ACCEPTED[provider]
    ]


def _posted_credentials(post, provider) -> dict:
    """The credentials typed in; the empty ones are left out (the stored value stays)."""
    given = {}
    for name in pos_connections.ACCEPTED.get(provider, ()):
        value = post.get(f"credential_{name}", "").strip()[:500]
        if value:
            given[name] = value
    return given


def _connection_fields(post) -> dict:
    return {
        "account": post.get("account", "")[:200],
        "branch_id": post.get("branch_id", "")[:100],
        "mapping": post.get("mapping", PosConnection.Mapping.SKU),
        "push_sales": post.get("push_sales") == "1",
    }


def _connect(request, location) -> None:
    provider = request.POST.get("provider", "")
    pos_connections.pos_connection_create(
        actor=request.user,
        location=location,
        provider=provider,
        credentials=_posted_credentials(request.POST, provider),
        **_connection_fields(request.POST),
    )


def _change(request, connection) -> None:
    changes = _connection_fields(request.POST)
    typed = _posted_credentials(request.POST, connection.provider)
    if typed:  # otherwise every stored credential stays, and a cached token with them
        changes["credentials"] = typed
    pos_connections.pos_connection_update(
        actor=request.user,
        connection=connection,
        paused=request.POST.get("paused") == "1",
        **changes,
    )


def _map(request, location, connection) -> list[str]:
    variant = ProductVariant.objects.filter(
        sku=request.POST.get("sku", "").strip()[:64],
        vendor_id__in=consigned_vendor_ids(location=location),
    ).first()
    if variant is None:
        return [_("No product has this SKU.")]
    pos_connections.pos_mapping_set(
        actor=request.user,
        connection=connection,
        external_code=request.POST.get("external_code", ""),
        variant=variant,
    )
    return []


def _act(request, location) -> list[str]:
    """Do what the posted form asks; the errors to show."""
    action = request.POST.get("action", "")
    connection = None
    if request.POST.get("connection"):
        connection = get_object_or_404(
            PosConnection, pk=request.POST.get("connection"), location=location
        )
    try:
        if action == "bank":
            pos_connections.showroom_bank_account_set(
                actor=request.user,
                location=location,
                bank_bin=request.POST.get("bank_bin", "")[:10],
                account_number=request.POST.get("account_number", "")[:40],
                account_name=request.POST.get("account_name", "")[:100],
            )
        elif action == "connect":
            _connect(request, location)
        elif connection is None:
            return []
        elif action == "change":
            _change(request, connection)
        elif action == "sync":
            pos_connections.pos_connection_sync_request(
                actor=request.user, connection=connection, full=request.POST.get("full") == "1"
            )
        elif action == "map":
            return _map(request, location, connection)
        elif action == "unmap":
            mapping = get_object_or_404(
                PosSkuMapping, pk=request.POST.get("mapping"), connection=connection
            )
            pos_connections.pos_mapping_delete(actor=request.user, mapping=mapping)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.errors[0].message) from None
    except ServiceError as error:
        return [_message(e) for e in error.errors]
    return []


def _message(error) -> str:
    """A missing credential named as the form labels it."""
    name = (error.field or "").removeprefix("credentials.")
    if error.code == ErrorCode.REQUIRED and name in CREDENTIAL_LABELS:
        return _("Enter the %(label)s.") % {"label": CREDENTIAL_LABELS[name]}
    return error.message


def _new_connection(request, connected: set[str]) -> dict | None:
    """The connect form asked for (?connect=sapo, or a refused connect posted again)."""
    posted = request.method == "POST" and request.POST.get("action") == "connect"
    provider = (request.POST if posted else request.GET).get(
        "provider" if posted else "connect", ""
    )
    if provider not in PosConnection.Provider.values or provider in connected:
        return None
    typed = _connection_fields(request.POST) if posted else {}
    return {
        "provider": provider,
        "label": PosConnection.Provider(provider).label,
        "credentials": credentials_of(provider),
        **typed,
    }


@require_http_methods(["GET", "POST"])
@login_required
def settings_page(request, pk: int):
    location = _location(request, pk)
    errors = []
    if request.method == "POST":
        errors = _act(request, location)
        if not errors:
            return redirect(request.path + "?done=1")
    connections = list(
        PosConnection.objects.filter(location=location).prefetch_related("mappings__variant")
    )
    labels = status_labels()
    connected = {c.provider for c in connections}
    context = {
        "location": location,
        "errors": errors,
        "done": request.GET.get("done") == "1",
        "can_manage": can_manage_location(request.user, location),
        "bank": ShowroomBankAccount.objects.filter(location=location).first(),
        "connections": [
            {
                "connection": c,
                "webhook_url": webhook_url(c),
                "credentials": credentials_of(c.provider, c.credentials),
                "rows": [
                    (row, labels.get(row.get("status"), ""))
                    for row in c.last_report.get("rows", [])
                ],
            }
            for c in connections
        ],
        "providers": [p for p in PosConnection.Provider if p.value not in connected],
        "mappings": PosConnection.Mapping.choices,
        "new": _new_connection(request, connected),
    }
    return render(request, "showroom/settings.html", context, status=400 if errors else 200)
