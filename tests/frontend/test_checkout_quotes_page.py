"""The checkout page with a producer's method priced by a carrier's live quote: the option
shows its price, days and carrier; placing the order (address, delivery and payment in one
form) charges the quote; a quote that moved is shown before the order is placed."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from orders.models import CarrierAccount, Order, ShippingMethod
from tests.frontend.test_storefront_cart_and_checkout import add, address, variant

pytestmark = pytest.mark.django_db


@pytest.fixture
def ghn_tea(fake_carrier):
    tea = variant(price=150_000)  # with the producer's own 30.000 ₫ method
    account = CarrierAccount.objects.create(
        vendor=tea.vendor, carrier="ghn", credentials={"token": "tok"}
    )
    method = ShippingMethod.objects.create(
        vendor=tea.vendor, name="GHN Chuẩn", carrier_account=account
    )
    return tea, method


def place_with(client, tea, method):
    data = {**address(), f"delivery-{tea.vendor_id}": f"shipping-{method.pk}", "action": "place"}
    return client.post(reverse("storefront:checkout"), data)


def test_the_carrier_option_shows_its_quote_days_and_carrier(client, ghn_tea, fake_carrier):
    tea, _method = ghn_tea
    add(client, tea)
    client.post(reverse("storefront:checkout"), {**address(), "action": "update"})
    client.cookies["django_language"] = "vi"
    html = client.get(reverse("storefront:checkout")).content.decode().replace("\xa0", " ")
    quoted = 30_000 + tea.weight_grams // 100  # the fake's fee, 1 đồng per 100 g
    assert f"GHN Chuẩn – {quoted:,} ₫".replace(",", ".") in html
    assert [kind for kind, _args in fake_carrier.calls].count("quote") == 1  # then cached
    assert "1–3 ngày" in html and "(báo giá của GHN cho địa chỉ của bạn)" in html


def test_placing_from_the_page_charges_the_quote(client, ghn_tea, fake_carrier):
    tea, method = ghn_tea
    add(client, tea)
    response = place_with(client, tea, method)
    assert response.status_code == 302, response.content.decode()[:500]
    part = Order.objects.get().vendor_orders.get()
    assert part.shipping_method == method
    assert part.shipping_price == 30_000 + tea.weight_grams // 100


def test_a_quote_that_moved_is_shown_and_the_next_place_takes_it(
    client, ghn_tea, fake_carrier, monkeypatch
):
    tea, method = ghn_tea
    add(client, tea)
    client.post(
        reverse("storefront:checkout"),
        {**address(), f"delivery-{tea.vendor_id}": f"shipping-{method.pk}", "action": "update"},
    )
    cache.clear()
    monkeypatch.setattr(fake_carrier, "fees", {})
    monkeypatch.setattr(fake_carrier, "default_fee", 40_000)
    refused = place_with(client, tea, method)
    assert refused.status_code == 400 and not Order.objects.exists()
    assert "Phí giao hàng của" in refused.content.decode()  # the new price, before paying
    assert place_with(client, tea, method).status_code == 302
    assert (
        Order.objects.get().vendor_orders.get().shipping_price == 40_000 + tea.weight_grams // 100
    )
