"""Errors that services raise for expected failures.

Every expected failure carries a machine-readable code (the GraphQL layer maps them 1:1 to its
`ErrorCode` enum), the field it concerns when there is one, and a human message in the active
language. Callers never have to parse messages.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError


class ErrorCode(StrEnum):
    REQUIRED = "REQUIRED"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    UNIQUE = "UNIQUE"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    UNSUPPORTED_FILE_TYPE = "UNSUPPORTED_FILE_TYPE"
    INSUFFICIENT_STOCK = "INSUFFICIENT_STOCK"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    INVALID_TOKEN = "INVALID_TOKEN"
    THROTTLED = "THROTTLED"
    PRICE_CHANGED = "PRICE_CHANGED"
    NOT_DELIVERED = "NOT_DELIVERED"
    ALREADY_REVIEWED = "ALREADY_REVIEWED"
    WINDOW_CLOSED = "WINDOW_CLOSED"
    SHIPPING_CHANGED = "SHIPPING_CHANGED"
    CARRIER_UNAVAILABLE = "CARRIER_UNAVAILABLE"
    VOUCHER_INVALID = "VOUCHER_INVALID"
    VOUCHER_USED_UP = "VOUCHER_USED_UP"


# Django's own validation codes, folded into ours.
_DJANGO_CODES = {
    "required": ErrorCode.REQUIRED,
    "blank": ErrorCode.REQUIRED,
    "null": ErrorCode.REQUIRED,
    "unique": ErrorCode.UNIQUE,
    "unique_together": ErrorCode.UNIQUE,
}


@dataclass(frozen=True)
class FieldError:
    code: ErrorCode
    message: str
    field: str | None = None


class ServiceError(Exception):
    """An expected failure: nothing was changed, and `errors` says why."""

    def __init__(self, errors: FieldError | Iterable[FieldError]):
        self.errors = [errors] if isinstance(errors, FieldError) else list(errors)
        super().__init__("; ".join(f"{e.field or '-'}: {e.message}" for e in self.errors))

    @classmethod
    def single(cls, code: ErrorCode, message, field: str | None = None) -> "ServiceError":
        return cls(FieldError(code=code, message=str(message), field=field))

    @property
    def codes(self) -> list[ErrorCode]:
        return [e.code for e in self.errors]

    @classmethod
    def from_validation_error(
        cls, error: ValidationError, *, field: str | None = None
    ) -> "ServiceError":
        """Convert a Django ValidationError (from validators or full_clean) keeping fields.

        `field` names the field of an error raised by a single validator.
        """
        errors: list[FieldError] = []
        if hasattr(error, "error_dict"):
            for name, field_errors in error.error_dict.items():
                for item in field_errors:
                    errors.append(_field_error(item, None if name == "__all__" else name))
        else:
            errors.extend(_field_error(item, field) for item in error.error_list)
        return cls(errors)


class PermissionDeniedError(ServiceError):
    def __init__(self, message=None):
        from django.utils.translation import gettext

        super().__init__(
            FieldError(
                code=ErrorCode.PERMISSION_DENIED,
                message=str(message or gettext("You do not have permission to do this.")),
            )
        )


def _field_error(item: ValidationError, field: str | None) -> FieldError:
    message = item.message % item.params if item.params else item.message
    raw_code = item.code or "invalid"
    try:
        code = ErrorCode(raw_code.upper())
    except ValueError:
        code = _DJANGO_CODES.get(raw_code, ErrorCode.INVALID)
    return FieldError(code=code, message=str(message), field=field)
