"""Template filters: money in đồng, thumbnails, Vietnamese phone numbers."""

from django import template
from django.core.files.storage import default_storage

from catalog.thumbnails import thumbnail_name
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


@register.simple_tag
def thumbnail_url(media, size=320):
    if media is None:
        return ""
    return default_storage.url(thumbnail_name(media, int(size)))
