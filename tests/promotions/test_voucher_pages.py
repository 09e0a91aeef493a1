"""The checkout page's voucher field: applied with a form POST, refused inline, the discount
line in the totals, and the order placed at the discounted total."""

import pytest
from django.urls import reverse

from orders.models import Checkout, Order
from tests.frontend.test_storefront_cart_and_checkout import add, address, shipping_choice, variant
from tests.promotions.helpers import voucher

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(client):
    client.cookies["django_language"] = "en"


def post(client, item, action, **fields):
    data = {**address(), **shipping_choice(item), **fields, "action": action}
    return client.post(reverse("storefront:checkout"), data)


def test_a_voucher_is_applied_shown_in_the_totals_and_charged(client):
    tea = variant(price=300_000)
    add(client, tea)
    post(client, tea, "update")
    voucher("OCOP10", min_order=200_000, max_discount=50_000)
    response = post(client, tea, "voucher_apply", voucher_code="ocop10")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Voucher OCOP10 applied." in html and 'value="voucher_remove"' in html
    assert "Discount" in html and "30,000" in html.split("Discount", 1)[1][:120]
    assert Checkout.objects.get().voucher_code == "OCOP10"
    cart = client.get(reverse("storefront:cart")).content.decode()
    assert "Discount" in cart and "300,000" in cart  # the cart's total is the checkout's
    response = post(client, tea, "place")
    assert response.status_code == 302
    order = Order.objects.get()
    assert (order.discount_total, order.total) == (30_000, 300_000)
    page = client.get(response["Location"]).content.decode()
    assert "Discount (OCOP10)" in page and "300,000" in page


def test_a_refused_code_shows_its_reason_by_the_field_and_is_kept(client):
    tea = variant(price=100_000)
    add(client, tea)
    voucher("OCOP10", min_order=200_000)
    response = post(client, tea, "voucher_apply", voucher_code="ocop10")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="voucher_code-errors"' in html or 'id="id_voucher_code-errors"' in html
    assert "needs an order of at least" in html
    assert 'value="ocop10"' in html
    assert Checkout.objects.get().voucher_code == ""


def test_removing_the_voucher_restores_the_total(client):
    tea = variant(price=300_000)
    add(client, tea)
    voucher("GIAM", kind="fixed", value=20_000)
    post(client, tea, "voucher_apply", voucher_code="GIAM")
    response = post(client, tea, "voucher_remove")
    assert Checkout.objects.get().voucher_code == ""
    assert "Discount:" not in response.content.decode()


def test_a_producer_creates_its_own_voucher_on_the_dashboard(client):
    from promotions.models import Voucher
    from tests.factories import VendorMemberFactory

    member = VendorMemberFactory()
    client.force_login(member.user)
    url = reverse("dashboard:vouchers")
    bad = client.post(url, {"code": "TET", "kind": "percentage", "value": "150"})
    assert bad.status_code == 400 and "A percentage is 1 to 100." in bad.content.decode()
    assert not Voucher.objects.exists()
    done = client.post(
        url,
        {
            "code": "tet30k",
            "kind": "fixed",
            "value": "30.000",
            "min_order": "300.000",
            "ends_at": "2030-02-10",
            "usage_limit": "100",
        },
    )
    assert done.status_code == 302
    voucher = Voucher.objects.get()
    assert (voucher.code, voucher.vendor, voucher.value, voucher.min_order) == (
        "TET30K",
        member.vendor,
        30_000,
        300_000,
    )
    html = client.get(url).content.decode()
    assert "TET30K" in html and "0 / 100" in html
