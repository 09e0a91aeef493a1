"""A carrier's tracking webhooks: found by the account's secret path, verified the carrier's
way, each event kept once, and the part moved through the transition table as the producer
would move it (picked up → shipped, delivered, returned)."""

import pytest

from inventory.models import StockMovement
from marketplace.outbox.models import OutboxMessage
from orders.models import (
    CarrierEvent,
    EarningsEntry,
    Order,
    OrderEvent,
    Payment,
    Refund,
    Shipment,
    ShippingMethod,
    VendorOrder,
)
from orders.services import fulfilment
from orders.services.cancellation import vendor_order_cancel
from orders.services.shipments import shipment_create
from tests.factories import StaffFactory
from tests.orders.carriers.shipment_support import carrier_part, events_body, webhook_url
from tests.orders.fulfilment_support import member, part, place

pytestmark = pytest.mark.django_db
S = VendorOrder.Status


@pytest.fixture
def booked(fake_carrier):
    """A COD part booked with the fake carrier; its webhook needs the secret "s3cret"."""

    def book(**kwargs):
        vendor_order, owner, account = carrier_part(secret="s3cret", **kwargs)
        shipment = shipment_create(actor=owner, vendor_order=vendor_order)
        return vendor_order, shipment, account

    return book


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def send(account, body, *, secret="s3cret", key=None):
        url = webhook_url(account) if key is None else f"/webhooks/carriers/ghn/{key}/"
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                url, data=body, content_type="application/json", HTTP_X_FAKE_SECRET=secret
            )

    return send


def moved(vendor_order):
    vendor_order.refresh_from_db()
    return vendor_order.status


def test_an_unknown_key_is_not_found(booked, post):
    _, shipment, account = booked()
    response = post(account, events_body((shipment.waybill, "PICKED_UP")), key="nope")
    assert response.status_code == 404
    assert not CarrierEvent.objects.exists()


def test_a_webhook_under_the_wrong_carrier_is_not_found(booked, client):
    _, shipment, account = booked()
    response = client.post(
        f"/webhooks/carriers/ghtk/{account.webhook_key}/",
        data=events_body((shipment.waybill, "PICKED_UP")),
        content_type="application/json",
        HTTP_X_FAKE_SECRET="s3cret",
    )
    assert response.status_code == 404


@pytest.mark.parametrize("body_ok", [True, False])
def test_a_webhook_that_does_not_verify_applies_nothing(booked, post, body_ok):
    vendor_order, shipment, account = booked()
    events = OrderEvent.objects.count()
    if body_ok:
        response = post(account, events_body((shipment.waybill, "PICKED_UP")), secret="wrong")
    else:
        response = post(account, "{not json")
    assert response.status_code == 401
    assert not CarrierEvent.objects.exists()
    assert OrderEvent.objects.count() == events
    assert moved(vendor_order) == S.CONFIRMED


def test_a_get_is_refused(booked, client):
    _, _, account = booked()
    assert client.get(webhook_url(account)).status_code == 405


def test_picked_up_in_transit_delivered_moves_the_part_to_delivered(booked, post):
    vendor_order, shipment, account = booked()
    waybill = shipment.waybill

    assert post(account, events_body((waybill, "PICKED_UP", "e1"))).status_code == 200
    assert moved(vendor_order) == S.SHIPPED
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.PICKED_UP
    shipped = OrderEvent.objects.get(vendor_order=vendor_order, kind="shipped")
    assert shipped.actor_user is None and shipped.data["by"] == "carrier"
    assert shipped.data["tracking_number"] == waybill
    # The units left the shelf; the shopper was told.
    assert StockMovement.objects.filter(kind=StockMovement.Kind.FULFILMENT).count() == 1
    assert OutboxMessage.objects.filter(
        handler="notifications.order_changed",
        payload__kind="shipped",
        payload__vendor_order_id=vendor_order.pk,
    ).exists()

    assert post(account, events_body((waybill, "IN_TRANSIT", "e2"))).status_code == 200
    assert moved(vendor_order) == S.SHIPPED
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.IN_TRANSIT

    assert post(account, events_body((waybill, "DELIVERED", "e3"))).status_code == 200
    assert moved(vendor_order) == S.DELIVERED
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.DELIVERED
    # Delivered: the producer's earnings are recorded and the cash counts as collected.
    assert EarningsEntry.objects.filter(vendor_order=vendor_order).exists()
    assert OrderEvent.objects.filter(vendor_order=vendor_order, kind="cod_collected").exists()
    order = Order.objects.get(pk=vendor_order.order_id)
    assert (order.status, order.payment_status) == ("completed", "paid")
    assert Payment.objects.get(order=order).status == "paid"

    timeline = OrderEvent.objects.filter(vendor_order=vendor_order, kind="carrier_event")
    assert [e.data["status"] for e in timeline] == ["PICKED_UP", "IN_TRANSIT", "DELIVERED"]
    assert set(timeline[0].data) >= {"status", "carrier_status", "description", "occurred_at"}


