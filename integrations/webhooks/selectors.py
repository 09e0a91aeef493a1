"""Reads of the webhooks: who wants an event, whose data it is, and the delivery log (whose
apps are whose: integrations.selectors.apps_visible_to)."""

from django.core.cache import cache
from django.db.models import QuerySet

from catalog.models import Product
from integrations.models import Scope
from integrations.webhooks.models import WebhookDelivery, WebhookSubscription
from inventory.models import Stock
from marketplace.outbox.events import Event
from orders.models import Payout, VendorOrder
from reviews.models import ProductReview

# The scope an app needs to hear of an event: the data it would receive.
EVENT_SCOPES = {
    Event.ORDER_CREATED: Scope.ORDERS_READ,
    Event.ORDER_PAID: Scope.ORDERS_READ,
    Event.VENDOR_ORDER_STATUS_CHANGED: Scope.ORDERS_READ,
    Event.ORDER_CANCELLED: Scope.ORDERS_READ,
    Event.PAYOUT_CREATED: Scope.ORDERS_READ,
    Event.PRODUCT_PUBLISHED: Scope.CATALOG_READ,
    Event.PRODUCT_UPDATED: Scope.CATALOG_READ,
    Event.STOCK_LOW: Scope.CATALOG_READ,
    Event.REVIEW_PUBLISHED: Scope.CATALOG_READ,
}
WANTED_EVENTS_KEY = "webhooks:wanted-events"
WANTED_EVENTS_SECONDS = 60  # a change elsewhere (an app switched off) shows within a minute


def live_subscriptions() -> QuerySet[WebhookSubscription]:
    return WebhookSubscription.objects.filter(is_active=True, app__is_active=True)


def wanted_events() -> frozenset[str]:
    """The events some active subscription of an active app wants, cached: `emit` asks on
    every domain event, and most of the time the answer is "none"."""
    events = cache.get(WANTED_EVENTS_KEY)
    if events is None:
        events = sorted(
            {e for row in live_subscriptions().values_list("events", flat=True) for e in row}
        )
        cache.set(WANTED_EVENTS_KEY, events, WANTED_EVENTS_SECONDS)
    return frozenset(events)


def forget_wanted_events() -> None:
    cache.delete(WANTED_EVENTS_KEY)


def is_wanted(event: str) -> bool:
    return event in wanted_events()


def subscriptions_for(event: str) -> list[WebhookSubscription]:
    """Live subscriptions to `event`, with their apps. Filtered here rather than by a JSON
    lookup, which SQLite and PostgreSQL spell differently; the table holds few rows."""
    rows = live_subscriptions().select_related("app").order_by("pk")
    return [row for row in rows if row.wants(event)]


def producers_of(event: str, ids: dict) -> set[int]:
    """The producers whose data the event is about: a producer-scoped app hears only of its
    own producer's."""
    if event in (Event.ORDER_CREATED, Event.ORDER_PAID, Event.ORDER_CANCELLED):
        rows = VendorOrder.objects.filter(order_id=ids["order_id"])
    elif event == Event.VENDOR_ORDER_STATUS_CHANGED:
        rows = VendorOrder.objects.filter(pk=ids["vendor_order_id"])
    elif event in (Event.PRODUCT_PUBLISHED, Event.PRODUCT_UPDATED):
        rows = Product.objects.filter(pk=ids["product_id"])
    elif event == Event.STOCK_LOW:
        return set(
            Stock.objects.filter(pk=ids["stock_id"]).values_list(
                "variant__product__vendor_id", flat=True
            )
        )
    elif event == Event.REVIEW_PUBLISHED:
        return set(
            ProductReview.objects.filter(pk=ids["review_id"]).values_list(
                "product__vendor_id", flat=True
            )
        )
    elif event == Event.PAYOUT_CREATED:
        rows = Payout.objects.filter(pk=ids["payout_id"])
    else:  # pragma: no cover - Event is closed
        raise ValueError(event)
    return set(rows.values_list("vendor_id", flat=True))


def deliveries_of(subscription: WebhookSubscription) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(subscription=subscription).order_by("-created_at", "-pk")
