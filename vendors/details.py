"""Cleaning the producer details that applications and producers share."""

from django.core.validators import validate_email
from django.utils.translation import gettext as _

from marketplace.core.cleaning import clean_fields
from marketplace.core.errors import ErrorCode, FieldError, ServiceError
from marketplace.core.html import sanitize_html
from marketplace.core.validators import normalize_vn_phone
from marketplace.geography.models import Commune
from marketplace.geography.selectors import commune_by_code
from vendors.models import VendorKind
from vendors.validators import normalize_tax_code

DETAIL_FIELDS = (
    "legal_name",
    "display_name",
    "kind",
    "tax_code",
    "commune",
    "street_address",
    "phone",
    "email",
    "story",
)
_MAX_LENGTHS = {"legal_name": 255, "display_name": 150, "street_address": 255}


def clean_details(details: dict) -> dict:
    """Validate and normalise producer details; raise one ServiceError listing every problem.

    Empty values are allowed here (a draft may be incomplete); `require_details` checks
    completeness. `commune` may be a Commune or its code.
    """
    return clean_fields(details, allowed=DETAIL_FIELDS, clean=_clean_field)


def _clean_field(field: str, value):
    if field == "commune":
        return _clean_commune(value)
    value = (value or "").strip() if isinstance(value, str) or value is None else value
    if field in _MAX_LENGTHS and len(value) > _MAX_LENGTHS[field]:
        raise ServiceError.single(
            ErrorCode.INVALID,
            _("At most %(n)s characters.") % {"n": _MAX_LENGTHS[field]},
            field,
        )
    if not value:
        return ""
    if field == "tax_code":
        return normalize_tax_code(value)
    if field == "phone":
        return normalize_vn_phone(value)
    if field == "email":
        validate_email(value)
        return value.lower()
    if field == "kind":
        if value not in VendorKind.values:
            raise ServiceError.single(
                ErrorCode.INVALID,
                _("Choose one of: %(kinds)s.") % {"kinds": ", ".join(VendorKind.values)},
                field,
            )
        return value
    if field == "story":
        return sanitize_html(value)
    return value


def _clean_commune(value) -> Commune | None:
    if isinstance(value, Commune):
        return value
    return commune_by_code("" if value is None else str(value), field="commune")


REQUIRED_FOR_SUBMISSION = ("legal_name", "display_name", "kind", "tax_code", "commune", "phone")


def require_details(obj, fields=REQUIRED_FOR_SUBMISSION) -> None:
    missing = [field for field in fields if not getattr(obj, field)]
    if missing:
        raise ServiceError(
            [FieldError(ErrorCode.REQUIRED, _("This field is required."), f) for f in missing]
        )
