"""Running a message: done once; a failure is kept, retried with a growing pause, then given
up and left to staff; a second copy of the task skips a message another worker holds."""

import threading
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.outbox.delivery import Outcome, backoff, deliver
from marketplace.outbox.models import OutboxMessage
from marketplace.outbox.registry import handler
from marketplace.outbox.services import enqueue
from tests.concurrency import run_in_threads
from tests.outbox import support

pytestmark = pytest.mark.django_db


def pending(handler="tests.flaky", **payload) -> OutboxMessage:
    """A message as a commit leaves it when nothing has run it yet."""
    return OutboxMessage.objects.create(handler=handler, payload=payload)


def make_due(message: OutboxMessage) -> None:
    OutboxMessage.objects.filter(pk=message.pk).update(available_at=timezone.now())


def test_a_failure_is_kept_and_retried_after_a_growing_pause(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 30
    support.failures["left"] = 2
    message = pending(n=1)

    assert deliver(message_id=message.pk) == Outcome.RETRY
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("retrying", 1)
    assert "ConnectionError: the partner does not answer" in message.last_error
    assert message.available_at - message.claimed_at >= timedelta(seconds=30)
    assert message.dispatched_at is None  # to be handed over again once due
    assert not User.objects.exists()  # the failed attempt's writes are gone
    assert deliver(message_id=message.pk) == Outcome.SKIPPED  # not due yet

    make_due(message)
    assert deliver(message_id=message.pk) == Outcome.RETRY
    message.refresh_from_db()
    assert message.available_at - message.claimed_at >= timedelta(seconds=60)

    make_due(message)
    assert deliver(message_id=message.pk) == Outcome.DONE
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == ("done", 3, "")
    assert support.calls == [{"n": 1}] and User.objects.count() == 1
    assert deliver(message_id=message.pk) == Outcome.SKIPPED  # done stays done


def test_the_pause_doubles_up_to_its_cap(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS, settings.OUTBOX_RETRY_MAX_SECONDS = 30, 3600
    pauses = [backoff(n).total_seconds() for n in range(1, 10)]
    assert pauses == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_it_gives_up_after_the_last_attempt(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    support.failures["left"] = 5
    message = pending()
    assert deliver(message_id=message.pk) == Outcome.RETRY
    make_due(message)
    assert deliver(message_id=message.pk) == Outcome.FAILED
    message.refresh_from_db()
    assert message.status == "failed" and message.failed_at and message.attempts == 2
    make_due(message)
    assert deliver(message_id=message.pk) == Outcome.SKIPPED  # waits for staff


def test_a_handler_can_allow_fewer_attempts():
    message = pending("tests.once")
    assert deliver(message_id=message.pk) == Outcome.FAILED
    assert "ValueError: never works" in OutboxMessage.objects.get().last_error


def test_a_message_whose_handler_is_gone_is_retried_not_lost():
    """A worker on older code than the web process: the message waits for one that knows."""
    message = pending("orders.renamed_since")
    assert deliver(message_id=message.pk) == Outcome.RETRY
    assert "No outbox handler is named" in OutboxMessage.objects.get().last_error


def test_registering_two_handlers_under_one_name_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        handler("tests.record")(lambda **payload: None)


started, release = threading.Event(), threading.Event()


@handler("tests.slow")
def slow(**payload) -> None:
    started.set()
    assert release.wait(10)
    support.calls.append(payload)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_second_copy_of_the_task_skips_the_message_another_worker_runs():
    started.clear()
    release.clear()
    with transaction.atomic():
        message = OutboxMessage.objects.create(handler="tests.slow", payload={"n": 1})

    def second_copy():
        assert started.wait(10)
        try:
            return deliver(message_id=message.pk)
        finally:
            release.set()

    first, second = run_in_threads(lambda: deliver(message_id=message.pk), second_copy)
    assert (first, second) == (Outcome.DONE, Outcome.SKIPPED)
    assert support.calls == [{"n": 1}]


def test_enqueue_then_deliver_is_what_the_worker_does(broker, committed):
    with committed(), transaction.atomic():
        message = enqueue(handler="tests.record", payload={"n": 2})
    assert broker.sent == [message.pk] and support.calls == []
    assert deliver(message_id=message.pk) == Outcome.DONE
    assert support.calls == [{"n": 2}]
