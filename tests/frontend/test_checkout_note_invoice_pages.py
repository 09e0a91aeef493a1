"""The checkout page's note per producer and VAT e-invoice fieldset, and the order page."""

import pytest
from django.urls import reverse

from orders.models import Checkout, Order
from tests.frontend.test_storefront_cart_and_checkout import add, address, shipping_choice, variant

pytestmark = pytest.mark.django_db

INVOICE = {
    "invoice_company_name": "Công ty TNHH Sen Vàng",
    "invoice_tax_code": "0100 233 488",
    "invoice_email": "ketoan@senvang.vn",
    "invoice_address": "5 Tràng Tiền, Hà Nội",
}


@pytest.fixture(autouse=True)
def _english_pages(client):
    client.cookies["django_language"] = "en"


def post(client, item, action="update", **fields):
    data = {**address(), **shipping_choice(item), **fields, "action": action}
    return client.post(reverse("storefront:checkout"), data)


def test_the_checkout_page_has_a_note_per_producer_and_the_invoice_fieldset(client):
    tea, honey = variant(), variant("Mật ong bạc hà")
    add(client, tea)
    add(client, honey)
    html = client.get(reverse("storefront:checkout")).content.decode()
    for item in (tea, honey):
        assert f'<textarea id="note-{item.vendor_id}" name="note-{item.vendor_id}"' in html
    assert 'name="invoice_company_name"' in html and 'name="invoice_tax_code"' in html
    assert 'type="checkbox" name="invoice"' in html


def test_note_and_invoice_are_saved_and_shown_again(client):
    tea = variant()
    add(client, tea)
    response = post(client, tea, **{f"note-{tea.vendor_id}": " Gói kỹ giúp em "}, **INVOICE)
    assert response.status_code == 200
    checkout = Checkout.objects.get()
    assert checkout.note_for(tea.vendor_id) == "Gói kỹ giúp em"
    assert checkout.invoice_tax_code == "0100233488"
    html = client.get(reverse("storefront:checkout")).content.decode()
    assert "Gói kỹ giúp em</textarea>" in html
    assert 'value="0100233488"' in html
    assert 'id="id_invoice" value="1" data-reveals="invoice-fields" checked' in html


def test_a_bad_tax_code_is_shown_next_to_its_field_and_nothing_is_saved(client):
    tea = variant()
    add(client, tea)
    response = post(
        client,
        tea,
        **{f"note-{tea.vendor_id}": "Gói kỹ"},
        **{**INVOICE, "invoice_tax_code": "0100233489"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="invoice_tax_code-errors"' in html
    assert "wrong check digit" in html
    assert 'value="0100233489"' in html  # what was typed is kept
    checkout = Checkout.objects.get()
    assert checkout.invoice_company_name == "" and checkout.note_for(tea.vendor_id) == ""


def test_without_a_company_name_the_other_invoice_fields_are_ignored(client):
    tea = variant()
    add(client, tea)
    post(client, tea, **{**INVOICE, "invoice_company_name": ""})
    assert not Checkout.objects.get().wants_invoice


def test_a_note_in_html_is_never_rendered_raw_and_reaches_the_order_page(client):
    tea = variant()
    add(client, tea)
    note = "<script>alert(1)</script> giao sáng"
    response = post(client, tea, action="place", **{f"note-{tea.vendor_id}": note}, **INVOICE)
    order = Order.objects.get()
    assert response.status_code == 302
    assert order.vendor_orders.get().note == note
    html = client.get(response["Location"]).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; giao sáng" in html
    assert "Công ty TNHH Sen Vàng" in html and "0100233488" in html


def test_in_vietnamese_the_checkout_asks_for_a_message_and_a_vat_invoice(client):
    client.cookies["django_language"] = "vi"
    add(client, variant())
    html = client.get(reverse("storefront:checkout")).content.decode()
    assert "Lời nhắn cho người bán" in html
    assert "Xuất hóa đơn VAT" in html and "Mã số thuế" in html
