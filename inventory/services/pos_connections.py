"""Setting a showroom up with its POS: connections (credentials are write-only: kept encrypted,
never shown again), the item mapping table, syncs on demand, and the bank account that the
counter's VietQR codes pay into.

A showroom's managers and platform staff change these; its clerks only read them; a device
token of the showroom may ask for a sync."""

import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from inventory.access import is_device, require_location_manager
from inventory.background import enqueue_after_commit
from inventory.lock_objects import lock_pos_connection
from inventory.models import Location, PosConnection, PosSkuMapping, ShowroomBankAccount
from inventory.selectors import consigned_vendor_ids
from marketplace.core.errors import ErrorCode, FieldError, PermissionDeniedError, ServiceError

PULL_TASK = "inventory.tasks.pull_pos_connection"
SECRET_FIELDS = (
    "client_id",
    "client_secret",
    "access_token",
    "api_key",
    "api_secret",
    "webhook_secret",
    "verify_token",
)
# What each provider takes, and what it needs (Sapo also works with api_key + api_secret
# instead of a token; Haravan's verify token answers its subscription handshake).
ACCEPTED = {
    PosConnection.Provider.KIOTVIET: ("client_id", "client_secret", "webhook_secret"),
    PosConnection.Provider.SAPO: ("access_token", "api_key", "api_secret", "webhook_secret"),
    PosConnection.Provider.HARAVAN: ("access_token", "webhook_secret", "verify_token"),
}
REQUIRED = {
    PosConnection.Provider.KIOTVIET: ("client_id", "client_secret", "webhook_secret"),
    PosConnection.Provider.SAPO: ("access_token", "webhook_secret"),
    PosConnection.Provider.HARAVAN: ("access_token", "webhook_secret"),
}
_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


def _invalid(message, field, code=ErrorCode.INVALID) -> ServiceError:
    return ServiceError.single(code, message, field)


def _clean_credentials(provider, given: dict, current: dict) -> dict:
    """The stored credentials with the given ones merged in: an empty value keeps the one
    stored, so a form never has to show a secret to keep it."""
    merged = dict(current or {})
    for name, value in (given or {}).items():
        if name not in SECRET_FIELDS:
            raise _invalid(_("Unknown credential %(name)s.") % {"name": name}, "credentials")
        value = (value or "").strip()
        if len(value) > 500:
            raise _invalid(_("A credential has at most 500 characters."), f"credentials.{name}")
        if value:
            merged[name] = value
    required = REQUIRED[provider]
    sapo_key = merged.get("api_key") and merged.get("api_secret")
    if provider == PosConnection.Provider.SAPO and sapo_key:
        required = ("webhook_secret",)
    errors = [
        FieldError(
            ErrorCode.REQUIRED, _("Give the %(name)s.") % {"name": name}, f"credentials.{name}"
        )
        for name in required
        if not merged.get(name)
    ]
    if errors:
        raise ServiceError(errors)
    return merged


def _clean(provider, account, branch_id, mapping):
    try:
        provider = PosConnection.Provider(str(provider).lower())
    except ValueError:
        raise _invalid(_("The POS is KiotViet, Sapo or Haravan."), "provider") from None
    account = (account or "").strip()
    if not account or len(account) > 120:
        raise _invalid(_("Give the POS account (shop name), at most 120 characters."), "account")
    branch_id = (str(branch_id) if branch_id is not None else "").strip()
    if not _ID.match(branch_id):
        raise _invalid(_("Give the POS's id of this showroom's branch."), "branch_id")
    try:
        mapping = PosConnection.Mapping(str(mapping).lower())
    except ValueError:
        raise _invalid(_("Items map by SKU, by barcode or by the table."), "mapping") from None
    return provider, account, branch_id, mapping


def pos_connection_create(
    *,
    actor,
    location,
    provider,
    account,
    branch_id,
    credentials: dict,
    mapping=PosConnection.Mapping.SKU,
    push_sales: bool = False,
) -> PosConnection:
    require_location_manager(actor, location)
    if location.kind != Location.Kind.SHOWROOM:
        raise _invalid(_("POS connections are for showrooms."), "location_id")
    provider, account, branch_id, mapping = _clean(provider, account, branch_id, mapping)
    secrets = _clean_credentials(provider, credentials, {})
    try:
        with transaction.atomic():
            connection = PosConnection.objects.create(
                location=location,
                provider=provider,
                account=account,
                branch_id=branch_id,
                credentials=secrets,
                mapping=mapping,
                push_sales=bool(push_sales),
                created_by=actor,
            )
            # The first sync learns the POS's items and sets every count.
            enqueue_after_commit(PULL_TASK, connection.pk, True)
    except IntegrityError:
        raise _invalid(
            _("This showroom is already connected to %(provider)s.") % {"provider": provider.label},
            "provider",
            ErrorCode.UNIQUE,
        ) from None
    return connection


