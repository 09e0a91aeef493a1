"""Handing over: at once after commit; a broker that refuses is logged, never raised; the
sweep hands over again what the broker never got, or got long ago and never finished."""

import logging
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import OperationalError, transaction
from django.utils import timezone

from marketplace.outbox.dispatch import purge_done, sweep
from marketplace.outbox.models import OutboxMessage
from marketplace.outbox.services import enqueue
from tests.outbox import support

pytestmark = pytest.mark.django_db


def enqueue_committed(committed, **fields) -> OutboxMessage:
    with committed(), transaction.atomic():
        message = enqueue(handler="tests.record", payload={}, **fields)
    message.refresh_from_db()
    return message


def ago(**delta):
    return timezone.now() - timedelta(**delta)


def test_a_broker_down_at_commit_is_logged_and_the_message_kept(broker, committed, caplog):
    broker.down = True
    with caplog.at_level(logging.WARNING, logger="marketplace.outbox"):
        message = enqueue_committed(committed)  # no exception reaches the caller
    assert "the sweep will hand them over" in caplog.text
    assert message.status == "pending" and message.dispatched_at is None

    broker.down = False
    assert sweep() == 1
    message.refresh_from_db()
    assert broker.sent == [message.pk] and message.dispatched_at is not None
    assert sweep() == 0  # handed over just now: the worker has it


def test_a_failure_after_the_commit_never_reaches_the_caller(committed, monkeypatch, caplog):
    """The database went away just after the commit: the inline run fails, the caller's
    change stands, and the message waits for the sweep."""

    def database_gone(*, message_id):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("marketplace.outbox.dispatch.deliver", database_gone)
    message = enqueue_committed(committed)
    assert message.status == "pending" and support.calls == []
    assert "server closed the connection unexpectedly" in caplog.text


def test_the_sweep_hands_over_again_what_the_broker_may_have_lost(broker, committed, settings):
    settings.OUTBOX_VISIBILITY_TIMEOUT_SECONDS = 300
    lost = enqueue_committed(committed)
    enqueue_committed(committed)  # handed over just now: left alone
    OutboxMessage.objects.filter(pk=lost.pk).update(dispatched_at=ago(seconds=301))
    broker.sent.clear()
    assert sweep() == 1 and broker.sent == [lost.pk]


def test_the_sweep_leaves_done_failed_and_not_yet_due_messages(broker, committed):
    done = enqueue_committed(committed)
    failed = enqueue_committed(committed)
    waiting = enqueue_committed(committed, delay=timedelta(minutes=5))
    OutboxMessage.objects.filter(pk=done.pk).update(done_at=ago(seconds=1), dispatched_at=None)
    OutboxMessage.objects.filter(pk=failed.pk).update(failed_at=ago(seconds=1), dispatched_at=None)
    broker.sent.clear()
    assert sweep() == 0
    OutboxMessage.objects.filter(pk=waiting.pk).update(available_at=ago(seconds=1))
    assert sweep() == 1 and broker.sent == [waiting.pk]


def test_without_a_broker_the_sweep_command_runs_due_messages_here(committed, capsys):
    message = enqueue_committed(committed, delay=timedelta(seconds=30))
    OutboxMessage.objects.filter(pk=message.pk).update(available_at=ago(seconds=1))
    call_command("outbox_sweep")
    assert "ran 1 outbox message(s)" in capsys.readouterr().out
    assert support.calls == [{}] and OutboxMessage.objects.get().status == "done"


def test_done_messages_go_after_the_retention_days(committed, settings):
    settings.OUTBOX_RETENTION_DAYS = 14
    old, recent = enqueue_committed(committed), enqueue_committed(committed)
    unfinished = OutboxMessage.objects.create(handler="tests.record", created_at=ago(days=30))
    OutboxMessage.objects.filter(pk=old.pk).update(done_at=ago(days=15))
    assert purge_done() == 1
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {recent.pk, unfinished.pk}
