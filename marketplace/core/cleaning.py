"""Cleaning a set of named input values in one go, the way every service does it."""

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from marketplace.core.errors import ErrorCode, FieldError, ServiceError


def clean_fields(values: dict, *, allowed: Iterable[str], clean: Callable[[str, object], object]):
    """Clean every value with `clean(field, value)` and return the cleaned dict.

    All problems are reported at once in one ServiceError (a form shows every mistake, not the
    first): unknown fields are INVALID, and a `clean` may raise a ServiceError or a Django
    ValidationError for its field.
    """
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise ServiceError(
            [FieldError(ErrorCode.INVALID, _("Unknown field."), field) for field in unknown]
        )
    cleaned, errors = {}, []
    for field, value in values.items():
        try:
            cleaned[field] = clean(field, value)
        except ServiceError as exc:
            errors.extend(exc.errors)
        except ValidationError as exc:
            errors.extend(ServiceError.from_validation_error(exc, field=field).errors)
    if errors:
        raise ServiceError(errors)
    return cleaned
