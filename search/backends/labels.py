"""How both backends name and key facet values that no table names: price buckets, stars,
stock, minimum ratings. In symbols and formatted money, so they need no translation."""

from marketplace.core.money import format_vnd
from search.backends.base import PRICE_BUCKETS, SearchFilters


def bucket_key(low: int | None, high: int | None) -> str:
    """ "50000-100000"; an open end is left empty: "-50000", "500000-"."""
    return f"{'' if low is None else low}-{'' if high is None else high}"


def price_label(key: str) -> str:
    """ "50.000 ₫ – 100.000 ₫", "< 50.000 ₫", "≥ 500.000 ₫"."""
    low, _, high = key.partition("-")
    if not low:
        return f"< {format_vnd(int(high))}"
    if not high:
        return f"≥ {format_vnd(int(low))}"
    return f"{format_vnd(int(low))} – {format_vnd(int(high))}"


def star_label(stars: int) -> str:
    return "★" * stars


def rating_label(minimum: int) -> str:
    """ "≥ 4★": an average of at least that many stars."""
    return f"≥ {minimum}★"


def stock_label(key: str) -> str:
    return "✓" if key == "true" else "✗"


def chosen_buckets(filters: SearchFilters) -> set[str]:
    """The bucket the price filter is exactly (its upper bound inclusive or not)."""
    chosen = set()
    for low, high in PRICE_BUCKETS:
        lows = {None, 0} if low is None else {low}
        highs = {None} if high is None else {high, high - 1}
        if filters.price_gte in lows and filters.price_lte in highs:
            chosen.add(bucket_key(low, high))
    return chosen
