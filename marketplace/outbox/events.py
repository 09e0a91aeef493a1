"""Domain events that partners may subscribe to, raised by the services where they happen.

`emit(event, **ids)` records ONE outbox message (handler "webhooks.fan_out") in the caller's
transaction, so an event is delivered only if its change commits, and never lost once it has.
The domain apps call it without knowing who listens: the integrations app, which ranks above
them all, registers at start-up a cheap check of whether any active subscription wants the
event (`listen_with`), and the handler that turns the message into deliveries. While nobody
listens, `emit` writes nothing.
"""

from collections.abc import Callable

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.outbox.services import enqueue

FAN_OUT_HANDLER = "webhooks.fan_out"


class Event(models.TextChoices):
    ORDER_CREATED = "ORDER_CREATED", _("Order created")
    ORDER_PAID = "ORDER_PAID", _("Order paid")
    VENDOR_ORDER_STATUS_CHANGED = "VENDOR_ORDER_STATUS_CHANGED", _("Producer's order part changed")
    ORDER_CANCELLED = "ORDER_CANCELLED", _("Order cancelled")
    PRODUCT_PUBLISHED = "PRODUCT_PUBLISHED", _("Product published")
    PRODUCT_UPDATED = "PRODUCT_UPDATED", _("Product updated")
    STOCK_LOW = "STOCK_LOW", _("Stock low")
    REVIEW_PUBLISHED = "REVIEW_PUBLISHED", _("Review published")
    PAYOUT_CREATED = "PAYOUT_CREATED", _("Payout created")


_wanted: list[Callable[[str], bool]] = []


def listen_with(wanted: Callable[[str], bool]) -> None:
    """Install `wanted(event) -> bool`, asked before every emit (once per process)."""
    if wanted not in _wanted:
        _wanted.append(wanted)


def emit(event: str, **ids) -> bool:
    """Record `event` about the objects `ids` (JSON values: primary keys, a status) for
    delivery once the caller's transaction commits; False when nobody listens."""
    event = Event(event)
    if not any(wanted(event) for wanted in _wanted):
        return False
    enqueue(
        handler=FAN_OUT_HANDLER,
        payload={"event": event.value, "issued_at": timezone.now().isoformat(), **ids},
    )
    return True
