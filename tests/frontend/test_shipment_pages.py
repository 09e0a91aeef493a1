"""Shipments in the pages: the producer creates one from its orders page, prints its label and
cancels it before pickup; the shopper's order page follows the carrier's events with the
carrier's own tracking link."""

import re

import pytest
from django.urls import reverse

from orders.carriers.base import CarrierError, CarrierErrorCode
from orders.models import Shipment, VendorOrder
from orders.services.shipments import shipment_create
from tests.factories import VendorMemberFactory
from tests.orders.carriers.shipment_support import carrier_part, events_body, webhook_url

pytestmark = pytest.mark.django_db
S = VendorOrder.Status
TRACK = "https://carrier.example/track?code=FAKE000001"


@pytest.fixture(autouse=True)
def _english_pages(client):
    client.cookies["django_language"] = "en"


def card(html, part):
    return re.search(
        rf'<article class="vendor-order[^>]*id="order-{part.pk}".*?</article>', html, re.S
    )[0]


def orders_page(client):
    response = client.get(reverse("dashboard:orders"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_producer_creates_prints_and_cancels_a_shipment(client, fake_carrier):
    vendor_order, owner, _ = carrier_part()
    client.force_login(owner)
    html = card(orders_page(client), vendor_order)
    create = reverse("dashboard:order-shipment", args=[vendor_order.pk])
    assert f'action="{create}"' in html and "Create shipment" in html
    assert "csrfmiddlewaretoken" in html and "onclick" not in html and "style=" not in html

    response = client.post(create)
    assert response.status_code == 302
    shipment = Shipment.objects.get()
    html = card(orders_page(client), vendor_order)
    assert "Create shipment" not in html
    assert '<code class="waybill">FAKE000001</code>' in html
    assert "Waiting for pickup" in html
    assert 'class="ship-form"' not in html  # the carrier's pickup ships it now
    label = reverse("dashboard:order-shipment-label", args=[vendor_order.pk, shipment.pk])
    assert f'href="{label}"' in html and "Print label" in html
    printed = client.get(label)
    assert (printed.status_code, printed["Location"]) == (
        302,
        "https://carrier.example/label/FAKE000001.pdf",
    )

    cancel = reverse("dashboard:order-shipment-cancel", args=[vendor_order.pk, shipment.pk])
    assert f'action="{cancel}"' in html and "Cancel shipment" in html
    assert client.post(cancel).status_code == 302
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.CANCELLED
    html = card(orders_page(client), vendor_order)
    assert "Create shipment" in html and 'class="ship-form"' in html


def test_a_carrier_error_is_shown_on_the_order(client, fake_carrier):
    vendor_order, owner, _ = carrier_part()
    client.force_login(owner)
    client.cookies["django_language"] = "vi"
    fake_carrier.error = CarrierError(CarrierErrorCode.UNAVAILABLE, "503")
    response = client.post(reverse("dashboard:order-shipment", args=[vendor_order.pk]))
    assert response.status_code == 400
    html = card(response.content.decode(), vendor_order)
    assert "Không kết nối được với đơn vị vận chuyển" in html
    assert not Shipment.objects.exists()


def test_no_button_without_a_carrier_account(client, fake_carrier):
    vendor_order, owner, _ = carrier_part()
    vendor_order.shipping_method.carrier_account = None
    vendor_order.shipping_method.save()
    client.force_login(owner)
    html = card(orders_page(client), vendor_order)
    assert "Create shipment" not in html and 'class="ship-form"' in html


def test_another_producer_can_neither_book_nor_print(client, fake_carrier):
    vendor_order, owner, _ = carrier_part()
    shipment = shipment_create(actor=owner, vendor_order=vendor_order)
    client.force_login(VendorMemberFactory().user)
    assert (
        client.post(reverse("dashboard:order-shipment", args=[vendor_order.pk])).status_code == 404
    )
    label = reverse("dashboard:order-shipment-label", args=[vendor_order.pk, shipment.pk])
    assert client.get(label).status_code == 404
    cancel = reverse("dashboard:order-shipment-cancel", args=[vendor_order.pk, shipment.pk])
    assert client.post(cancel).status_code == 404
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.CREATED


def test_the_orders_page_costs_the_same_with_shipments(
    client, fake_carrier, django_assert_num_queries
):
    from tests.frontend.test_dashboard_pages import QUERIES_ORDERS

    vendor_order, owner, _ = carrier_part()
    shipment_create(actor=owner, vendor_order=vendor_order)
    client.force_login(owner)
    orders_page(client)  # the session remembers the producer
    with django_assert_num_queries(QUERIES_ORDERS):
        orders_page(client)


def test_the_shoppers_timeline_follows_the_carrier(client, fake_carrier):
    vendor_order, owner, account = carrier_part(secret="s")
    shipment = shipment_create(actor=owner, vendor_order=vendor_order)
    order_url = reverse("storefront:order", args=[vendor_order.order.token])

    def send(*events):
        response = client.post(
            webhook_url(account),
            data=events_body(*events),
            content_type="application/json",
            HTTP_X_FAKE_SECRET="s",
        )
        assert response.status_code == 200
        return client.get(order_url).content.decode()

    w = shipment.waybill
    html = send((w, "PICKED_UP", "1", "2026-12-01T08:00:00+07:00"))
    assert 'class="timeline-step step-shipped is-done is-current"' in html
    assert "The carrier picked the parcel up" in html
    assert f'href="{TRACK}"' in html  # the booked carrier's page, not the name mapping's
    html = send((w, "IN_TRANSIT", "2", "2026-12-01T15:30:00+07:00"))
    assert "On its way" in html
    html = send((w, "DELIVERED", "3", "2026-12-02T10:00:00+07:00"))
    assert 'class="timeline-step step-delivered is-done is-current"' in html
    events = re.search(r'<ol class="carrier-events".*?</ol>', html, re.S)[0]
    labels = re.findall(r'<span class="carrier-event-label">([^<]+)</span>', events)
    assert labels == ["The carrier picked the parcel up", "On its way", "Delivered by the carrier"]
    assert 'datetime="2026-12-01T08:00:00+07:00"' in events


def test_a_returned_parcel_never_shows_as_delivered(client, fake_carrier):
    vendor_order, owner, account = carrier_part()
    shipment = shipment_create(actor=owner, vendor_order=vendor_order)
    client.post(
        webhook_url(account),
        data=events_body((shipment.waybill, "PICKED_UP"), (shipment.waybill, "RETURNED")),
        content_type="application/json",
    )
    client.cookies["django_language"] = "vi"
    html = client.get(reverse("storefront:order", args=[vendor_order.order.token])).content.decode()
    steps = re.findall(r'<li class="timeline-step step-(\w+)', html)
    assert steps == ["placed", "confirmed", "shipped", "returned"]
    assert "Đã hoàn hàng về nhà sản xuất" in html


def test_the_order_page_budget_holds_with_carrier_events(
    client, fake_carrier, django_assert_max_num_queries
):
    vendor_order, owner, account = carrier_part()
    shipment = shipment_create(actor=owner, vendor_order=vendor_order)
    client.post(
        webhook_url(account),
        data=events_body((shipment.waybill, "PICKED_UP"), (shipment.waybill, "IN_TRANSIT")),
        content_type="application/json",
    )
    with django_assert_max_num_queries(10):  # as tests/frontend/test_order_timeline.py pins
        client.get(reverse("storefront:order", args=[vendor_order.order.token]))


def test_a_label_only_our_token_opens_is_streamed_to_its_producer(client, fake_carrier):
    """GHTK's label PDF needs our API token: the producer's page fetches it and streams it."""
    vendor_order, owner, _ = carrier_part()
    client.force_login(owner)
    client.post(reverse("dashboard:order-shipment", args=[vendor_order.pk]))
    shipment = Shipment.objects.get()
    fake_carrier.pdf = b"%PDF-1.4 label of FAKE000001"
    printed = client.get(
        reverse("dashboard:order-shipment-label", args=[vendor_order.pk, shipment.pk])
    )
    assert printed.status_code == 200 and printed["Content-Type"] == "application/pdf"
    assert printed.content == fake_carrier.pdf
    assert printed["Cache-Control"] == "private, no-store"
    assert 'filename="FAKE000001.pdf"' in printed["Content-Disposition"]
