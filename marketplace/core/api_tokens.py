"""Bearer API tokens for clients that are not people (showroom devices, apps): a random token
with a recognisable prefix, shown once when created; only its sha256 is stored, with a hint
of its first characters so its owner can tell tokens apart; revocable; last use recorded."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The prefix and this many random characters make the hint.
HINT_RANDOM_CHARS = 4
# Recording every request's use would write on every read; once a minute says enough.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def new_raw_token(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def token_hint(raw: str, prefix: str) -> str:
    return raw[: len(prefix) + HINT_RANDOM_CHARS]


def hashed_token_fields(*, prefix: str) -> tuple[str, dict]:
    """A new raw token and the model fields that store it (hash, hint)."""
    raw = new_raw_token(prefix)
    return raw, {"token_hash": hash_token(raw), "token_hint": token_hint(raw, prefix)}


def find_active_token(queryset, *, raw, prefix: str):
    """The unrevoked token of `queryset` whose raw value is `raw`, or None; records its use."""
    if not isinstance(raw, str) or not raw.startswith(prefix):
        return None
    token = queryset.filter(token_hash=hash_token(raw), revoked_at__isnull=True).first()
    if token is not None:
        record_use(token)
    return token


def record_use(token) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        type(token)._default_manager.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


class HashedToken(models.Model):
    """The columns every API token has."""

    # sha256 of the token; the token itself is shown once, when created, and never stored.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_hint = models.CharField(
        max_length=16, editable=False, help_text=_("The first characters, to recognise it.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
