"""Permission-matrix rows of shipments booked with a carrier ("Tạo vận đơn") and their
cancelling: producer A's members (and staff) book and cancel A's parcels; everyone else sees
nothing. The carrier is tests/orders/carriers/fake.py's (the `world` fixture installs it)."""

from graphql_relay import to_global_id

from orders.models import CarrierAccount
from orders.services.shipments import shipment_create
from tests.graphql.fulfilment_matrix import PRODUCER, a_part, vid
from tests.graphql.permission_support import (
    ALLOWED,
    HIDDEN,
    MutationRow,
    World,
    expect,
    mutation_op,
)

A, H = ALLOWED, HIDDEN


def carrier_part(w: World):
    """A's confirmed part, its shipping method priced and booked by A's GHN account."""
    vendor_order = a_part(w, "confirmed")
    account, _created = CarrierAccount.objects.get_or_create(
        vendor=w.vendor_a, carrier="ghn", defaults={"credentials": {"token": "t"}}
    )
    method = vendor_order.shipping_method
    method.carrier_account = account
    method.save(update_fields=["carrier_account"])
    vendor = w.vendor_a
    if not vendor.street_address:
        vendor.street_address = "12 Đường Chè"
        vendor.save(update_fields=["street_address"])
    return vendor_order


def _booked(w: World) -> dict:
    shipment = shipment_create(actor=w.people["member_a"], vendor_order=carrier_part(w))
    return {"id": to_global_id("Shipment", shipment.pk)}


ROWS = [
    MutationRow(
        "vendorOrderShipmentCreate[confirmed]",
        "vendorOrderShipmentCreate",
        mutation_op(
            "$id: ID!", "vendorOrderShipmentCreate", "vendorOrderId: $id", "shipment { id }"
        ),
        lambda w: {"id": vid(carrier_part(w))},
        expect(H, H, H, A, A),
        payload="shipment",
        roles=PRODUCER,
    ),
    MutationRow(
        "shipmentCancel[created]",
        "shipmentCancel",
        mutation_op("$id: ID!", "shipmentCancel", "id: $id", "shipment { id status }"),
        _booked,
        expect(H, H, H, A, A),
        payload="shipment",
        roles=PRODUCER,
    ),
]
