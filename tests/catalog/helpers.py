"""Assertions shared by the catalogue tests."""

import os

from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from marketplace.core.errors import ErrorCode

# Who may not touch a producer's listings: (fixture name or None for anonymous).
OUTSIDERS = ["member_staff", "other_owner", "shopper", "anonymous", "nobody"]


def outsider(request, name):
    """The user a parametrised test refers to by name ("anonymous", "nobody" = None)."""
    if name == "anonymous":
        return AnonymousUser()
    if name == "nobody":
        return None
    return request.getfixturevalue(name)


def refused(excinfo, code: ErrorCode, field: str | None, *words: str) -> str:
    """Check that a ServiceError carries `code` on `field` with a message naming `words`."""
    errors = excinfo.value.errors
    matching = [e for e in errors if e.code == code and e.field == field]
    assert matching, f"expected {code} on {field!r}, got {errors}"
    message = matching[0].message
    assert len(message) >= 10, message
    for word in words:
        assert word.lower() in message.lower(), (word, message)
    return message


def stored_files() -> list[str]:
    """Every file under MEDIA_ROOT (a fresh folder per test), relative to it."""
    root = str(settings.MEDIA_ROOT)
    return sorted(
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _dirs, names in os.walk(root)
        for name in names
    )
