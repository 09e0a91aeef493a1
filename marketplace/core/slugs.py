"""Unique slugs for rows people find by URL (products, producers)."""

from django.db import IntegrityError, transaction

from marketplace.core.text import slugify_vi


def unique_slug(model, text: str, *, field: str = "slug", exclude_pk=None, max_length=200) -> str:
    """The first free slug among base, base-2, base-3, ... for `model`."""
    base = slugify_vi(text, max_length=max_length - 6) or "item"
    queryset = model._default_manager.all()
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    taken = set(queryset.filter(**{f"{field}__startswith": base}).values_list(field, flat=True))
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


def save_with_unique_slug(instance, text: str, *, attempts: int = 5, on_integrity_error=None):
    """Save `instance` with the first free slug for `text`.

    Someone saving the same slug between our look-up and our write makes the write fail: look
    again. `on_integrity_error` runs first on any failure, so that a clash on another unique
    column can become a clear ServiceError instead of a retry.
    """
    model = type(instance)
    for attempt in range(attempts):
        instance.slug = unique_slug(model, text, exclude_pk=instance.pk)
        try:
            with transaction.atomic():
                instance.save()
            return instance
        except IntegrityError:
            if on_integrity_error is not None:
                on_integrity_error()
            if attempt == attempts - 1:
                raise
    return instance
