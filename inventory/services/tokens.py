"""API tokens for showroom devices: shown once, stored as a sha256 hash, revocable."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory.access import require_location_manager
from inventory.lock_objects import lock_location_token
from inventory.models import LocationToken
from inventory.models.devices import TOKEN_PREFIX
from marketplace.core import api_tokens
from marketplace.core.errors import ErrorCode, ServiceError

HINT_LENGTH = len(TOKEN_PREFIX) + api_tokens.HINT_RANDOM_CHARS


def new_raw_token() -> str:
    return api_tokens.new_raw_token(TOKEN_PREFIX)


def location_token_create(*, actor, location, name: str) -> tuple[LocationToken, str]:
    """A new token for `location`; the raw token is returned here and never again."""
    require_location_manager(actor, location)
    name = (name or "").strip()
    if not name:
        raise ServiceError.single(ErrorCode.REQUIRED, _("Name the device."), "name")
    if len(name) > 100:
        raise ServiceError.single(ErrorCode.INVALID, _("At most 100 characters."), "name")
    raw, stored = api_tokens.hashed_token_fields(prefix=TOKEN_PREFIX)
    token = LocationToken.objects.create(location=location, name=name, created_by=actor, **stored)
    return token, raw


def location_token_revoke(*, actor, token: LocationToken) -> LocationToken:
    require_location_manager(actor, token.location)
    with transaction.atomic():
        token = lock_location_token(token)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
        return token


def authenticate_location_token(*, raw: str) -> LocationToken | None:
    """The active token for `raw`, or None; records its use."""
    return api_tokens.find_active_token(
        LocationToken.objects.select_related("location"), raw=raw, prefix=TOKEN_PREFIX
    )
