"""Money: VND in whole đồng, stored as integers, shown with Babel ("150.000 ₫" in Vietnamese)."""

from babel.numbers import format_currency
from django.utils import translation

CURRENCY = "VND"

_LOCALES = {"vi": "vi_VN", "en": "en_US"}


def babel_locale(language: str | None = None) -> str:
    language = (language or translation.get_language() or "vi").split("-")[0]
    return _LOCALES.get(language, "vi_VN")


def format_vnd(amount: int | None, *, language: str | None = None) -> str:
    """Format whole đồng for people: 150000 -> "150.000 ₫" (vi) or "₫150,000" (en).

    Babel puts a no-break space before the symbol so that the amount never wraps away from it.
    """
    if amount is None:
        return ""
    return format_currency(int(amount), CURRENCY, locale=babel_locale(language))
