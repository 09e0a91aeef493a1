"""Template filters of the reviews' parts of the storefront: compact counts and stars."""

from django import template

from frontend_templates.numbers import compact_count

register = template.Library()


@register.filter
def compact(number):
    """{{ 1200|compact }} -> "1,2k" (units sold on a product card)."""
    return compact_count(number)


@register.filter
def star_string(rating):
    """{{ 4|star_string }} -> "★★★★☆": an average rounds to the nearest whole star. For the eye
    only: pages say the number beside it."""
    try:
        filled = min(max(int(float(rating) + 0.5), 0), 5)
    except (TypeError, ValueError):
        filled = 0
    return "★" * filled + "☆" * (5 - filled)


@register.filter
def percent_of(part, whole):
    """{{ 3|percent_of:4 }} -> 75: a histogram bar's share, as a whole percentage."""
    try:
        return round(100 * int(part) / int(whole)) if int(whole) else 0
    except (TypeError, ValueError):
        return 0
