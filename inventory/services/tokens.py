"""API tokens for showroom devices: shown once, stored as a sha256 hash, revocable."""

import datetime
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory.access import require_location_manager
from inventory.lock_objects import lock_location_token
from inventory.models import LocationToken
from inventory.models.devices import TOKEN_PREFIX, hash_token
from marketplace.core.errors import ErrorCode, ServiceError

HINT_LENGTH = len(TOKEN_PREFIX) + 4
# Recording every request's use would write on every read; once a minute says enough.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def new_raw_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def location_token_create(*, actor, location, name: str) -> tuple[LocationToken, str]:
    """A new token for `location`; the raw token is returned here and never again."""
    require_location_manager(actor, location)
    name = (name or "").strip()
    if not name:
        raise ServiceError.single(ErrorCode.REQUIRED, _("Name the device."), "name")
    if len(name) > 100:
        raise ServiceError.single(ErrorCode.INVALID, _("At most 100 characters."), "name")
    raw = new_raw_token()
    token = LocationToken.objects.create(
        location=location,
        name=name,
        token_hash=hash_token(raw),
        token_hint=raw[:HINT_LENGTH],
        created_by=actor,
    )
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
    if not isinstance(raw, str) or not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        LocationToken.objects.select_related("location")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        LocationToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
