"""The producer sees the shopper's note to it and the VAT e-invoice request, on the orders
page and in the orders CSV, and never another producer's note."""

import csv
import io

import pytest
from django.urls import reverse

from orders.models import VendorOrder
from orders.services.checkout_extras import checkout_invoice_update, checkout_note_update
from orders.services.complete import checkout_complete
from tests.factories import StockFactory, VendorFactory, VendorMemberFactory
from tests.orders.helpers import ready_checkout

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def owner_client(client, vendor):
    client.force_login(VendorMemberFactory(vendor=vendor).user)
    return client


def order_with_notes(vendor):
    other = VendorFactory()
    mine = StockFactory(quantity=10, variant__product__vendor=vendor).variant
    theirs = StockFactory(quantity=10, variant__product__vendor=other).variant
    checkout = ready_checkout([(mine, 1), (theirs, 1)])
    checkout_note_update(actor=None, checkout=checkout, vendor_id=vendor.pk, note="<b>Gói kỹ</b>")
    checkout_note_update(actor=None, checkout=checkout, vendor_id=other.pk, note="Ghi chú riêng B")
    checkout_invoice_update(
        actor=None,
        checkout=checkout,
        company_name="Công ty TNHH Sen Vàng",
        tax_code="0100233488",
        email="ketoan@senvang.vn",
        address="=5 Tràng Tiền, Hà Nội",
    )
    order = checkout_complete(actor=None, checkout=checkout, payment_method="cod").order
    return VendorOrder.objects.get(order=order, vendor=vendor)


def test_the_orders_page_shows_the_note_escaped_and_the_invoice(owner_client, vendor):
    part = order_with_notes(vendor)
    html = owner_client.get(reverse("dashboard:orders")).content.decode()
    assert part.order.number in html
    assert "&lt;b&gt;Gói kỹ&lt;/b&gt;" in html and "<b>Gói kỹ</b>" not in html
    assert "Công ty TNHH Sen Vàng" in html and "0100233488" in html
    assert "Ghi chú riêng B" not in html


def test_the_orders_csv_has_note_and_invoice_columns(owner_client, vendor):
    part = order_with_notes(vendor)
    response = owner_client.get(reverse("dashboard:orders-csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    assert len(rows) == 2
    record = dict(zip(header, row, strict=True))
    assert record["Order"] == part.order.number
    assert record["Message to the seller"] == "<b>Gói kỹ</b>"
    assert record["Tax code"] == "0100233488"
    assert record["Company name"] == "Công ty TNHH Sen Vàng"
    assert record["Email for the invoice"] == "ketoan@senvang.vn"
    assert record["Company address"] == "'=5 Tràng Tiền, Hà Nội"  # never a formula
    assert "Ghi chú riêng B" not in response.content.decode("utf-8-sig")


def test_the_csv_needs_a_member_of_the_producer(client, vendor):
    order_with_notes(vendor)
    response = client.get(reverse("dashboard:orders-csv"))
    assert response.status_code == 302
    client.force_login(VendorMemberFactory().user)
    other = client.get(reverse("dashboard:orders-csv")).content.decode("utf-8-sig")
    assert "Gói kỹ" not in other and len(other.splitlines()) == 1
