"""The cart, checkout, order and account pages, driven through Django's test client."""

import re
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inventory.models import Stock
from orders.models import Checkout, Order, ShippingMethod
from orders.services.checkout import LineInput, checkout_create
from tests.factories import (
    PASSWORD,
    AgreementFactory,
    ProductFactory,
    ProductVariantFactory,
    StockFactory,
    UserFactory,
    VendorFactory,
)
from tests.orders.payment_support import VNPAY_SECRET, VNPAY_TMN, query_params, vnpay_signed

pytestmark = pytest.mark.django_db

HANOI_COMMUNE = "00004"  # Phường Ba Đình, Hà Nội


@pytest.fixture(autouse=True)
def _english_pages(client):
    """Pages follow the request's language: English here, so messages read as in the code."""
    client.cookies["django_language"] = "en"


def variant(name="Chè Shan tuyết", price=150_000, stock=10, vendor=None):
    vendor = vendor or VendorFactory()
    product = ProductFactory(vendor=vendor, name=name)
    found = StockFactory(
        quantity=stock, variant=ProductVariantFactory(product=product, price=price)
    ).variant
    if not ShippingMethod.objects.filter(vendor=vendor).exists():
        ShippingMethod.objects.create(
            vendor=vendor, name="Giao hàng tiết kiệm", flat_price=30_000, min_days=2, max_days=4
        )
    return found


def add(client, item, quantity=1):
    return client.post(
        reverse("storefront:cart-add"), {"variant_id": item.pk, "quantity": quantity}
    )


def address(**overrides):
    return {
        "email": "lan@example.vn",
        "full_name": "Nguyễn Thị Lan",
        "phone": "0912 345 678",
        "street_address": "12 Phố Huế",
        "province": "01",
        "commune": HANOI_COMMUNE,
        "payment": "cod",
        **overrides,
    }


def shipping_choice(item):
    method = ShippingMethod.objects.get(vendor=item.vendor)
    return {f"delivery-{item.vendor_id}": f"shipping-{method.pk}"}


def place(client, *items, **fields):
    data = address(**fields)
    for item in items:
        data.update(shipping_choice(item))
    return client.post(reverse("storefront:checkout"), {**data, "action": "place"})


def test_add_to_cart_groups_lines_per_producer_with_subtotal(client):
    tea, honey = variant("Chè Shan tuyết", 150_000), variant("Mật ong bạc hà", 250_000)

    assert add(client, tea, 2)["Location"] == reverse("storefront:cart")
    add(client, honey)
    add(client, tea)

    client.cookies["django_language"] = "vi"  # money in the Vietnamese format
    html = client.get(reverse("storefront:cart")).content.decode()
    assert client.session["checkout_token"]
    assert html.count('class="card cart-group"') == 2
    assert tea.product.vendor.name in html and honey.product.vendor.name in html
    assert f'name="quantity-{tea.pk}" id="quantity-{tea.pk}" value="3"' in html
    assert "700.000\xa0₫" in html  # 3 × 150.000 + 250.000


def test_cart_update_changes_and_removes_lines(client):
    tea, honey = variant(), variant("Mật ong")
    add(client, tea)
    add(client, honey)

    client.post(
        reverse("storefront:cart-update"), {f"quantity-{tea.pk}": "4", f"quantity-{honey.pk}": 1}
    )
    client.post(
        reverse("storefront:cart-update"),
        {f"quantity-{tea.pk}": "4", f"quantity-{honey.pk}": "1", "remove": honey.pk},
    )

    checkout = Checkout.objects.get()
    assert [(line.variant_id, line.quantity) for line in checkout.lines.all()] == [(tea.pk, 4)]


def test_insufficient_stock_is_shown_on_its_line_with_the_typed_quantity(client):
    tea, honey = variant(stock=5), variant("Mật ong")
    add(client, tea)
    add(client, honey)

    response = client.post(
        reverse("storefront:cart-update"), {f"quantity-{tea.pk}": "50", f"quantity-{honey.pk}": "2"}
    )

    html = response.content.decode()
    assert response.status_code == 400
    line = re.search(rf'id="line-{tea.pk}".*?</li>', html, re.S).group(0)
    assert "Only 5 of" in line and 'value="50"' in line
    assert "Only 5" not in re.search(rf'id="line-{honey.pk}".*?</li>', html, re.S).group(0)
    assert Checkout.objects.get().lines.get(variant=tea).quantity == 1


