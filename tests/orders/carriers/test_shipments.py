""" "Tạo vận đơn": a confirmed part booked with its method's carrier, cancelled before pickup,
its label printed; refused with a clear code and nothing written when it cannot be."""

import threading
import time

import pytest

from marketplace.core.errors import ErrorCode, ServiceError
from orders.carriers.base import CarrierError, CarrierErrorCode
from orders.models import CarrierAccount, OrderEvent, Shipment, ShippingMethod, VendorOrder
from orders.services import fulfilment
from orders.services.shipments import shipment_cancel, shipment_create, shipment_label_url
from tests.concurrency import run_in_threads
from tests.orders.carriers.shipment_support import carrier_part
from tests.orders.fulfilment_support import member, part, place, variant

pytestmark = pytest.mark.django_db
S = VendorOrder.Status


def refused(code, call, **kwargs):
    with pytest.raises(ServiceError) as caught:
        call(**kwargs)
    assert caught.value.codes == [code], caught.value.errors
    return caught.value


def state():
    return (
        list(Shipment.objects.values()),
        list(OrderEvent.objects.values("kind")),
        list(VendorOrder.objects.values("status", "carrier", "tracking_number")),
    )


def test_a_shipment_is_booked_and_its_waybill_becomes_the_tracking_number(fake_carrier):
    vendor_order, owner, account = carrier_part()
    shipment = shipment_create(actor=owner, vendor_order=vendor_order)

    assert (shipment.waybill, shipment.fee, shipment.status) == ("FAKE000001", 31_000, "CREATED")
    assert (shipment.account, shipment.carrier, shipment.service) == (account, "ghn", "2")
    vendor_order.refresh_from_db()
    assert (vendor_order.status, vendor_order.carrier, vendor_order.tracking_number) == (
        S.CONFIRMED,
        "GHN",
        "FAKE000001",
    )
    event = OrderEvent.objects.get(vendor_order=vendor_order, kind="shipment_created")
    assert event.actor_user == owner
    assert event.data["waybill"] == "FAKE000001"

    [(call, request)] = fake_carrier.calls
    order = vendor_order.order
    assert call == "create_shipment"
    assert request.reference == f"{order.number}-{vendor_order.pk}"
    assert request.recipient.name == "Nguyễn Thị Lan"
    assert request.recipient.commune_code == order.commune.code
    assert request.sender.name == vendor_order.vendor.name
    assert request.parcel.weight_grams == 2 * 250
    assert request.parcel.declared_value == vendor_order.subtotal == 240_000
    # Cash on delivery: the carrier collects the part's total.
    assert shipment.cod_amount == request.parcel.cod_amount == vendor_order.total
    assert [(i.quantity, i.weight_grams) for i in request.items] == [(2, 250)]
    assert request.service == "2"


def test_a_paid_online_order_collects_nothing_on_delivery(fake_carrier):
    vendor_order, owner, _ = carrier_part(method="VNPAY")
    shipment = shipment_create(actor=owner, vendor_order=vendor_order)
    assert shipment.cod_amount == 0


@pytest.mark.parametrize(
    ("carrier_code", "code"),
    [
        (CarrierErrorCode.TIMEOUT, ErrorCode.CARRIER_UNAVAILABLE),
        (CarrierErrorCode.UNAVAILABLE, ErrorCode.CARRIER_UNAVAILABLE),
        (CarrierErrorCode.AUTH, ErrorCode.CARRIER_UNAVAILABLE),
        (CarrierErrorCode.INVALID_ADDRESS, ErrorCode.INVALID),
        (CarrierErrorCode.OVERWEIGHT, ErrorCode.INVALID),
    ],
)
def test_a_carrier_error_writes_nothing(fake_carrier, carrier_code, code):
    vendor_order, owner, _ = carrier_part()
    fake_carrier.error = CarrierError(carrier_code, "no")
    before = state()
    error = refused(code, shipment_create, actor=owner, vendor_order=vendor_order)
    assert error.errors[0].message
    assert state() == before


def test_another_producer_is_refused(fake_carrier):
    vendor_order, _, _ = carrier_part()
    outsider = member(variant().vendor)
    before = state()
    with pytest.raises(ServiceError) as caught:
        shipment_create(actor=outsider, vendor_order=vendor_order)
    assert caught.value.codes == [ErrorCode.PERMISSION_DENIED]
    assert state() == before
    assert fake_carrier.calls == []


def test_an_unconfirmed_part_is_refused(fake_carrier):
    tea = variant()
    order = place([(tea, 1)])
    vendor_order = part(order, tea)
    account = CarrierAccount.objects.create(vendor=tea.vendor, carrier="ghn")
    ShippingMethod.objects.filter(pk=vendor_order.shipping_method_id).update(
        carrier_account=account
    )
    refused(
        ErrorCode.INVALID_TRANSITION,
        shipment_create,
        actor=member(tea.vendor),
        vendor_order=vendor_order,
    )
    assert not Shipment.objects.exists() and fake_carrier.calls == []


def test_a_method_without_a_carrier_account_is_refused(fake_carrier):
    vendor_order, owner, _ = carrier_part()
    ShippingMethod.objects.update(carrier_account=None)
    refused(ErrorCode.INVALID, shipment_create, actor=owner, vendor_order=vendor_order)
    assert not Shipment.objects.exists()


