"""Staff see pending and failed messages in the admin and send failed ones round again;
/healthz counts what is overdue."""

import pytest
from django.db import transaction
from django.utils import timezone

from marketplace.core.errors import PermissionDeniedError
from marketplace.outbox.delivery import deliver
from marketplace.outbox.models import OutboxMessage
from marketplace.outbox.services import outbox_retry
from tests.outbox import support

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    support.failures["left"] = 1
    message = OutboxMessage.objects.create(handler="tests.flaky", payload={"n": 1})
    deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == "failed"
    return message


def test_staff_retry_a_failed_message_with_a_fresh_round(failed, staff, committed):
    with committed():
        assert outbox_retry(actor=staff, messages=[failed]) == 1
    failed.refresh_from_db()
    assert failed.status == "done" and failed.attempts == 1
    assert support.calls == [{"n": 1}]


def test_only_staff_may_retry(failed, owner):
    with pytest.raises(PermissionDeniedError):
        outbox_retry(actor=owner, messages=[failed])
    failed.refresh_from_db()
    assert failed.status == "failed" and failed.attempts == 1


def test_the_admin_lists_failed_messages_with_their_error(failed, admin_client):
    OutboxMessage.objects.create(handler="tests.record", done_at=timezone.now())
    page = admin_client.get("/admin/outbox/outboxmessage/?status=failed").content.decode()
    assert 'field-handler">tests.flaky' in page and 'field-handler">tests.record' not in page
    detail = admin_client.get(f"/admin/outbox/outboxmessage/{failed.pk}/change/").content.decode()
    assert "the partner does not answer" in detail


def test_the_admin_action_retries(failed, admin_client, committed):
    with committed():
        response = admin_client.post(
            "/admin/outbox/outboxmessage/",
            {"action": "retry_now", "_selected_action": [failed.pk]},
            follow=True,
        )
    assert "1 tác vụ sẽ được chạy lại ngay." in response.content.decode()  # Vietnamese first
    assert OutboxMessage.objects.get().status == "done"


def test_healthz_counts_overdue_and_failed_messages(failed, client, settings):
    settings.OUTBOX_VISIBILITY_TIMEOUT_SECONDS = 300
    with transaction.atomic():
        overdue = OutboxMessage.objects.create(handler="tests.record")
        OutboxMessage.objects.create(handler="tests.record")  # due just now: not overdue
    OutboxMessage.objects.filter(pk=overdue.pk).update(
        available_at=timezone.now() - timezone.timedelta(seconds=301)
    )
    body = client.get("/healthz").json()
    assert body["status"] == "ok"  # a backlog is the workers' trouble, not this process's
    assert (body["checks"]["outbox"]["overdue"], body["checks"]["outbox"]["failed"]) == (1, 1)
