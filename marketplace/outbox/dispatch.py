"""Handing outbox messages to the workers: right after commit, and again from the sweep."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from marketplace.core.batches import delete_in_batches
from marketplace.outbox.delivery import deliver
from marketplace.outbox.models import OutboxMessage

logger = logging.getLogger(__name__)

DELIVER_TASK = "marketplace.outbox.tasks.deliver"


def runs_inline() -> bool:
    """No broker configured: messages run in the process that committed them."""
    return bool(settings.CELERY_TASK_ALWAYS_EAGER)


def hand_over(message_ids) -> int:
    """Send each message to the workers, or run it here without a broker; returns how many.

    A broker that refuses is logged, never raised: the caller's change is committed already,
    and the messages stay pending for the sweep.
    """
    ids = list(message_ids)
    if not ids:
        return 0
    if runs_inline():
        for pk in ids:
            deliver(message_id=pk)
        return len(ids)
    from marketplace.celery import app

    # Marked first: a worker that fails the message clears the mark, and must not have it
    # set again behind its back.
    OutboxMessage.objects.filter(pk__in=ids).update(dispatched_at=timezone.now())
    sent = 0
    try:
        # A connection of its own that tries once: a broker that is down costs the caller one
        # refused connect, not the client's reconnection pauses (seconds, in the request).
        with app.connection_for_write(
            connect_timeout=2, transport_options={"max_retries": 0}
        ) as connection:
            for pk in ids:
                app.send_task(
                    DELIVER_TASK, args=[pk], connection=connection, retry=False, ignore_result=True
                )
                sent += 1
    except Exception:  # the broker's errors are many (connection, auth, timeout); all wait
        OutboxMessage.objects.filter(pk__in=ids[sent:]).update(dispatched_at=None)
        logger.warning(
            "The broker did not take outbox messages %s; the sweep will hand them over",
            ids[sent:],
            exc_info=True,
        )
    return sent


def hand_over_after_commit(message_ids) -> None:
    """Hand these over once the current transaction commits; whatever goes wrong then is
    logged, never raised to the caller, whose change is committed."""
    ids = list(message_ids)

    def hand_over_committed():  # a named function: Django logs a failure by its name
        hand_over(ids)

    transaction.on_commit(hand_over_committed, robust=True)


def due_messages(*, limit: int):
    """Pending and due, never handed over or handed over longer ago than the visibility
    timeout (the broker may have lost it, or its worker died)."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.OUTBOX_VISIBILITY_TIMEOUT_SECONDS)
    return (
        OutboxMessage.objects.pending()
        .filter(available_at__lte=now)
        .filter(Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=stale))
        .order_by("available_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def sweep(*, limit: int = 1000) -> int:
    """Hand over every due message that needs it; returns how many went."""
    return hand_over(due_messages(limit=limit))


def purge_done(*, batch: int = 5000) -> int:
    """Delete messages done longer ago than OUTBOX_RETENTION_DAYS (failed ones stay)."""
    before = timezone.now() - timedelta(days=settings.OUTBOX_RETENTION_DAYS)
    return delete_in_batches(OutboxMessage.objects.filter(done_at__lt=before), batch=batch)