def test_adding_a_product_not_for_sale_says_so(client):
    draft = ProductVariantFactory(product=ProductFactory(status="draft"))
    response = add(client, draft)
    assert response.status_code == 400
    assert "This product is not for sale." in response.content.decode()


def test_checkout_shows_errors_next_to_fields_and_keeps_what_was_typed(client):
    tea = variant()
    add(client, tea)

    response = place(client, tea, email="lan@", phone="12345", full_name="Lan Nguyễn")

    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="lan@"' in html and 'value="Lan Nguyễn"' in html and 'value="12345"' in html
    assert re.search(r'id="email-errors"[^>]*>\s*<p>This is not a valid email address', html)
    assert 'id="phone-errors"' in html
    assert Order.objects.count() == 0


def test_delivery_methods_show_price_days_and_pickup_at_a_showroom(client):
    tea = variant()
    agreement = AgreementFactory(vendor=tea.vendor)
    StockFactory(variant=tea, location=agreement.showroom, quantity=3)
    add(client, tea)

    html = client.get(reverse("storefront:checkout")).content.decode()

    assert "Giao hàng tiết kiệm – ₫30,000, 2–4 days" in html
    assert f"Pick up at {agreement.showroom.name}" in html
    assert f'value="pickup-{agreement.showroom.pk}">' in html  # offered, not preselected
    method = ShippingMethod.objects.get(vendor=tea.vendor)
    assert f'value="shipping-{method.pk}" checked' in html  # the cheapest shipping
    assert 'Total: <strong class="price">₫180,000</strong>' in html


def test_communes_json_lists_a_province_and_understands_old_codes(client):
    data = client.get(reverse("storefront:communes"), {"province": "01"}).json()
    assert data["province"] == "01"
    assert {"code": HANOI_COMMUNE, "name": "Phường Ba Đình"} in data["communes"]

    assert client.get(reverse("storefront:communes"), {"province": "06"}).json()["province"] == "19"
    assert client.get(reverse("storefront:communes"), {"province": "99"}).status_code == 404


