"""The dashboard header's count of reviews waiting for the producer's reply."""

from django import template

from reviews.producer_selectors import unanswered_count

register = template.Library()


@register.simple_tag
def unanswered_reviews(vendor) -> int:
    return unanswered_count(vendor) if vendor is not None else 0
