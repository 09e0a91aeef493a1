"""Shipments over /graphql/: the producer books and cancels one and reads its label; the
shopper's order shows the tracking link and the carrier's events."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orders.carriers.base import TrackingStatus, TrackingUpdate
from orders.models import Shipment
from orders.services import fulfilment
from orders.services.shipments import shipment_create
from orders.services.tracking import apply_tracking_updates
from tests.graphql.inventory_support import gid
from tests.orders.carriers.shipment_support import carrier_part
from tests.orders.fulfilment_support import member, part, place, variant

pytestmark = pytest.mark.django_db

ERRORS = "errors { field code message }"
SHIPMENT = "id carrier carrierName waybill status fee codAmount trackingUrl labelUrl"
CREATE = f"""mutation($id: ID!) {{ vendorOrderShipmentCreate(vendorOrderId: $id) {{
  shipment {{ {SHIPMENT} }} vendorOrder {{ status carrier trackingNumber trackingUrl }}
  {ERRORS} }} }}"""
CANCEL = f"""mutation($id: ID!) {{ shipmentCancel(id: $id) {{
  shipment {{ status }} {ERRORS} }} }}"""
ORDER = """query($token: UUID!) { order(token: $token) { vendorOrders {
  status trackingNumber trackingUrl
  shipments { waybill status trackingUrl labelUrl }
  carrierEvents { waybill status carrierStatus occurredAt } } } }"""
VENDOR_ORDERS = """query($first: Int) { vendorOrders(first: $first) { edges { node {
  trackingUrl shipments { waybill status events { status } } carrierEvents { status } } } } }"""


def picked_up(shipment, event_id="p1"):
    apply_tracking_updates(
        account=shipment.account,
        updates=[
            TrackingUpdate(
                waybill=shipment.waybill,
                status=TrackingStatus.PICKED_UP,
                carrier_status="picking",
                occurred_at=datetime(2026, 12, 1, 3, tzinfo=UTC),
                event_id=event_id,
            )
        ],
    )


def test_the_producer_books_a_shipment_and_the_shopper_tracks_it(gql, fake_carrier):
    vendor_order, owner, _ = carrier_part()
    data = gql(owner).execute(CREATE, {"id": gid(vendor_order, "VendorOrder")})
    result = data["vendorOrderShipmentCreate"]
    assert result["errors"] == []
    assert result["shipment"] == {
        "id": gid(Shipment.objects.get(), "Shipment"),
        "carrier": "ghn",
        "carrierName": "GHN – Giao Hàng Nhanh",
        "waybill": "FAKE000001",
        "status": "CREATED",
        "fee": 31_000,
        "codAmount": vendor_order.total,
        "trackingUrl": "https://carrier.example/track?code=FAKE000001",
        "labelUrl": "https://carrier.example/label/FAKE000001.pdf",
    }
    assert result["vendorOrder"] == {
        "status": "CONFIRMED",
        "carrier": "GHN",
        "trackingNumber": "FAKE000001",
        "trackingUrl": "https://carrier.example/track?code=FAKE000001",
    }

    picked_up(Shipment.objects.get())
    shopper = gql().execute(ORDER, {"token": str(vendor_order.order.token)})
    [seen] = shopper["order"]["vendorOrders"]
    assert seen["status"] == "SHIPPED"
    assert seen["trackingUrl"] == "https://carrier.example/track?code=FAKE000001"
    # The shopper is no member of the producer: no label.
    assert seen["shipments"] == [
        {
            "waybill": "FAKE000001",
            "status": "PICKED_UP",
            "trackingUrl": "https://carrier.example/track?code=FAKE000001",
            "labelUrl": None,
        }
    ]
    assert seen["carrierEvents"] == [
        {
            "waybill": "FAKE000001",
            "status": "PICKED_UP",
            "carrierStatus": "picking",
            "occurredAt": "2026-12-01T03:00:00+00:00",
        }
    ]


def test_errors_come_back_in_the_payload(gql, fake_carrier):
    vendor_order, owner, _ = carrier_part()
    outsider = gql(member(variant().vendor)).execute(
        CREATE, {"id": gid(vendor_order, "VendorOrder")}
    )
    assert outsider["vendorOrderShipmentCreate"]["errors"][0]["code"] == "NOT_FOUND"
    client = gql(owner)
    client.execute(CREATE, {"id": gid(vendor_order, "VendorOrder")})
    again = client.execute(CREATE, {"id": gid(vendor_order, "VendorOrder")})
    [error] = again["vendorOrderShipmentCreate"]["errors"]
    assert (error["code"], error["field"]) == ("INVALID_TRANSITION", "vendorOrderId")
    assert Shipment.objects.count() == 1


def test_the_producer_cancels_over_the_api(gql, fake_carrier):
    vendor_order, owner, _ = carrier_part()
    shipment = shipment_create(actor=owner, vendor_order=vendor_order)
    target = {"id": gid(shipment, "Shipment")}
    stranger = gql(member(variant().vendor)).execute(CANCEL, target)
    assert stranger["shipmentCancel"]["errors"][0]["code"] == "NOT_FOUND"
    done = gql(owner).execute(CANCEL, target)["shipmentCancel"]
    assert done == {"shipment": {"status": "CANCELLED"}, "errors": []}


def test_vendor_orders_with_tracking_cost_the_same_for_any_page(gql, fake_carrier):
    vendor_order, owner, _ = carrier_part()
    picked_up(shipment_create(actor=owner, vendor_order=vendor_order))
    client = gql(owner)

    def count(first):
        with CaptureQueriesContext(connection) as queries:
            data = client.execute(VENDOR_ORDERS, {"first": first})
        return len(queries), data

    one, data = count(1)
    node = data["vendorOrders"]["edges"][0]["node"]
    assert node["carrierEvents"] == [{"status": "PICKED_UP"}]
    assert node["shipments"] == [
        {"waybill": "FAKE000001", "status": "PICKED_UP", "events": [{"status": "PICKED_UP"}]}
    ]
    tea = vendor_order.lines.first().variant
    for _ in range(3):  # more parts of this producer, booked with the same method's account
        more = fulfilment.vendor_order_confirm(
            actor=owner, vendor_order=part(place([(tea, 1)]), tea)
        )
        picked_up(shipment_create(actor=owner, vendor_order=more), event_id=f"p{more.pk}")
    many, data = count(10)
    assert len(data["vendorOrders"]["edges"]) == 4
    assert many == one