def test_without_javascript_choosing_the_province_lists_its_communes(client):
    tea = variant()
    add(client, tea)

    response = client.post(
        reverse("storefront:checkout"),
        {**address(commune="", street_address="Ngõ 5"), "action": "province"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{HANOI_COMMUNE}">Phường Ba Đình</option>' in html
    assert 'value="Ngõ 5"' in html
    assert Checkout.objects.get().street_address == ""  # listing communes saves nothing


def test_cash_on_delivery_places_the_order_and_shows_each_producers_part(client):
    tea, honey = variant(), variant("Mật ong bạc hà", 250_000)
    agreement = AgreementFactory(vendor=honey.vendor)
    StockFactory(variant=honey, location=agreement.showroom, quantity=3)
    add(client, tea, 2)
    add(client, honey)

    response = place(
        client, tea, **{f"delivery-{honey.vendor_id}": f"pickup-{agreement.showroom.pk}"}
    )

    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("storefront:order", args=[order.token])
    assert "checkout_token" not in client.session
    client.cookies["django_language"] = "vi"
    html = client.get(response["Location"]).content.decode()
    assert order.number in html
    assert html.count('class="card order-part"') == 2
    assert html.count("status-unconfirmed") == 2
    pickup = order.vendor_orders.get(vendor=honey.vendor)
    assert f'<strong class="pickup-code">{pickup.pickup_code}</strong>' in html
    assert "580.000\xa0₫" in html  # 2 × 150.000 + 250.000 + 30.000 delivery
    assert timezone.localtime(order.created_at).strftime("%d/%m/%Y") in html


def test_completion_errors_are_shown_when_stock_ran_out(client):
    tea = variant(stock=2)
    add(client, tea, 2)
    Stock.objects.filter(variant=tea).update(quantity=1)  # sold at the counter meanwhile

    response = place(client, tea)

    html = response.content.decode()
    assert response.status_code == 400
    line = re.search(rf'id="line-{tea.pk}".*?</li>', html, re.S).group(0)
    assert "Not enough" in line
    assert Order.objects.count() == 0


def test_vnpay_redirects_to_a_signed_payment_url(client, settings):
    settings.VNPAY_TMN_CODE, settings.VNPAY_HASH_SECRET = VNPAY_TMN, VNPAY_SECRET
    tea = variant()
    add(client, tea)

    response = place(client, tea, payment="vnpay")

    assert response.status_code == 302
    url = response["Location"]
    assert url.startswith(settings.VNPAY_PAYMENT_URL + "?")
    params = query_params(url)
    given = params.pop("vnp_SecureHash")
    assert vnpay_signed(params)["vnp_SecureHash"] == given
    assert params["vnp_Amount"] == str(180_000 * 100)
    assert Order.objects.get().status == Order.Status.UNPAID


def test_card_payment_degrades_with_a_clear_message_and_other_methods(client):
    tea = variant()
    add(client, tea)

    page = client.get(reverse("storefront:checkout")).content.decode()
    assert 'id="payment-stripe" value="stripe" disabled' in page
    assert "Card payment needs a connection to Stripe" in page

    response = place(client, tea, payment="stripe")

    html = response.content.decode()
    assert response.status_code == 400
    assert re.search(r'id="payment-errors"[^>]*>\s*<p>Card payment needs a connection', html)
    assert 'id="payment-cod" value="cod"' in html
    assert Order.objects.count() == 0


def test_vnpay_not_configured_is_refused_next_to_the_payment_and_nothing_is_placed(
    client, settings
):
    settings.VNPAY_TMN_CODE = settings.VNPAY_HASH_SECRET = ""
    tea = variant()
    add(client, tea)

    response = place(client, tea, payment="vnpay")

    html = response.content.decode()
    assert response.status_code == 400
    assert re.search(r'id="payment-errors"[^>]*>\s*<p>VNPay is not available right now', html)
    assert Order.objects.count() == 0 and Checkout.objects.count() == 1


def test_one_wrong_detail_saves_none_of_the_others(client):
    tea = variant()
    add(client, tea)

    wrong = {f"delivery-{tea.vendor_id}": "shipping-0"}
    response = client.post(reverse("storefront:checkout"), {**address(**wrong), "action": "place"})

    html = response.content.decode()
    assert response.status_code == 400
    assert "This delivery method is not available here; choose another." in html
    checkout = Checkout.objects.get()
    assert (checkout.full_name, checkout.commune_id) == ("", None)  # valid, but not saved alone
    assert not checkout.deliveries.exists()


def test_a_shopper_cannot_use_another_shoppers_checkout(client):
    owner = UserFactory()
    tea = variant()
    theirs = checkout_create(actor=owner, lines=[LineInput(tea.pk, 1)])
    intruder = Client()
    intruder.force_login(UserFactory())
    session = intruder.session
    session["checkout_token"] = str(theirs.token)
    session.save()

    assert 'class="cart-group"' not in intruder.get(reverse("storefront:cart")).content.decode()
    assert intruder.get(reverse("storefront:checkout"))["Location"] == reverse("storefront:cart")
    assert "checkout_token" not in intruder.session


def test_an_order_page_is_reached_by_its_token_only(client):
    tea = variant()
    add(client, tea)
    place(client, tea)
    order = Order.objects.get()

    stranger = Client()
    assert stranger.get(reverse("storefront:order", args=[order.token])).status_code == 200
    assert stranger.get(reverse("storefront:order", args=[uuid.uuid4()])).status_code == 404
    assert stranger.get(f"/don-hang/{order.pk}/").status_code == 404


def test_a_cart_filled_before_logging_in_becomes_the_shoppers_own(client):
    tea = variant()
    add(client, tea, 2)
    shopper = UserFactory()
    client.force_login(shopper)

    html = client.get(reverse("storefront:cart")).content.decode()

    assert f'id="quantity-{tea.pk}" value="2"' in html
    mine = Checkout.objects.get(token=client.session["checkout_token"])
    assert mine.user == shopper
    assert [(line.variant_id, line.quantity) for line in mine.lines.all()] == [(tea.pk, 2)]


def test_a_shoppers_cart_comes_back_when_they_log_in_again(client):
    shopper, tea = UserFactory(), variant()
    client.force_login(shopper)
    add(client, tea, 3)
    client.logout()
    assert 'class="cart-group"' not in client.get(reverse("storefront:cart")).content.decode()

    client.force_login(shopper)

    assert 'value="3"' in client.get(reverse("storefront:cart")).content.decode()


def test_register_logs_in_and_my_orders_lists_only_mine(client):
    response = client.post(
        reverse("storefront:register"),
        {"email": "Hoa@Example.vn", "full_name": "Trần Hoa", "password": PASSWORD,
         "password_again": PASSWORD},
    )  # fmt: skip
    assert response.status_code == 302
    tea = variant()
    add(client, tea)
    assert Checkout.objects.get().user.email == "hoa@example.vn"
    place(client, tea)
    other = Client()
    other.force_login(UserFactory())
    add(other, tea)
    place(other, tea)

    html = client.get(reverse("storefront:my-orders")).content.decode()

    mine, theirs = Order.objects.order_by("pk")
    assert mine.number in html and theirs.number not in html
    assert reverse("storefront:order", args=[mine.token]) in html


def test_register_shows_password_rules_and_keeps_the_email(client):
    response = client.post(
        reverse("storefront:register"),
        {"email": "hoa@example.vn", "full_name": "", "password": "123", "password_again": "123"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="password-errors"' in html and "too short" in html
    assert 'value="hoa@example.vn"' in html


def test_order_page_and_my_orders_query_counts_do_not_grow_with_parts(client):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    client.force_login(UserFactory())
    counts = []
    for size in (1, 3):
        items = [variant(f"Sản phẩm {i}") for i in range(size)]
        for item in items:
            add(client, item)
        place(client, *items)
        order = Order.objects.order_by("-pk").first()
        counts.append(
            (
                queries(reverse("storefront:order", args=[order.token])),
                queries(reverse("storefront:my-orders")),
            )
        )
    assert counts[0] == counts[1]
    # The order page also reads the parts' events (timelines) and the sent confirmation e-mail;
    # my orders the events too, and the guest orders placed with the account's e-mail.
    assert counts[1][0] <= 9 and counts[1][1] <= 11, counts


def test_login_goes_home_unless_told_where(client):
    shopper = UserFactory()
    credentials = {"username": shopper.email, "password": PASSWORD}
    page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("storefront:register")}"' in page

    assert client.post(reverse("login"), credentials)["Location"] == reverse("storefront:home")
    client.logout()
    response = client.post(reverse("login") + "?next=/tai-khoan/don-hang/", credentials)
    assert response["Location"] == reverse("storefront:my-orders")


def test_my_orders_needs_a_login(client):
    response = client.get(reverse("storefront:my-orders"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_posts_need_the_csrf_token():
    tea = variant()
    strict = Client(enforce_csrf_checks=True)
    assert add(strict, tea).status_code == 403
    # The product page's add-to-cart form carries the token (the empty cart has no form).
    html = strict.get(reverse("storefront:product", args=[tea.product.slug])).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = strict.post(
        reverse("storefront:cart-add"),
        {"variant_id": tea.pk, "quantity": 1, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert Checkout.objects.count() == 1


def test_cart_and_checkout_query_counts_do_not_grow_with_lines(client):
    vendors = [VendorFactory(), VendorFactory()]

    def queries(page):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(page)).status_code == 200
        return len(captured)

    add(client, variant("Sản phẩm đầu", vendor=vendors[0]))
    few = {page: queries(page) for page in ("storefront:cart", "storefront:checkout")}
    for i in range(7):
        add(client, variant(f"Sản phẩm {i}", vendor=vendors[i % 2]))
    many = {page: queries(page) for page in ("storefront:cart", "storefront:checkout")}

    assert many == few
    assert many["storefront:cart"] <= 9 and many["storefront:checkout"] <= 10