def pos_connection_update(*, actor, connection, **changes) -> PosConnection:
    """Change any of account, branch_id, mapping, push_sales, paused, credentials."""
    require_location_manager(actor, connection.location)
    with transaction.atomic():
        connection = lock_pos_connection(connection)
        _, account, branch_id, mapping = _clean(
            connection.provider,
            changes.get("account", connection.account),
            changes.get("branch_id", connection.branch_id),
            changes.get("mapping", connection.mapping),
        )
        if branch_id != connection.branch_id or account != connection.account:
            # Another shop or branch: what was learned about the old one no longer holds.
            connection.items.all().delete()
            connection.token_cache, connection.sync_cursor = {}, None
        connection.account, connection.branch_id, connection.mapping = account, branch_id, mapping
        if "credentials" in changes:
            connection.credentials = _clean_credentials(
                connection.provider, changes["credentials"], connection.credentials
            )
            connection.token_cache = {}
        if "push_sales" in changes:
            connection.push_sales = bool(changes["push_sales"])
        if "paused" in changes:
            connection.status = (
                PosConnection.Status.PAUSED if changes["paused"] else PosConnection.Status.ACTIVE
            )
        connection.save()
    return connection


def pos_connection_delete(*, actor, connection) -> None:
    require_location_manager(actor, connection.location)
    PosConnection.objects.filter(pk=connection.pk).delete()


def pos_connection_sync_request(*, actor, connection, full: bool = False) -> PosConnection:
    """Queue a pull now (a full resync when `full`): managers, staff, or a device of the
    showroom (a till may ask for fresh counts)."""
    own_device = (
        is_device(actor) and actor.is_active and actor.location_id == connection.location_id
    )
    if not own_device:
        try:
            require_location_manager(actor, connection.location)
        except PermissionDeniedError:
            raise PermissionDeniedError(
                _("Only the showroom's managers or its devices can start a sync.")
            ) from None
    if not connection.is_enabled:
        raise _invalid(_("The connection is paused."), "id", ErrorCode.INVALID_TRANSITION)
    enqueue_after_commit(PULL_TASK, connection.pk, bool(full))
    return connection


def pos_mapping_set(*, actor, connection, external_code: str, variant) -> PosSkuMapping:
    """Map a POS item code to one of the variants held here (replacing its mapping)."""
    require_location_manager(actor, connection.location)
    code = (external_code or "").strip()
    if not code or len(code) > 64:
        raise _invalid(_("Give the POS item code, at most 64 characters."), "external_code")
    if variant.vendor_id not in consigned_vendor_ids(location=connection.location):
        raise _invalid(_("This product is not held on consignment here."), "variant_id")
    with transaction.atomic():
        mapping, _created = PosSkuMapping.objects.update_or_create(
            connection=connection, external_code=code, defaults={"variant": variant}
        )
    return mapping


def pos_mapping_delete(*, actor, mapping) -> None:
    require_location_manager(actor, mapping.connection.location)
    PosSkuMapping.objects.filter(pk=mapping.pk).delete()


def showroom_bank_account_set(
    *, actor, location, bank_bin: str, account_number: str, account_name: str
) -> ShowroomBankAccount:
    """Where the counter's VietQR payments go: a NAPAS BIN, an account number, its holder."""
    require_location_manager(actor, location)
    if location.kind != Location.Kind.SHOWROOM:
        raise _invalid(_("Bank accounts are for showrooms."), "location_id")
    bank_bin = (bank_bin or "").strip()
    account_number = re.sub(r"\s+", "", account_number or "")
    account_name = " ".join((account_name or "").split()).upper()
    errors = []
    if not re.fullmatch(r"\d{6}", bank_bin):
        errors.append(FieldError(ErrorCode.INVALID, _("A bank BIN is 6 digits."), "bank_bin"))
    if not re.fullmatch(r"[0-9A-Za-z]{4,19}", account_number):
        errors.append(
            FieldError(
                ErrorCode.INVALID,
                _("An account number is 4 to 19 letters or digits."),
                "account_number",
            )
        )
    if not account_name or len(account_name) > 70:
        errors.append(
            FieldError(ErrorCode.INVALID, _("Give the account holder's name."), "account_name")
        )
    if errors:
        raise ServiceError(errors)
    account, _created = ShowroomBankAccount.objects.update_or_create(
        location=location,
        defaults={
            "bank_bin": bank_bin,
            "account_number": account_number,
            "account_name": account_name,
            "updated_by": actor,
        },
    )
    return account
