"""A producer's (or the platform's) accounts at parcel carriers: connect, update, disconnect.

Credentials are write-only: stored encrypted (`CarrierAccount.credentials`), never returned,
logged or put in an error message; what anyone reads back is `masked_credentials`. A producer's
owners and managers manage its accounts (and staff any); the platform's account (no producer),
which producers without their own may use, is staff's only."""

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.core.errors import ErrorCode, FieldError, PermissionDeniedError, ServiceError
from marketplace.core.permissions import is_staff
from orders.carriers.registry import carrier_class
from orders.lock_objects import lock_carrier_account, lock_carrier_account_of
from orders.models import CarrierAccount, CarrierCode
from vendors.access import LISTING_ROLES, require_vendor_role

MAX_CREDENTIAL_LENGTH = 500
MAX_CREDENTIAL_KEYS = 10


def _require_account_manager(actor, vendor) -> None:
    """Owners and managers of `vendor` (and staff); staff only for the platform's account."""
    if vendor is None:
        if not is_staff(actor):
            raise PermissionDeniedError(_("Only staff manage the platform's carrier accounts."))
        return
    require_vendor_role(actor, vendor, LISTING_ROLES)


def _required_credentials(carrier: str) -> tuple[str, ...]:
    try:
        return carrier_class(carrier).required_credentials()
    except (ValueError, ImportError):
        raise ServiceError.single(
            ErrorCode.INVALID, _("This carrier is not available."), "carrier"
        ) from None


def _cleaned(credentials, carrier: str, *, previous: dict | None = None) -> dict[str, str]:
    """The credentials as stored: text values, stripped; every key the carrier needs present
    (an update may leave out those that stay as they were). Errors name the key, never a
    value."""
    if not isinstance(credentials, dict) or len(credentials) > MAX_CREDENTIAL_KEYS:
        raise ServiceError.single(
            ErrorCode.INVALID, _("Give the credentials as key and value pairs."), "credentials"
        )
    cleaned = dict(previous or {})
    errors = []
    for key, value in credentials.items():
        if not isinstance(key, str) or not key.strip() or not isinstance(value, str | int):
            message = _("Give the credentials as key and value pairs.")
            errors.append(FieldError(ErrorCode.INVALID, message, "credentials"))
            continue
        value = str(value).strip()
        if len(value) > MAX_CREDENTIAL_LENGTH:
            errors.append(
                FieldError(
                    ErrorCode.INVALID,
                    _("%(key)s is too long.") % {"key": key},
                    f"credentials.{key.strip()}",
                )
            )
        elif value:
            cleaned[key.strip()] = value
    for key in _required_credentials(carrier):
        if not cleaned.get(key):
            errors.append(
                FieldError(
                    ErrorCode.REQUIRED,
                    _("This carrier needs %(key)s.") % {"key": key},
                    f"credentials.{key}",
                )
            )
    if errors:
        raise ServiceError(errors)
    return cleaned


def carrier_account_connect(*, actor, vendor, carrier: str, credentials: dict) -> CarrierAccount:
    """Connect `vendor`'s account at `carrier` ("ghn", "ghtk"); `vendor` None: the platform's.
    A disconnected account is connected again with the new credentials; one still connected
    is refused (update it instead)."""
    _require_account_manager(actor, vendor)
    carrier = str(getattr(carrier, "value", carrier) or "").strip().lower()
    if carrier not in CarrierCode.values:
        raise ServiceError.single(ErrorCode.INVALID, _("Unknown carrier."), "carrier")
    cleaned = _cleaned(credentials, carrier)
    with transaction.atomic():
        account = lock_carrier_account_of(vendor, carrier)
        if account is not None and account.is_active:
            raise ServiceError.single(
                ErrorCode.INVALID,
                _("This carrier is already connected; update its credentials instead."),
                "carrier",
            )
        if account is None:
            return CarrierAccount.objects.create(
                vendor=vendor, carrier=carrier, credentials=cleaned, is_active=True
            )
        account.credentials, account.is_active = cleaned, True
        account.save(update_fields=["credentials", "is_active"])
        return account


def carrier_account_update(*, actor, account: CarrierAccount, credentials: dict) -> CarrierAccount:
    """Replace some credentials of a connected account; keys left out stay as they were."""
    _require_account_manager(actor, account.vendor)
    with transaction.atomic():
        account = lock_carrier_account(account.pk)
        if not account.is_active:
            raise ServiceError.single(
                ErrorCode.INVALID, _("This carrier account is disconnected."), "id"
            )
        account.credentials = _cleaned(
            credentials, account.carrier, previous=account.credentials or {}
        )
        account.save(update_fields=["credentials"])
        return account


def carrier_account_disconnect(*, actor, account: CarrierAccount) -> CarrierAccount:
    """Forget the credentials and stop quoting with the account. The row stays (its
    shipments name it); the shipping methods linked to it are unavailable until it is
    connected again or they are linked to another (they have no price of their own)."""
    _require_account_manager(actor, account.vendor)
    with transaction.atomic():
        account = lock_carrier_account(account.pk)
        account.credentials, account.is_active = {}, False
        account.save(update_fields=["credentials", "is_active"])
        return account


def masked_credentials(*, account: CarrierAccount) -> dict[str, str]:
    """What may be shown of the credentials: each key with its value masked but for its last
    4 characters when it is long enough for that to give nothing away."""
    return {
        key: ("•" * 8 + value[-4:]) if len(value) >= 12 else "•" * 8
        for key, value in sorted((account.credentials or {}).items())
        if isinstance(value, str)
    }
