"""Webhook subscriptions: created, changed and deleted by the app's owner (staff, or the owner
of the producer a producer-scoped app acts for), and deliveries sent again on demand."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integrations.models import App
from integrations.webhooks import payloads, targets
from integrations.webhooks.access import require_app_owner
from integrations.webhooks.dispatch_services import retry_window_end, schedule
from integrations.webhooks.models import WebhookDelivery, WebhookSubscription
from integrations.webhooks.selectors import (
    EVENT_SCOPES,
    deliveries_of,
    forget_wanted_events,
)
from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.outbox.events import Event

MAX_URL_LENGTH = 500
MAX_DOCUMENT_LENGTH = 20_000


def webhook_subscription_create(
    *, actor, app: App, target_url: str, events, query: str | None = None, is_active: bool = True
) -> WebhookSubscription:
    require_app_owner(actor, app)
    events = _clean_events(app, events)
    subscription = WebhookSubscription(
        app=app,
        target_url=_clean_url(target_url),
        events=events,
        query=_clean_document(query, events),
        is_active=bool(is_active),
    )
    with transaction.atomic():
        subscription.save()
        transaction.on_commit(forget_wanted_events)
    return subscription


def webhook_subscription_update(
    *,
    actor,
    subscription: WebhookSubscription,
    target_url: str | None = None,
    events=None,
    query: str | None = None,
    is_active: bool | None = None,
) -> WebhookSubscription:
    """Change what is given. New events without a new document keep the stored one if it
    still fits them; a stored default document follows the events."""
    app = subscription.app
    require_app_owner(actor, app)
    if target_url is not None:
        subscription.target_url = _clean_url(target_url)
    if events is not None:
        new_events = _clean_events(app, events)
        if query is None and subscription.query == _default(subscription.events):
            query = ""
        subscription.events = new_events
    if query is not None or events is not None:
        subscription.query = _clean_document(
            subscription.query if query is None else query, subscription.events
        )
    if is_active is not None:
        subscription.is_active = bool(is_active)
    with transaction.atomic():
        subscription.save()
        transaction.on_commit(forget_wanted_events)
    return subscription


def webhook_subscription_delete(*, actor, subscription: WebhookSubscription) -> None:
    """The subscription and its delivery log go; messages still queued for it find nothing."""
    require_app_owner(actor, subscription.app)
    with transaction.atomic():
        subscription.delete()
        transaction.on_commit(forget_wanted_events)


def webhook_redeliver(*, actor, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send the delivery again now, with the same X-Ocop-Delivery (receivers dedupe by it) and
    a fresh retry window; an attempt already scheduled for it is superseded."""
    require_app_owner(actor, delivery.subscription.app)
    with transaction.atomic():
        now = timezone.now()
        delivery.status = WebhookDelivery.Status.PENDING
        delivery.finished_at = None
        delivery.retry_until = retry_window_end(now)
        schedule(delivery, at=now)
    return delivery


def _clean_events(app: App, events) -> list[str]:
    chosen = []
    for name in events or []:
        try:
            event = Event(str(name))
        except ValueError:
            raise ServiceError.single(
                ErrorCode.INVALID, _("Unknown event %(event)s.") % {"event": name}, "events"
            ) from None
        if event.value not in chosen:
            chosen.append(event.value)
    if not chosen:
        raise ServiceError.single(ErrorCode.REQUIRED, _("Choose at least one event."), "events")
    for event in chosen:
        scope = EVENT_SCOPES[event]
        if scope not in app.scopes:
            raise ServiceError.single(
                ErrorCode.PERMISSION_DENIED,
                _("The app needs the %(scope)s scope to receive %(event)s.")
                % {"scope": scope.value, "event": event},
                "events",
            )
    return chosen


def _clean_url(url) -> str:
    url = (url or "").strip()
    if not url:
        raise ServiceError.single(ErrorCode.REQUIRED, _("Give the target URL."), "target_url")
    if len(url) > MAX_URL_LENGTH:
        raise ServiceError.single(
            ErrorCode.INVALID,
            _("A URL has at most %(limit)d characters.") % {"limit": MAX_URL_LENGTH},
            "target_url",
        )
    try:
        targets.check(url)
    except targets.TargetRefused as exc:
        raise ServiceError.single(ErrorCode.INVALID, str(exc), "target_url") from None
    return url


def _default(events: list[str]) -> str:
    return payloads.documents().default_document(events)


def _clean_document(query, events: list[str]) -> str:
    document = (query or "").strip()
    if not document:
        return _default(events)
    if len(document) > MAX_DOCUMENT_LENGTH:
        raise ServiceError.single(
            ErrorCode.INVALID,
            _("A document has at most %(limit)d characters.") % {"limit": MAX_DOCUMENT_LENGTH},
            "query",
        )
    errors = payloads.documents().document_errors(document, events)
    if errors:
        raise ServiceError.single(ErrorCode.INVALID, "; ".join(errors), "query")
    return document


def webhook_deliveries_for(*, actor, subscription: WebhookSubscription):
    """The delivery log of a subscription, newest first, for the app's owner only."""
    require_app_owner(actor, subscription.app)
    return deliveries_of(subscription)
