"""What comes in from a POS: webhook deliveries (verified before anything is read, kept
durably under the provider's event id, applied by a task) and pulls (every 10 minutes, on
demand, or a full resync).

A webhook answers fast: verify, record the raw body, queue the task. KiotViet stops calling an
endpoint that answers 4xx, so a signed body we cannot read is recorded as failed and answered
2xx; only a bad signature (which is not KiotViet) gets 401."""

import dataclasses
import logging
import uuid

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory.background import enqueue_after_commit
from inventory.connectors import MalformedEvent, connector_for
from inventory.connectors.base import body_event_id
from inventory.lock_objects import lock_pos_webhook_event
from inventory.messages import failure_message
from inventory.models import PosConnection, PosWebhookEvent
from inventory.services.pos_sync import CHUNK, SyncReport, apply_levels, sync_key
from marketplace.core.http import ExternalServiceError, Failure

logger = logging.getLogger("inventory.pos")

APPLY_TASK = "inventory.tasks.apply_pos_event"
PULL_TASK = "inventory.tasks.pull_pos_connection"
MAX_BODY_BYTES = 1024 * 1024


@dataclasses.dataclass(frozen=True)
class WebhookAnswer:
    status: int
    body: str = ""


def _connection(connection_id, provider) -> PosConnection | None:
    try:
        pk = int(connection_id)
    except (TypeError, ValueError):
        return None
    return PosConnection.objects.select_related("location").filter(pk=pk, provider=provider).first()


def webhook_challenge(*, connection_id, provider: str, query) -> WebhookAnswer:
    """A subscription handshake (Haravan's `hub.challenge`): the challenge, or 403."""
    connection = _connection(connection_id, provider)
    if connection is None:
        return WebhookAnswer(404)
    answer = connector_for(connection).challenge(query)
    return WebhookAnswer(403) if answer is None else WebhookAnswer(200, answer)


def webhook_receive(*, connection_id, provider: str, headers, body: bytes) -> WebhookAnswer:
    connection = _connection(connection_id, provider)
    if connection is None:
        return WebhookAnswer(404)
    connector = connector_for(connection)
    if len(body) > MAX_BODY_BYTES or not connector.verify(headers, body):
        logger.warning("pos webhook: bad signature (connection %s)", connection.pk)
        return WebhookAnswer(401)
    text = body.decode("utf-8", errors="replace")
    try:
        envelope = connector.envelope(headers, body)
    except MalformedEvent as error:
        _record(connection, body_event_id("", body), "", text, PosWebhookEvent.Status.FAILED,
                str(error))  # fmt: skip
        return WebhookAnswer(202)
    stock = connector.is_stock_event(envelope.topic) and connection.is_enabled
    status = PosWebhookEvent.Status.RECEIVED if stock else PosWebhookEvent.Status.IGNORED
    event, _created = _record(connection, envelope.event_id, envelope.topic, text, status, "")
    if event.status == PosWebhookEvent.Status.RECEIVED:
        # Queued again for a redelivery of one not applied yet: the task applies it once.
        enqueue_after_commit(APPLY_TASK, event.pk)
    return WebhookAnswer(200)


def _record(connection, event_id, topic, body, status, error) -> tuple[PosWebhookEvent, bool]:
    with transaction.atomic():
        try:
            with transaction.atomic():
                return PosWebhookEvent.objects.create(
                    connection=connection,
                    event_id=event_id[:128],
                    topic=topic[:64],
                    body=body,
                    status=status,
                    error=error[:500],
                ), True
        except IntegrityError:  # a redelivery: the same row, one more delivery
            PosWebhookEvent.objects.filter(connection=connection, event_id=event_id[:128]).update(
                deliveries=F("deliveries") + 1
            )
            return PosWebhookEvent.objects.get(
                connection=connection, event_id=event_id[:128]
            ), False


