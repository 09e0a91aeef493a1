"""Assertions shared across the test suite."""

import pytest

from marketplace.core.errors import ErrorCode, ServiceError


def refused(call, code: ErrorCode, field: str | None) -> str:
    """Assert `call` fails with exactly one error of `code` on `field`; return its message,
    which must say something (not an empty or one-word message)."""
    with pytest.raises(ServiceError) as exc:
        call()
    assert [(e.code, e.field) for e in exc.value.errors] == [(code, field)], exc.value.errors
    message = exc.value.errors[0].message
    assert len(message) > 10
    return message
