"""Validators shared by several apps."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def normalize_vn_phone(value: str) -> str:
    """A Vietnamese phone number in E.164 (+84...), from what people type ("0912 345 678").

    Raises ValidationError (code "invalid") for anything that is not a valid Vietnamese number.
    """
    raw = (value or "").strip()
    try:
        number = phonenumbers.parse(raw, "VN")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or number.country_code != 84 or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("%(value)s is not a valid Vietnamese phone number."),
            code="invalid",
            params={"value": raw or '""'},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_vn_phone(e164: str) -> str:
    """ "+84912345678" -> "0912 345 678" for display."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, "VN")
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
