"""Running one outbox message: claim it, run its handler, mark it done or due again later."""

import logging
import traceback
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from marketplace.outbox import registry
from marketplace.outbox.lock_objects import lock_due_message
from marketplace.outbox.models import OutboxMessage

logger = logging.getLogger(__name__)


class Outcome(StrEnum):
    DONE = "done"
    RETRY = "retry"  # failed; due again after the backoff
    FAILED = "failed"  # failed for the last time: waits for staff
    SKIPPED = "skipped"  # done already, given up, not due yet, or another worker has it


def deliver(*, message_id: int) -> Outcome:
    """Run the message's handler once, if it is due and nobody else is running it.

    One transaction: the row lock is the claim (a second copy of the task skips the row
    instead of waiting), and the handler's writes commit with the mark that it is done. A
    worker that dies midway rolls all of it back, so the message is simply due again.
    """
    now = timezone.now()
    with transaction.atomic():
        message = lock_due_message(message_id, now)
        if message is None:
            return Outcome.SKIPPED
        message.attempts += 1
        message.claimed_at = now
        try:
            with transaction.atomic():  # a failed handler leaves none of its writes
                registry.get(message.handler).run(message.payload)
        except Exception as exc:  # any failure of the handler is recorded and retried
            return _record_failure(message, exc)
        message.done_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["attempts", "claimed_at", "done_at", "last_error"])
    return Outcome.DONE


def backoff(attempts: int) -> timedelta:
    """The pause after the `attempts`-th failure: the base, doubling, capped."""
    seconds = settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.OUTBOX_RETRY_MAX_SECONDS))


def max_attempts(handler_name: str) -> int:
    try:
        own = registry.get(handler_name).max_attempts
    except LookupError:
        own = None
    return own or settings.OUTBOX_MAX_ATTEMPTS


def _record_failure(message: OutboxMessage, exc: Exception) -> Outcome:
    message.last_error = "".join(traceback.format_exception(exc))[-4000:]
    message.dispatched_at = None  # to be handed over again once due
    if message.attempts >= max_attempts(message.handler):
        message.failed_at = timezone.now()
        outcome = Outcome.FAILED
        logger.error("Outbox message %s gave up after %s attempts", message, message.attempts)
    else:
        message.available_at = timezone.now() + backoff(message.attempts)
        outcome = Outcome.RETRY
        logger.warning(
            "Outbox message %s failed (attempt %s: %s: %s); due again at %s",
            message,
            message.attempts,
            type(exc).__name__,
            exc,
            message.available_at.isoformat(),
        )
    message.save(
        update_fields=[
            "attempts",
            "claimed_at",
            "last_error",
            "dispatched_at",
            "failed_at",
            "available_at",
        ]
    )
    return outcome
