"""Reads of a part's shipments for the pages and the API: its tracking link and the carrier's
events, from rows prefetched with `with_tracking` (a fixed number of queries)."""

from django.db.models import Prefetch

from orders.carriers import registry
from orders.models import CarrierAccount, CarrierEvent, Shipment


def with_tracking(queryset, prefix: str = ""):
    """`queryset` of VendorOrders (or of rows reaching them through `prefix`, e.g.
    "vendor_orders__") with their shipments and each one's events."""
    return queryset.prefetch_related(
        Prefetch(
            f"{prefix}shipments",
            queryset=Shipment.objects.order_by("pk").prefetch_related(
                Prefetch("events", queryset=CarrierEvent.objects.order_by("occurred_at", "pk"))
            ),
        )
    )


def live_shipment(vendor_order) -> Shipment | None:
    return (
        Shipment.objects.filter(vendor_order=vendor_order)
        .exclude(status=Shipment.Status.CANCELLED)
        .first()
    )


def bookable_account(vendor_order) -> CarrierAccount | None:
    """The carrier account a part would be booked with, or None (no button)."""
    method = vendor_order.shipping_method
    account = method.carrier_account if method is not None else None
    if account is None or not account.is_active:
        return None
    if account.vendor_id not in (None, vendor_order.vendor_id):
        return None
    return account


def current_shipment(part) -> Shipment | None:
    """The booked shipment whose waybill the part carries (not a cancelled one)."""
    for shipment in part.shipments.all():
        if (
            shipment.status != Shipment.Status.CANCELLED
            and shipment.waybill == part.tracking_number
        ):
            return shipment
    return None


def shipment_tracking_url(part) -> str:
    """The carrier's public tracking page of the part's booked shipment; empty when it has none
    (a waybill typed by the producer is linked by name in the pages)."""
    shipment = current_shipment(part)
    return registry.tracking_url(shipment.carrier, shipment.waybill) if shipment else ""


def carrier_events(part) -> list[CarrierEvent]:
    """Every event the carrier reported for the part's shipments, in the order they happened."""
    events = []
    for shipment in part.shipments.all():
        for event in shipment.events.all():
            event.shipment = shipment  # its waybill, without a query per event
            events.append(event)
    return sorted(events, key=lambda event: (event.occurred_at, event.pk))
