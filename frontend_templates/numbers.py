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


# Thousands (nghìn: "k"), millions (triệu: "tr") and billions (tỷ), as Vietnamese shops write
# counts: "Đã bán 1,2k".
_COMPACT_UNITS = ((1_000_000_000, " tỷ"), (1_000_000, "tr"), (1_000, "k"))


def compact_count(number) -> str:
    """950 -> "950", 1200 -> "1,2k", 15300 -> "15,3k", 1_200_000 -> "1,2tr". One decimal,
    cut rather than rounded (1,299 sold is "1,2k", never more than were sold), a decimal comma,
    and none when it is 0 ("1k", not "1,0k")."""
    number = int(number or 0)
    if number < 0:
        return "-" + compact_count(-number)
    for size, unit in _COMPACT_UNITS:
        if number >= size:
            tenths = number * 10 // size
            whole, tenth = divmod(tenths, 10)
            return f"{whole},{tenth}{unit}" if tenth else f"{whole}{unit}"
    return str(number)