def test_a_replay_is_answered_and_ignored(booked, post):
    _, shipment, account = booked()
    body = events_body((shipment.waybill, "PICKED_UP", "same"))
    assert post(account, body).status_code == 200
    before = OrderEvent.objects.count()
    assert post(account, body).status_code == 200
    assert CarrierEvent.objects.count() == 1
    assert OrderEvent.objects.count() == before
    assert StockMovement.objects.filter(kind=StockMovement.Kind.FULFILMENT).count() == 1


def test_delivered_arriving_first_ships_then_delivers(booked, post):
    vendor_order, shipment, account = booked()
    waybill = shipment.waybill
    response = post(
        account,
        events_body((waybill, "DELIVERED", "late", "2026-12-02T10:00:00+07:00")),
    )
    assert response.status_code == 200
    assert moved(vendor_order) == S.DELIVERED
    kinds = list(
        OrderEvent.objects.filter(vendor_order=vendor_order).values_list("kind", flat=True)
    )
    assert kinds.index("shipped") < kinds.index("delivered")
    # The pickup arriving afterwards is kept in the timeline and moves nothing.
    assert post(account, events_body((waybill, "PICKED_UP", "early"))).status_code == 200
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.DELIVERED
    assert moved(vendor_order) == S.DELIVERED
    assert OrderEvent.objects.filter(vendor_order=vendor_order, kind="carrier_event").count() == 2
    assert OrderEvent.objects.filter(vendor_order=vendor_order, kind="delivered").count() == 1


def test_a_parcel_returned_undelivered_refunds_a_paid_part(booked, post):
    vendor_order, shipment, account = booked(method="VNPAY")
    waybill = shipment.waybill
    post(account, events_body((waybill, "PICKED_UP"), (waybill, "DELIVERY_FAILED")))
    assert moved(vendor_order) == S.SHIPPED
    assert post(account, events_body((waybill, "RETURNED"))).status_code == 200
    assert moved(vendor_order) == S.RETURNED
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.RETURNED
    refund = Refund.objects.get(vendor_order=vendor_order)
    assert refund.amount == vendor_order.total
    # Never delivered: the producer earned nothing.
    assert sum(EarningsEntry.objects.values_list("amount", flat=True)) == 0


def test_a_cod_parcel_returned_collects_nothing(booked, post):
    vendor_order, shipment, account = booked()
    post(account, events_body((shipment.waybill, "PICKED_UP"), (shipment.waybill, "RETURNED")))
    assert moved(vendor_order) == S.RETURNED
    assert not Refund.objects.exists()
    assert not OrderEvent.objects.filter(kind="cod_collected").exists()
    assert not EarningsEntry.objects.exists()


def test_a_carrier_cancellation_only_cancels_the_shipment(booked, post):
    vendor_order, shipment, account = booked()
    assert post(account, events_body((shipment.waybill, "CANCELLED"))).status_code == 200
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.CANCELLED
    assert moved(vendor_order) == S.CONFIRMED
    assert vendor_order.tracking_number == ""


def test_events_for_another_accounts_waybill_are_ignored(booked, post):
    vendor_order, shipment, _ = booked()
    _, _, other_account = booked()
    response = post(other_account, events_body((shipment.waybill, "DELIVERED")))
    assert response.status_code == 200
    assert not CarrierEvent.objects.filter(shipment=shipment).exists()
    assert moved(vendor_order) == S.CONFIRMED


def test_events_for_a_cancelled_part_are_kept_without_a_move(booked, post):
    vendor_order, shipment, account = booked()
    vendor_order_cancel(actor=StaffFactory(), vendor_order=vendor_order, reason="Hết hàng")
    assert post(account, events_body((shipment.waybill, "PICKED_UP"))).status_code == 200
    assert moved(vendor_order) == S.CANCELLED
    assert OrderEvent.objects.filter(vendor_order=vendor_order, kind="carrier_event").exists()


def test_one_webhook_with_several_parts_moves_each(booked, post, fake_carrier):
    first, first_shipment, account = booked()
    # A second part of the same producer, booked with the same account.
    tea = first.lines.first().variant
    order = place([(tea, 1)])
    owner = member(tea.vendor)
    second = fulfilment.vendor_order_confirm(actor=owner, vendor_order=part(order, tea))
    ShippingMethod.objects.filter(pk=second.shipping_method_id).update(carrier_account=account)
    second_shipment = shipment_create(actor=owner, vendor_order=second)
    body = events_body(
        (second_shipment.waybill, "DELIVERED"), (first_shipment.waybill, "PICKED_UP")
    )
    assert post(account, body).status_code == 200
    assert (moved(first), moved(second)) == (S.SHIPPED, S.DELIVERED)


def test_the_address_to_give_the_carrier(booked, settings):
    from orders.views import carrier_webhook_url

    _, _, account = booked()
    settings.SITE_URL = "https://ocop.example.vn/"
    assert carrier_webhook_url(account) == (
        f"https://ocop.example.vn/webhooks/carriers/ghn/{account.webhook_key}/"
    )
