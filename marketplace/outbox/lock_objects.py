"""Row locks of the outbox, in one place (as Saleor's lock_objects). Every lock here skips the
rows another transaction holds: a message being run is that worker's, and nobody waits for it."""

from collections.abc import Iterable

from marketplace.outbox.models import OutboxMessage


def lock_due_message(message_id: int, now) -> OutboxMessage | None:
    """The message, if it is pending and due at `now`, locked: the claim of the worker that
    runs it. None when it is not due, done, or locked by another worker (skipped, not awaited)."""
    return (
        OutboxMessage.objects.select_for_update(skip_locked=True)
        .pending()
        .filter(pk=message_id, available_at__lte=now)
        .first()
    )


def lock_unfinished_message_ids(message_ids: Iterable[int]) -> list[int]:
    """The ids of these messages not done yet, locked; those a worker is running are skipped
    (that run finishes first)."""
    return list(
        OutboxMessage.objects.filter(pk__in=list(message_ids), done_at__isnull=True)
        .select_for_update(skip_locked=True)
        .values_list("pk", flat=True)
    )
