"""Recording work: with the change, in its transaction; nothing when it rolls back."""

from datetime import timedelta

import pytest
from django.db import transaction

from marketplace.outbox.models import OutboxMessage
from marketplace.outbox.services import enqueue, enqueue_many
from tests.outbox import support

pytestmark = pytest.mark.django_db


def test_the_work_runs_once_the_transaction_commits(committed):
    with committed(), transaction.atomic():
        message = enqueue(handler="tests.record", payload={"order_id": 7})
        assert support.calls == []  # not before the commit
    assert support.calls == [{"order_id": 7}]
    message.refresh_from_db()
    assert message.status == "done" and message.attempts == 1 and message.done_at


def test_a_rollback_records_and_sends_nothing(committed):
    with committed() as callbacks, pytest.raises(ValueError), transaction.atomic():
        enqueue(handler="tests.record", payload={"order_id": 7})
        raise ValueError("the change fails after the enqueue")
    assert callbacks == [] and support.calls == []
    assert not OutboxMessage.objects.exists()


def test_a_dedupe_key_records_the_work_once(committed):
    with committed(), transaction.atomic():
        first = enqueue(handler="tests.record", payload={"n": 1}, dedupe_key="order_placed:1")
        again = enqueue(handler="tests.record", payload={"n": 2}, dedupe_key="order_placed:1")
    with committed(), transaction.atomic():
        later = enqueue(handler="tests.record", payload={"n": 3}, dedupe_key="order_placed:1")
    assert first.pk == again.pk == later.pk
    assert OutboxMessage.objects.count() == 1 and support.calls == [{"n": 1}]


def test_a_delayed_message_waits_for_the_sweep(committed):
    with committed() as callbacks, transaction.atomic():
        message = enqueue(handler="tests.record", payload={}, delay=timedelta(minutes=5))
    assert callbacks == [] and support.calls == []
    assert message.available_at - message.created_at == timedelta(minutes=5)


def test_an_unknown_handler_is_refused_in_the_caller():
    with (
        pytest.raises(LookupError, match="No outbox handler is named 'orders"),
        transaction.atomic(),
    ):
        enqueue(handler="orders.typo", payload={})
    assert not OutboxMessage.objects.exists()


def test_enqueue_outside_a_transaction_is_refused(monkeypatch):
    # The test runs inside a transaction; make the connection look as it does in autocommit.
    with monkeypatch.context() as patch:
        patch.setattr(transaction.get_connection(), "in_atomic_block", False)
        with pytest.raises(RuntimeError, match="inside the transaction"):
            enqueue(handler="tests.record", payload={})
    assert not OutboxMessage.objects.exists()


def test_several_messages_go_in_one_insert_and_each_runs_once(committed, django_assert_num_queries):
    with committed(), transaction.atomic():
        with django_assert_num_queries(1):
            rows = enqueue_many(
                messages=[("tests.record", {"order_id": 7}), ("tests.record", {"order_id": 8})]
            )
        assert all(row.pk for row in rows) and support.calls == []
    assert support.calls == [{"order_id": 7}, {"order_id": 8}]
    assert all(message.status == "done" for message in OutboxMessage.objects.all())


def test_enqueue_many_refuses_an_unknown_handler_before_writing():
    with pytest.raises(LookupError), transaction.atomic():
        enqueue_many(messages=[("tests.record", {}), ("orders.typo", {})])
    assert not OutboxMessage.objects.exists()
