"""A producer's part as the shopper follows it: the steps placed → confirmed → shipped →
delivered (a pickup part: placed → confirmed → picked up), each with the time its transition
event was recorded, what the carrier reported under "shipped" (picked up, in transit,
delivered, returned), and the carrier's public tracking page for the waybill: the booked
carrier's own (`orders.carriers.registry`) for a shipment created here, else the page of the
carrier the producer named, when it is one we know. Everything comes from the part's
prefetched events (no query more)."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from orders.carriers import registry
from orders.carriers.base import TrackingStatus
from orders.carriers.tracking_pages import tracking_url
from orders.fulfilment_rules import NOT_YET_PAID, transitions_for
from orders.models import VendorOrder

S = VendorOrder.Status


def booked_tracking_url(part: VendorOrder) -> str | None:
    """The tracking page of the shipment booked here whose waybill the part carries."""
    booked = {}
    for event in part.events.all():
        data = event.data or {}
        if event.kind == "shipment_created":
            booked[data.get("waybill")] = data.get("carrier")
        elif event.kind == "shipment_cancelled":
            booked.pop(data.get("waybill"), None)
    code = booked.get(part.tracking_number) if part.tracking_number else None
    return registry.tracking_url(code, part.tracking_number) or None if code else None


def part_tracking_url(part: VendorOrder) -> str | None:
    return booked_tracking_url(part) or tracking_url(part.carrier, part.tracking_number)


CARRIER_LABELS = {
    TrackingStatus.CREATED: pgettext_lazy("carrier event", "Waiting for the carrier's pickup"),
    TrackingStatus.PICKED_UP: pgettext_lazy("carrier event", "The carrier picked the parcel up"),
    TrackingStatus.IN_TRANSIT: pgettext_lazy("carrier event", "On its way"),
    TrackingStatus.DELIVERY_FAILED: pgettext_lazy("carrier event", "Delivery attempt failed"),
    TrackingStatus.DELIVERED: pgettext_lazy("carrier event", "Delivered by the carrier"),
    TrackingStatus.RETURNED: pgettext_lazy("carrier event", "Returned to the producer"),
    TrackingStatus.CANCELLED: pgettext_lazy("carrier event", "Shipment cancelled by the carrier"),
}


@dataclass
class CarrierStep:
    status: str
    label: str
    at: datetime | None
    description: str = ""


def carrier_steps(part: VendorOrder) -> list[CarrierStep]:
    """What the carrier reported, in the order it happened."""
    steps = []
    for event in part.events.all():
        if event.kind != "carrier_event":
            continue
        data = event.data or {}
        try:
            at = datetime.fromisoformat(data.get("occurred_at") or "")
        except ValueError:
            at = event.created_at
        status = data.get("status", "")
        label = CARRIER_LABELS.get(status) or data.get("description") or data.get("carrier_status")
        description = data.get("description", "")
        steps.append(CarrierStep(status, label, at, "" if description == label else description))
    return sorted(steps, key=lambda step: step.at)


@dataclass
class Step:
    key: str
    label: str
    done: bool = False
    current: bool = False
    at: datetime | None = None
    carrier: list[CarrierStep] | None = None


def _steps(part: VendorOrder) -> list[Step]:
    if part.delivery_kind == VendorOrder.DeliveryKind.PICKUP:
        return [
            Step("placed", _("Placed")),
            Step(S.CONFIRMED, _("Confirmed")),
            Step(S.DELIVERED, _("Picked up")),
        ]
    return [
        Step("placed", _("Placed")),
        Step(S.CONFIRMED, _("Confirmed")),
        Step(S.SHIPPED, _("Shipped")),
        Step(S.DELIVERED, _("Delivered")),
    ]


def part_timeline(part: VendorOrder, placed_at: datetime) -> list[Step]:
    """The steps of `part` (its `events` prefetched): done up to where it is; a cancelled part
    shows the steps it reached and then "Cancelled", a returned one all of them and "Returned"."""
    reached_at = {"placed": placed_at}
    for event in part.events.all():  # in the order they happened: the latest time wins
        to = (event.data or {}).get("to")
        if to:
            reached_at[to] = event.created_at
    steps = _steps(part)
    if part.status in (S.CANCELLED, S.RETURNED):
        # Only the steps it reached: a parcel the carrier brought back was never delivered.
        steps = [step for step in steps if step.key in reached_at]
        if part.status == S.CANCELLED:
            final = Step(S.CANCELLED, _("Cancelled"))
        else:
            final = Step(S.RETURNED, _("Returned"))
        steps.append(final)
        position = len(steps) - 1
    else:
        keys = [step.key for step in steps]
        position = keys.index(part.status) if part.status in keys else 0
    for index, step in enumerate(steps):
        step.done = index <= position
        step.current = index == position
        step.at = reached_at.get(step.key) if step.done else None
        if step.key == S.SHIPPED:
            step.carrier = carrier_steps(part)
    return steps


def shopper_may_cancel(part: VendorOrder, user) -> bool:
    """What `vendor_order_cancel` allows a shopper: a paid (or COD) part not yet shipped, of a
    guest order (its token holder) or of the logged-in shopper's own order."""
    order = part.order
    if order.status in NOT_YET_PAID:
        return False
    if S.CANCELLED not in transitions_for(part).get(part.status, ()):
        return False
    return order.user_id is None or (user.is_authenticated and order.user_id == user.pk)