def test_another_producers_account_is_never_used(fake_carrier):
    vendor_order, owner, account = carrier_part()
    account.vendor = variant().vendor
    account.save()
    refused(ErrorCode.INVALID, shipment_create, actor=owner, vendor_order=vendor_order)


def test_products_without_a_weight_are_refused_before_the_carrier(fake_carrier):
    vendor_order, owner, _ = carrier_part()
    for line in vendor_order.lines.all():
        line.variant.weight_grams = 0
        line.variant.save()
    error = refused(ErrorCode.INVALID, shipment_create, actor=owner, vendor_order=vendor_order)
    assert "weight" in error.errors[0].message.lower() or "khối lượng" in error.errors[0].message
    assert fake_carrier.calls == []


def test_a_second_booking_is_refused(fake_carrier):
    vendor_order, owner, _ = carrier_part()
    shipment_create(actor=owner, vendor_order=vendor_order)
    refused(ErrorCode.INVALID_TRANSITION, shipment_create, actor=owner, vendor_order=vendor_order)
    assert Shipment.objects.count() == 1


def test_the_producer_cancels_a_shipment_waiting_for_pickup_and_books_again(fake_carrier):
    vendor_order, owner, _ = carrier_part()
    shipment = shipment_create(actor=owner, vendor_order=vendor_order)
    shipment = shipment_cancel(actor=owner, shipment=shipment)
    assert shipment.status == Shipment.Status.CANCELLED
    assert ("cancel", "FAKE000001") in fake_carrier.calls
    vendor_order.refresh_from_db()
    assert (vendor_order.status, vendor_order.tracking_number) == (S.CONFIRMED, "")
    assert OrderEvent.objects.filter(kind="shipment_cancelled").count() == 1
    again = shipment_create(actor=owner, vendor_order=vendor_order)
    assert again.waybill == "FAKE000002"


def test_a_picked_up_shipment_is_not_cancelled(fake_carrier):
    vendor_order, owner, _ = carrier_part()
    shipment = shipment_create(actor=owner, vendor_order=vendor_order)
    Shipment.objects.filter(pk=shipment.pk).update(status=Shipment.Status.PICKED_UP)
    refused(ErrorCode.INVALID_TRANSITION, shipment_cancel, actor=owner, shipment=shipment)
    assert not any(call == "cancel" for call, _ in fake_carrier.calls)


def test_a_carrier_refusing_the_cancel_leaves_the_shipment(fake_carrier):
    vendor_order, owner, _ = carrier_part()
    shipment = shipment_create(actor=owner, vendor_order=vendor_order)
    fake_carrier.error = CarrierError(CarrierErrorCode.UNAVAILABLE)
    refused(ErrorCode.CARRIER_UNAVAILABLE, shipment_cancel, actor=owner, shipment=shipment)
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.CREATED


def test_only_the_producer_reads_the_label(fake_carrier):
    vendor_order, owner, _ = carrier_part()
    shipment = shipment_create(actor=owner, vendor_order=vendor_order)
    url = shipment_label_url(actor=owner, shipment=shipment)
    assert url == "https://carrier.example/label/FAKE000001.pdf"
    with pytest.raises(ServiceError) as caught:
        shipment_label_url(actor=member(variant().vendor), shipment=shipment)
    assert caught.value.codes == [ErrorCode.PERMISSION_DENIED]


def test_a_part_shipped_by_hand_is_not_booked(fake_carrier):
    vendor_order, owner, _ = carrier_part()
    fulfilment.vendor_order_ship(
        actor=owner, vendor_order=vendor_order, carrier="Viettel Post", tracking_number="VT1"
    )
    refused(ErrorCode.INVALID_TRANSITION, shipment_create, actor=owner, vendor_order=vendor_order)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_racing_bookings_make_one_shipment(fake_carrier, monkeypatch):
    vendor_order, owner, _ = carrier_part()
    booking, one_at_a_time = fake_carrier.create_shipment, threading.Lock()

    def slow_booking(self, request):  # both pass the first check before either records
        time.sleep(0.3)
        with one_at_a_time:  # the fake's waybill counter is not thread-safe
            return booking(self, request)

    monkeypatch.setattr(fake_carrier, "create_shipment", slow_booking)
    results = run_in_threads(
        lambda: shipment_create(actor=owner, vendor_order=vendor_order),
        lambda: shipment_create(actor=owner, vendor_order=vendor_order),
    )
    shipments = [r for r in results if isinstance(r, Shipment)]
    errors = [r for r in results if isinstance(r, ServiceError)]
    assert len(shipments) == 1 and len(errors) == 1, results
    assert errors[0].codes == [ErrorCode.INVALID_TRANSITION]
    assert Shipment.objects.exclude(status="CANCELLED").count() == 1
    assert OrderEvent.objects.filter(kind="shipment_created").count() == 1
    vendor_order.refresh_from_db()
    assert vendor_order.tracking_number == shipments[0].waybill
    # Both reached the carrier with the same reference (a real carrier refuses the second;
    # the fake does not): the loser's waybill was given back.
    booked = [r.reference for call, r in fake_carrier.calls if call == "create_shipment"]
    cancelled = [w for call, w in fake_carrier.calls if call == "cancel"]
    assert len(booked) == 2 and len(set(booked)) == 1
    assert len(cancelled) == 1 and cancelled[0] != shipments[0].waybill
