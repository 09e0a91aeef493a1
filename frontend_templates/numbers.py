"""Whole numbers as people type them into the pages' forms."""

import re

# ASCII digits, alone or in groups of three split by one kind of separator: "150000",
# "150.000" (as Vietnamese write it), "150,000", "150 000"; an optional minus, so that the
# service can say why a negative number does not fit.
_TYPED = re.compile(r"-?(?:\d+|\d{1,3}(?P<sep>[.,\u00a0\u202f ])\d{3}(?:(?P=sep)\d{3})*)", re.ASCII)
MAX_DIGITS = 18  # beyond every quantity and price, within a 64-bit integer


def typed_whole_number(text) -> int | None:
    """The number typed, or None when it is not a whole number as a person writes one. "1.5"
    and "1,5" (one and a half) are not 15; "12a", "1_000", "²" and "١٢" are not numbers here,
    although Python's int() reads the last three."""
    text = str(text if text is not None else "").strip()
    if not _TYPED.fullmatch(text) or sum(c.isdigit() for c in text) > MAX_DIGITS:
        return None
    return int(re.sub(r"[^\d-]", "", text, flags=re.ASCII))
