"""Secrets at rest: credentials that the platform must send to other systems (POS access tokens,
carrier API tokens, webhook secrets) are stored encrypted with Fernet (AES-128-CBC + HMAC-SHA256)
under keys from the environment, never in the database in clear.

`FIELD_ENCRYPTION_KEYS` holds one or more Fernet keys separated by commas: the first encrypts,
every one decrypts, so a key is rotated by putting a new one first and re-saving the rows
(`reencrypt()` turns one stored value into one under the new key). Under DEBUG
without keys, a key is derived from SECRET_KEY so that a bare machine works; in production a
missing key is a configuration error at the first use.
"""

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


class UndecryptableValue(Exception):
    """The value was encrypted with a key that is no longer configured."""


def _keys() -> list[bytes]:
    configured = [key.strip() for key in settings.FIELD_ENCRYPTION_KEYS if key.strip()]
    if configured:
        return [key.encode() for key in configured]
    if not settings.DEBUG:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must be set (Fernet.generate_key()) to store credentials."
        )
    digest = hashlib.sha256(f"field-encryption:{settings.SECRET_KEY}".encode()).digest()
    return [base64.urlsafe_b64encode(digest)]


def _fernet() -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in _keys()])
    except ValueError as exc:
        raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS holds an invalid key: {exc}") from exc


def encrypt_text(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt_text(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise UndecryptableValue("encrypted with a key that is not configured") from exc


def reencrypt(token: str) -> str:
    """The same secret under the current first key (for key rotation)."""
    return _fernet().rotate(token.encode()).decode()


class EncryptedTextField(models.TextField):
    """A text column holding a Fernet token; Python code sees the clear text. Not searchable,
    not orderable: only ever read whole by the code that must send it."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else decrypt_text(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return None if value is None else encrypt_text(value)

    def value_to_string(self, obj):  # dumpdata must never print secrets
        return ""


class EncryptedJSONField(EncryptedTextField):
    """A small JSON object (a provider's set of credentials), encrypted as one value."""

    def from_db_value(self, value, expression, connection):
        text = super().from_db_value(value, expression, connection)
        return None if text is None else json.loads(text)

    def to_python(self, value):
        if isinstance(value, str):
            return json.loads(value)
        return value

    def get_prep_value(self, value):
        if value is None:
            return None
        return encrypt_text(json.dumps(value, sort_keys=True))
