"""A price that changes between filling the cart and placing the order: the order is placed at
the new price only once the shopper has seen it. Until then completion is refused with
PRICE_CHANGED on each line whose price moved, and nothing is written."""

import re

import pytest
from django.urls import reverse

from catalog.services.variants import variant_update
from orders.models import Order
from tests.factories import VendorMemberFactory
from tests.frontend.test_storefront_cart_and_checkout import add, place, variant
from tests.graphql.client import GraphQLClient
from tests.orders.helpers import ready_checkout, variant_in_stock
from tests.security.support import nothing_written, payload_refused

pytestmark = pytest.mark.django_db

COMPLETE = """mutation($token: UUID!) {
  checkoutComplete(token: $token, paymentMethod: COD) {
    order { total { amount } vendorOrders { lines { sku unitPrice { amount } } } }
    errors { field code message }
  }
}"""
SEEN = """query($token: UUID!) {
  checkout(token: $token) { lines { variant { sku } unitPrice { amount } } total { amount } }
}"""


def reprice(variant, price: int) -> None:
    """The producer changes the price, as its dashboard or the API would."""
    owner = VendorMemberFactory(vendor=variant.vendor).user
    variant_update(variant=variant, actor=owner, price=price)


@pytest.fixture
def cart():
    """Two producers' lines, the address and deliveries chosen (GHTK, 30.000 ₫ each)."""
    tea = variant_in_stock(price=100_000, product__name="Chè Shan tuyết", name="Hộp 200g")
    honey = variant_in_stock(price=50_000, product__name="Mật ong bạc hà")
    return ready_checkout([(tea, 2), (honey, 1)]), tea, honey


def complete(checkout):
    return GraphQLClient().post(COMPLETE, {"token": str(checkout.token)})


def test_completion_is_refused_until_the_new_price_was_seen_then_charges_it(cart):
    checkout, tea, _honey = cart
    reprice(tea, 120_000)

    with nothing_written():
        refusal = complete(checkout)
    error = payload_refused(refusal, "checkoutComplete", "PRICE_CHANGED", "lines.0")
    assert "Chè Shan tuyết (Hộp 200g)" in error["message"]
    assert "100.000" in error["message"] and "120.000" in error["message"]
    assert len(refusal.json()["data"]["checkoutComplete"]["errors"]) == 1  # honey did not move

    seen = GraphQLClient().execute(SEEN, {"token": str(checkout.token)})["checkout"]
    assert seen["lines"][0]["unitPrice"] == {"amount": 120_000}

    placed = GraphQLClient().execute(COMPLETE, {"token": str(checkout.token)})["checkoutComplete"]
    assert placed["errors"] == []
    assert placed["order"]["total"] == {"amount": 2 * 120_000 + 50_000 + 2 * 30_000}
    assert Order.objects.get().total == 2 * 120_000 + 50_000 + 2 * 30_000


def test_a_price_that_went_down_is_shown_before_it_is_charged_too(cart):
    checkout, _tea, honey = cart
    reprice(honey, 45_000)
    error = payload_refused(complete(checkout), "checkoutComplete", "PRICE_CHANGED", "lines.1")
    assert "Mật ong bạc hà" in error["message"]
    GraphQLClient().execute(SEEN, {"token": str(checkout.token)})
    assert complete(checkout).json()["data"]["checkoutComplete"]["errors"] == []
    assert Order.objects.get().subtotal == 2 * 100_000 + 45_000


@pytest.mark.parametrize(
    "selection",
    ["token", "lines { quantity variant { sku } }", "shippingPrice { amount }", "email"],
)
def test_reading_the_checkout_without_its_prices_is_not_seeing_them(cart, selection):
    checkout, tea, _honey = cart
    reprice(tea, 120_000)
    query = f"query($token: UUID!) {{ checkout(token: $token) {{ {selection} }} }}"
    GraphQLClient().execute(query, {"token": str(checkout.token)})
    with nothing_written():
        payload_refused(complete(checkout), "checkoutComplete", "PRICE_CHANGED", "lines.0")


@pytest.mark.parametrize(
    "selection",
    ["subtotal { amount }", "total { amount }", "lines { totalPrice { amount } }",
     "deliveryGroups { subtotal { amount } }", "deliveryGroups { lines { unitPrice { amount } } }"],
)  # fmt: skip
def test_a_mutation_that_shows_the_prices_counts_as_seeing_them(cart, selection):
    checkout, tea, _honey = cart
    reprice(tea, 120_000)
    GraphQLClient().execute(
        "mutation($token: UUID!) { checkoutEmailUpdate(token: $token, "
        f'email: "lan@example.vn") {{ checkout {{ {selection} }} errors {{ code }} }} }}',
        {"token": str(checkout.token)},
    )
    assert complete(checkout).json()["data"]["checkoutComplete"]["errors"] == []


def test_a_price_unchanged_since_it_was_shown_writes_nothing_on_reading(
    cart, django_assert_num_queries
):
    checkout, _tea, _honey = cart
    client = GraphQLClient()
    client.execute(SEEN, {"token": str(checkout.token)})
    with django_assert_num_queries(5):  # reads only: the lines, deliveries, methods, pickups
        client.execute(SEEN, {"token": str(checkout.token)})


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_the_checkout_page_refuses_a_changed_price_shows_it_then_places_the_order(english):
    client = english
    tea = variant("Chè Shan tuyết", price=100_000)
    add(client, tea, 2)
    assert client.get(reverse("storefront:checkout")).status_code == 200  # seen at 100.000
    reprice(tea, 120_000)

    # The form's address and delivery are saved on the way, and the page that answers shows
    # (and so records as seen) the new price; no order, allocation or stock is written.
    cart_rows = ("orders.Checkout", "orders.CheckoutDelivery", "orders.CheckoutLine")
    with nothing_written(except_in=cart_rows):
        refused = place(client, tea)
    html = refused.content.decode()
    assert refused.status_code == 400
    line = re.search(rf'id="line-{tea.pk}".*?</li>', html, re.S).group(0)
    assert "changed from ₫100,000 to ₫120,000" in line and "₫120,000</span> × 2" in line
    assert not Order.objects.exists()

    placed = place(client, tea)  # the page above showed 120.000
    assert placed.status_code == 302
    assert Order.objects.get().subtotal == 2 * 120_000
