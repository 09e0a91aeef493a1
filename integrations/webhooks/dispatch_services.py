"""From an emitted event to signed POSTs: the fan-out into deliveries, and each attempt with
its backoff and the per-subscription circuit breaker.

Both run as outbox handlers (integrations/outbox_handlers.py), inside the outbox's
transaction: the deliveries a fan-out writes commit with its message marked done, and an
attempt's log line with its own. A retry is a new outbox message held back by the backoff
(`enqueue(delay=...)`), handed over by the outbox sweep once due: the outbox's own retries
are left for crashes (a database error), and its sweep picks up whatever the broker lost.
"""

import logging
import random
import time
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from integrations.webhooks import payloads, sending, signing, targets
from integrations.webhooks.models import WebhookDelivery, WebhookSubscription
from integrations.webhooks.selectors import EVENT_SCOPES, producers_of, subscriptions_for
from marketplace.outbox.services import enqueue

logger = logging.getLogger(__name__)

DELIVER_HANDLER = "webhooks.deliver"
Status = WebhookDelivery.Status
_jitter = random.SystemRandom()


def retry_window_end(start):
    return start + timedelta(hours=settings.WEBHOOKS_RETRY_WINDOW_HOURS)


def fan_out(*, event: str, issued_at: str, **ids) -> list[WebhookDelivery]:
    """One delivery per live subscription to `event` whose app may see it (its scope, and its
    producer's data only when producer-scoped), with the payload its document renders."""
    candidates = [s for s in subscriptions_for(event) if EVENT_SCOPES[event] in s.app.scopes]
    if any(s.app.producer_id for s in candidates):
        producers = producers_of(event, ids)
        candidates = [
            s for s in candidates if s.app.producer_id is None or s.app.producer_id in producers
        ]
    if not candidates:
        return []
    documents = payloads.documents()
    root = documents.load_root(event, ids)
    if root is None:
        logger.info("Webhook event %s %s: the object is gone; nothing sent", event, ids)
        return []
    now = timezone.now()
    deliveries = []
    for subscription in candidates:
        data = documents.render(subscription.query, root, producer_id=subscription.app.producer_id)
        delivery = WebhookDelivery.objects.create(
            subscription=subscription,
            event=event,
            payload={"event": event, "issuedAt": issued_at, **data},
            created_at=now,
            next_attempt_at=now,
            retry_until=retry_window_end(now),
        )
        enqueue(handler=DELIVER_HANDLER, payload={"delivery_id": delivery.pk, "round": 1})
        deliveries.append(delivery)
    return deliveries


def schedule(delivery: WebhookDelivery, *, at) -> None:
    """The next attempt at `at`, superseding any attempt scheduled before (its round is
    stale). Always through a delay, even a short one: an attempt never runs inside the one
    that failed, it waits for the sweep."""
    now = timezone.now()
    delivery.round += 1
    delivery.next_attempt_at = at
    delivery.save()
    delay = max(at - now, timedelta(seconds=0))
    enqueue(
        handler=DELIVER_HANDLER,
        payload={"delivery_id": delivery.pk, "round": delivery.round},
        delay=delay if delay > timedelta(0) else None,
    )


