"""Recording work in the outbox, and staff sending failed work round again."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from marketplace.core.permissions import require_staff
from marketplace.outbox import registry
from marketplace.outbox.dispatch import hand_over_after_commit
from marketplace.outbox.lock_objects import lock_unfinished_message_ids
from marketplace.outbox.models import OutboxMessage


def enqueue(
    *,
    handler: str,
    payload: dict,
    dedupe_key: str | None = None,
    delay: timedelta | None = None,
) -> OutboxMessage:
    """Record work for `handler` in the caller's transaction; it runs once that commits.

    A `dedupe_key` seen before records nothing and returns the earlier message. A `delay`
    holds the message back: the sweep hands it over once it is due.
    """
    registry.get(handler)  # an unknown name is a bug: fail in the caller, not in a worker
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            "enqueue() must be called inside the transaction.atomic() that makes the change."
        )
    now = timezone.now()
    fields = {
        "handler": handler,
        "payload": payload,
        "created_at": now,
        "available_at": now + (delay or timedelta()),
    }
    if dedupe_key is None:
        message, created = OutboxMessage.objects.create(**fields), True
    else:
        message, created = OutboxMessage.objects.get_or_create(
            dedupe_key=dedupe_key, defaults=fields
        )
    if created and not delay:
        hand_over_after_commit([message.pk])
    return message


def enqueue_many(*, messages: list[tuple[str, dict]]) -> list[OutboxMessage]:
    """Several messages (handler, payload) recorded in one INSERT, for work one change starts
    together (an order placed: its e-mails); none delayed or deduplicated."""
    for handler, _payload in messages:
        registry.get(handler)
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            "enqueue_many() must be called inside the transaction.atomic() that makes the change."
        )
    now = timezone.now()
    rows = OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(handler=handler, payload=payload, created_at=now, available_at=now)
            for handler, payload in messages
        ]
    )
    hand_over_after_commit([row.pk for row in rows])
    return rows


def outbox_retry(*, actor, messages) -> int:
    """Staff: make these messages (failed or waiting for a retry) due now, with a fresh
    round of attempts; returns how many. Done messages are left alone."""
    require_staff(actor)
    with transaction.atomic():
        # Messages being run now are skipped: that run finishes first.
        ids = lock_unfinished_message_ids(m.pk for m in messages)
        OutboxMessage.objects.filter(pk__in=ids).update(
            failed_at=None, attempts=0, available_at=timezone.now(), dispatched_at=None
        )
        hand_over_after_commit(ids)
    return len(ids)
