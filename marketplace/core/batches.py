"""Deleting many rows without holding long locks."""


def delete_in_batches(queryset, *, batch: int) -> int:
    """Delete the rows of `queryset` a batch at a time, so that a large backlog never holds
    long locks; returns how many (not counting what their deletion cascades to)."""
    deleted = 0
    while True:
        ids = list(queryset.values_list("pk", flat=True)[:batch])
        if not ids:
            return deleted
        queryset.model._default_manager.filter(pk__in=ids).delete()
        deleted += len(ids)