def pos_event_apply(*, event_id: int) -> PosWebhookEvent | None:
    """Apply one recorded event once. Reading the POS (KiotViet's counts) happens before the
    transaction, so no lock is held during a call to another company's API; the event row is
    then locked and applied only if no racing task applied it meanwhile. Raises
    ExternalServiceError when the POS could not be read (the task retries)."""
    event = PosWebhookEvent.objects.select_related("connection__location").filter(pk=event_id)
    event = event.first()
    if event is None or event.status != PosWebhookEvent.Status.RECEIVED:
        return event
    connection = event.connection
    connector = connector_for(connection)
    try:
        levels = connector.event_levels(event.topic, event.body.encode())
    except MalformedEvent as error:
        return _finish(event, PosWebhookEvent.Status.FAILED, str(error), SyncReport())
    except ExternalServiceError as error:
        if error.kind == Failure.REJECTED:
            return _finish(event, PosWebhookEvent.Status.FAILED, str(error), SyncReport())
        raise
    with transaction.atomic():
        event = lock_pos_webhook_event(event)
        if event.status != PosWebhookEvent.Status.RECEIVED:
            return event
        if levels is None:  # too many items to read one by one: a pull reads them all
            enqueue_after_commit(PULL_TASK, connection.pk, False)
            return _finish(event, PosWebhookEvent.Status.APPLIED, "", SyncReport())
        report = apply_levels(
            connection=connection,
            levels=levels,
            key=sync_key(connection=connection, name=f"event:{event.event_id}"),
            reason=_("%(provider)s webhook %(event)s")
            % {"provider": connection.get_provider_display(), "event": event.event_id[:60]},
        )
        return _finish(event, PosWebhookEvent.Status.APPLIED, "", report)


def _finish(event, status, error, report: SyncReport) -> PosWebhookEvent:
    event.status, event.error = status, error[:500]
    event.applied_at = timezone.now()
    event.report = report.as_json("webhook")["rows"]
    event.save(update_fields=["status", "error", "applied_at", "report"])
    return event


def pos_connection_pull(*, connection_id: int, full: bool = False) -> SyncReport | None:
    """Read the branch's counts from the POS and apply them (changed ones since the last pull,
    every one when `full`). The connection records when, what it reported, and any error."""
    connection = PosConnection.objects.select_related("location").filter(pk=connection_id)
    connection = connection.first()
    if connection is None or not connection.is_enabled:
        return None
    try:
        pull = connector_for(connection).pull(since=None if full else connection.sync_cursor)
    except ExternalServiceError as error:
        logger.warning("pos pull failed (connection %s): %s", connection.pk, error.kind)
        PosConnection.objects.filter(pk=connection.pk).update(
            status=PosConnection.Status.FAILING, last_error=failure_message(error)[:500]
        )
        return None
    # A pull reads the POS as it is now: its counts are as of the pull's start, whatever
    # modified time the POS shows (KiotViet's does not move on every sale).
    levels = [dataclasses.replace(level, counted_at=pull.cursor) for level in pull.levels]
    run = uuid.uuid4().hex[:12]
    report = SyncReport()
    reason = _("%(provider)s pull") % {"provider": connection.get_provider_display()}
    for start in range(0, len(levels), CHUNK):
        report.merge(
            apply_levels(
                connection=connection,
                levels=levels[start : start + CHUNK],
                key=sync_key(connection=connection, name=f"pull:{run}:{start // CHUNK}"),
                reason=reason,
            )
        )
    PosConnection.objects.filter(pk=connection.pk).update(
        status=PosConnection.Status.ACTIVE,
        last_error="",
        last_synced_at=timezone.now(),
        sync_cursor=pull.cursor,
        last_report=report.as_json("full" if full else "pull"),
    )
    return report


def pos_pulls_queue() -> int:
    """A pull task for every connection not paused (the scheduled fan-out)."""
    ids = list(
        PosConnection.objects.exclude(status=PosConnection.Status.PAUSED).values_list(
            "pk", flat=True
        )
    )
    for pk in ids:
        enqueue_after_commit(PULL_TASK, pk, False)
    return len(ids)
