from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import ean
from stdnum import exceptions as stdnum_errors


def normalize_gtin(value: str) -> str:
    """A GTIN-8, -12, -13 or -14 (barcode number) with a correct check digit, digits only."""
    raw = (value or "").strip()
    try:
        return ean.validate(raw)
    except stdnum_errors.InvalidChecksum:
        message = _("GTIN %(value)s has a wrong check digit.")
    except stdnum_errors.ValidationError:
        message = _("GTIN %(value)s is not valid: use the 8, 12, 13 or 14 digits of the barcode.")
    raise ValidationError(message, code="invalid", params={"value": raw or '""'})


def validate_gtin(value: str) -> None:
    if value:
        normalize_gtin(value)
