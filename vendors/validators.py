"""Validators for producers' legal identifiers."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.vn import mst


def normalize_tax_code(value: str) -> str:
    """A Vietnamese tax code (mã số thuế) in its standard form: "0100233488" or "0314409058-002".

    Ten digits whose last is a check digit, optionally followed by a three-digit branch suffix.
    Spaces, dots and dashes people type are accepted. Raises ValidationError (code "invalid").
    """
    raw = (value or "").strip()
    try:
        return mst.format(mst.validate(raw))
    except stdnum_errors.InvalidChecksum:
        message = _("Tax code %(value)s has a wrong check digit; please check it.")
    except stdnum_errors.InvalidComponent:
        if len(mst.compact(raw)) == 13:
            message = _(
                "Tax code %(value)s is not valid: a branch number runs from 001 to 999, "
                "never 000 (0100233488-001)."
            )
        else:
            message = _("Tax code %(value)s is not valid: its serial digits cannot all be 0.")
    except stdnum_errors.ValidationError:
        message = _(
            "Tax code %(value)s is not valid: it must be 10 digits, or 10 digits, a dash "
            "and a 3-digit branch number (0100233488-001)."
        )
    raise ValidationError(message, code="invalid", params={"value": raw or '""'})


def validate_tax_code(value: str) -> None:
    normalize_tax_code(value)
