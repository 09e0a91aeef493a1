"""What a carrier's tracking webhook proved, applied to our shipments and the producers' parts.

Each event is kept once (`CarrierEvent`, unique by the carrier's event id per shipment: a
replay is ignored), written into the part's timeline (an OrderEvent "carrier_event"), and moves
the part through the transition table, as the producer would: picked up (or anything later
arriving first) → shipped, delivered → delivered (earnings, cash on delivery collected),
returned → returned (refund if paid). Events for steps the part is past are kept in the
timeline without a move; a carrier's cancellation only cancels the shipment. The whole webhook
is one transaction, under the row locks of the parts it names, taken in primary-key order."""

import logging

from django.db import transaction

from orders.carriers.base import TrackingStatus, TrackingUpdate, WebhookRejected
from orders.carriers.registry import carrier_for
from orders.lock_objects import lock_vendor_order
from orders.models import CarrierAccount, CarrierEvent, Shipment, VendorOrder
from orders.services.cancellation import returned_to_sender
from orders.services.fulfilment import deliver, record_event, ship

logger = logging.getLogger("marketplace.carriers")
S = VendorOrder.Status
T = TrackingStatus
SH = Shipment.Status

# How far along each status is: a shipment's status never goes back to an earlier one (events
# arrive out of order), and a finished shipment keeps its status.
RANK = {
    SH.CREATED: 0,
    SH.PICKED_UP: 1,
    SH.IN_TRANSIT: 2,
    SH.DELIVERY_FAILED: 2,
    SH.DELIVERED: 3,
    SH.RETURNED: 3,
    SH.CANCELLED: 3,
}
SHIPMENT_STATUS = {
    T.PICKED_UP: SH.PICKED_UP,
    T.IN_TRANSIT: SH.IN_TRANSIT,
    T.DELIVERY_FAILED: SH.DELIVERY_FAILED,
    T.DELIVERED: SH.DELIVERED,
    T.RETURNED: SH.RETURNED,
    T.CANCELLED: SH.CANCELLED,
}
# The carrier has the parcel: a part still confirmed is shipped first.
IN_CARRIER_HANDS = {T.PICKED_UP, T.IN_TRANSIT, T.DELIVERY_FAILED, T.DELIVERED, T.RETURNED}
CARRIER = None  # the actor of what a webhook moves: no person, recorded as by="carrier"


def tracking_webhook_receive(
    *, carrier: str, webhook_key: str, headers, body: bytes, query=None
) -> int:
    """A carrier's webhook at `/webhooks/carriers/<carrier>/<webhook_key>/`: the HTTP status to
    answer. Unknown account 404; not verified 401 (nothing applied); else 200, replays too."""
    account = CarrierAccount.objects.filter(
        webhook_key=webhook_key, carrier=carrier, is_active=True
    ).first()
    if account is None:
        return 404
    try:
        updates = carrier_for(account).parse_webhook(headers=headers, body=body, query=query)
    except WebhookRejected as rejected:
        logger.warning("Tracking webhook for account %s rejected: %s", account.pk, rejected)
        return 401
    apply_tracking_updates(account=account, updates=updates)
    return 200


def apply_tracking_updates(*, account: CarrierAccount, updates: list[TrackingUpdate]) -> int:
    """Apply a verified webhook's updates for `account`'s shipments; return how many were new.
    Updates for waybills of another account (or none of ours) are ignored."""
    waybills = {update.waybill for update in updates}
    shipments = {
        s.waybill: s
        for s in Shipment.objects.filter(
            account=account, carrier=account.carrier, waybill__in=waybills
        )
    }
    for waybill in waybills - shipments.keys():
        logger.info("Tracking update for unknown waybill %s at %s ignored", waybill, account.pk)
    applied = 0
    with transaction.atomic():
        parts = {
            pk: lock_vendor_order(VendorOrder(pk=pk))
            for pk in sorted({s.vendor_order_id for s in shipments.values()})
        }
        for update in updates:
            shipment = shipments.get(update.waybill)
            if shipment is None:
                continue
            shipment.refresh_from_db()
            if _apply(parts[shipment.vendor_order_id], shipment, update):
                applied += 1
    return applied


def _apply(part: VendorOrder, shipment: Shipment, update: TrackingUpdate) -> bool:
    _, created = CarrierEvent.objects.get_or_create(
        shipment=shipment,
        event_id=update.event_id[:128],
        defaults={
            "status": update.status,
            "carrier_status": update.carrier_status[:64],
            "description": update.description[:255],
            "occurred_at": update.occurred_at,
        },
    )
    if not created:
        return False  # a replay
    new_status = SHIPMENT_STATUS.get(update.status)
    finished = shipment.status in (SH.DELIVERED, SH.RETURNED, SH.CANCELLED)
    if new_status and not finished and RANK[new_status] >= RANK[shipment.status]:
        shipment.status = new_status
        shipment.save(update_fields=["status", "updated_at"])
    record_event(
        vendor_order=part,
        kind="carrier_event",
        actor=CARRIER,
        waybill=shipment.waybill,
        status=update.status,
        carrier_status=update.carrier_status,
        description=update.description,
        occurred_at=update.occurred_at.isoformat(),
    )
    if shipment.status == SH.CANCELLED:
        # The carrier cancelled the booking: the part waits for another one (or was cancelled).
        if part.status == S.CONFIRMED and part.tracking_number == shipment.waybill:
            part.carrier, part.tracking_number = "", ""
            part.save(update_fields=["carrier", "tracking_number", "updated_at"])
        return True
    _move_part(part, shipment, update.status)
    return True


def _move_part(part: VendorOrder, shipment: Shipment, status: TrackingStatus) -> None:
    """Every step from where the part is to what the event proved, in order."""
    if part.tracking_number not in ("", shipment.waybill):
        return  # shipped under another waybill (typed by the producer): not this parcel's part
    if status in IN_CARRIER_HANDS and part.status == S.CONFIRMED:
        ship(
            vendor_order=part,
            actor=CARRIER,
            carrier=part.carrier or shipment.get_carrier_display(),
            tracking_number=shipment.waybill,
            by="carrier",
        )
    if status == T.DELIVERED and part.status == S.SHIPPED:
        deliver(vendor_order=part, actor=CARRIER, kind="delivered", by="carrier")
    elif status == T.RETURNED and part.status == S.SHIPPED:
        returned_to_sender(vendor_order=part, actor=CARRIER, by="carrier")
