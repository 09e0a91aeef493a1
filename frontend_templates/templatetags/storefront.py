"""Template filters: money in đồng, thumbnails, Vietnamese phone numbers, users' HTML."""

from django import template
from django.core.files.storage import default_storage
from django.utils.safestring import mark_safe

from catalog.thumbnails import thumbnail_name
from marketplace.core.html import sanitize_html
from marketplace.core.money import format_vnd
from marketplace.core.validators import format_vn_phone

register = template.Library()


@register.filter
def vnd(amount):
    """{{ 150000|vnd }} -> "150.000 ₫" (in Vietnamese)."""
    return format_vnd(amount)


@register.filter
def phone(e164):
    return format_vn_phone(e164)


@register.filter
def sanitized(value):
    """Formatted text a producer wrote (descriptions, stories): cleaned when stored, and again
    here, so that a row that skipped the services (an import, a restore, a hand edit) cannot
    carry a script to the shop."""
    return mark_safe(sanitize_html(value))


@register.simple_tag
def thumbnail_url(media, size=320):
    if media is None:
        return ""
    return default_storage.url(thumbnail_name(media, int(size)))