def attempt(*, delivery_id: int, round: int) -> str | None:
    """Send the delivery once, if this round is still the one due; returns its status after."""
    delivery = (
        WebhookDelivery.objects.select_related("subscription__app").filter(pk=delivery_id).first()
    )
    if delivery is None or delivery.round != round or delivery.finished:
        return None  # deleted, superseded by a redelivery, or done already
    subscription = delivery.subscription
    now = timezone.now()
    if not (subscription.is_active and subscription.app.is_active):
        return _finish(delivery, Status.FAILED, error=_("The subscription is switched off."))
    paused_until = _breaker_hold(subscription, now)
    if paused_until is not None:
        schedule(delivery, at=paused_until + timedelta(seconds=_jitter.uniform(0, 5)))
        return delivery.status
    try:
        target = targets.resolve(subscription.target_url)
    except targets.TargetRefused as exc:
        delivery.attempts += 1
        return _finish(delivery, Status.FAILED, error=str(exc))
    body = signing.body_of(delivery.payload)
    headers = signing.headers(
        event=delivery.event,
        delivery_id=str(delivery.delivery_id),
        secret=subscription.secret,
        timestamp=int(time.time()),
        body=body,
    )
    answer = sending.post(target, body=body, headers=headers)
    delivery.attempts += 1
    delivery.response_code = answer.code
    delivery.response_time_ms = answer.elapsed_ms
    delivery.response_body = answer.body
    delivery.last_error = answer.error
    if answer.succeeded:
        _breaker_close(subscription)
        return _finish(delivery, Status.SUCCEEDED)
    _breaker_record_failure(subscription, now)
    retry_at = _next_attempt(delivery, now) if answer.retryable else None
    if retry_at is None:
        return _finish(delivery, Status.FAILED, error=answer.error)
    delivery.status = Status.RETRYING
    schedule(delivery, at=retry_at)
    return delivery.status


def _finish(delivery: WebhookDelivery, status: str, *, error: str = "") -> str:
    delivery.status = status
    delivery.finished_at = timezone.now()
    delivery.next_attempt_at = None
    if error:
        delivery.last_error = error[:500]
    delivery.save()
    return status


def _next_attempt(delivery: WebhookDelivery, now):
    """Exponential backoff with full jitter (a random pause up to the doubling cap, so many
    receivers' retries do not come in waves); None once past the retry window."""
    cap = min(
        settings.WEBHOOKS_RETRY_MAX_SECONDS,
        settings.WEBHOOKS_RETRY_BASE_SECONDS * 2 ** max(delivery.attempts - 1, 0),
    )
    at = now + timedelta(seconds=max(_jitter.uniform(0, cap), 1.0))
    if delivery.retry_until is not None and at > delivery.retry_until:
        return None
    return at


# --- the circuit breaker ---------------------------------------------------------------------
# Closed: paused_until empty. Open: paused_until ahead; deliveries wait until then. Half-open:
# paused_until passed; the first delivery to claim it (a conditional update, so only one wins)
# probes, holding the others back for a timeout's length; its outcome closes or reopens it.


def _breaker_hold(subscription: WebhookSubscription, now):
    """None to go ahead (closed, or this attempt is the probe), else when to try again."""
    if subscription.paused_until is None:
        return None
    if subscription.paused_until > now:
        return subscription.paused_until
    hold = now + timedelta(seconds=settings.WEBHOOKS_TIMEOUT_SECONDS * 3)
    claimed = WebhookSubscription.objects.filter(
        pk=subscription.pk, paused_until=subscription.paused_until
    ).update(paused_until=hold)
    if claimed:
        return None
    subscription.refresh_from_db(fields=["paused_until", "consecutive_failures"])
    return subscription.paused_until if subscription.paused_until else None


def _breaker_close(subscription: WebhookSubscription) -> None:
    if not subscription.consecutive_failures and subscription.paused_until is None:
        return  # closed already as loaded (the usual case): no write
    WebhookSubscription.objects.filter(pk=subscription.pk).filter(
        Q(consecutive_failures__gt=0) | Q(paused_until__isnull=False)
    ).update(consecutive_failures=0, paused_until=None)


def _breaker_record_failure(subscription: WebhookSubscription, now) -> None:
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    subscription.refresh_from_db(fields=["consecutive_failures"])
    if subscription.consecutive_failures >= settings.WEBHOOKS_BREAKER_THRESHOLD:
        until = now + timedelta(seconds=settings.WEBHOOKS_BREAKER_COOLDOWN_SECONDS)
        WebhookSubscription.objects.filter(pk=subscription.pk).update(paused_until=until)
        logger.warning(
            "Webhook subscription %s: %s failures in a row; paused until %s",
            subscription.pk,
            subscription.consecutive_failures,
            until.isoformat(),
        )
