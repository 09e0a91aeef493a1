"""The cart page: per-producer cards with their subtotal and delivery, steppers that post
without JavaScript, the JSON the cart script reads, and "Mua ngay"."""

import re

import pytest
from django.urls import reverse

from orders.models import Checkout, ShippingMethod
from orders.services.checkout import checkout_delivery_method_update
from tests.factories import ProductFactory, ProductVariantFactory, StockFactory, VendorFactory

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture(autouse=True)
def _english_pages(client):
    client.cookies["django_language"] = "en"


def variant(name="Chè Shan tuyết", price=150_000, stock=10, vendor=None):
    vendor = vendor or VendorFactory()
    product = ProductFactory(vendor=vendor, name=name)
    found = StockFactory(
        quantity=stock, variant=ProductVariantFactory(product=product, price=price)
    ).variant
    ShippingMethod.objects.get_or_create(
        vendor=vendor, defaults={"name": "Giao hàng tiết kiệm", "flat_price": 30_000}
    )
    return found


def add(client, item, quantity=1, **extra):
    return client.post(
        reverse("storefront:cart-add"), {"variant_id": item.pk, "quantity": quantity}, **extra
    )


def line_html(html, item):
    return re.search(rf'id="line-{item.pk}".*?</li>', html, re.S).group(0)


def test_each_stepper_button_posts_its_lines_new_quantity_without_javascript(client):
    tea, honey = variant(), variant("Mật ong", 250_000)
    add(client, tea, 2)
    add(client, honey)

    html = client.get(reverse("storefront:cart")).content.decode()
    tea_line = line_html(html, tea)
    # Both buttons belong to the line's own small form and carry the new quantity.
    minus = re.search(r'<button[^>]*data-step="-1"[^>]*>', tea_line).group(0)
    plus = re.search(r'<button[^>]*data-step="1"[^>]*>', tea_line).group(0)
    assert f'form="step-{tea.pk}"' in minus and 'value="1"' in minus
    assert f'form="step-{tea.pk}"' in plus and 'value="3"' in plus
    assert (
        f'<form method="post" action="{reverse("storefront:cart-update")}" id="step-{tea.pk}"'
        in html
    )

    # What pressing "+" sends: only that button's name and value.
    response = client.post(reverse("storefront:cart-update"), {f"quantity-{tea.pk}": "3"})
    assert response.status_code == 302
    quantities = dict(Checkout.objects.get().lines.values_list("variant_id", "quantity"))
    assert quantities == {tea.pk: 3, honey.pk: 1}


def test_minus_on_a_single_unit_removes_the_line(client):
    tea, honey = variant(), variant("Mật ong")
    add(client, tea)
    add(client, honey)
    client.post(reverse("storefront:cart-update"), {f"quantity-{tea.pk}": "0"})
    assert list(Checkout.objects.get().lines.values_list("variant_id", flat=True)) == [honey.pk]


def test_groups_show_their_subtotal_delivery_and_the_grand_total(client):
    shop = VendorFactory(name="HTX Chè Tân Cương")
    tea, honey = variant(vendor=shop), variant("Mật ong", 250_000)
    add(client, tea, 2)
    add(client, honey)
    checkout = Checkout.objects.get()
    checkout_delivery_method_update(
        actor=None,
        checkout=checkout,
        vendor_id=shop.pk,
        method=ShippingMethod.objects.get(vendor=shop),
    )

    client.cookies["django_language"] = "vi"
    html = client.get(reverse("storefront:cart")).content.decode()
    tea_group = re.search(rf'data-group="{shop.pk}".*?</section>', html, re.S).group(0)
    honey_group = re.search(rf'data-group="{honey.vendor_id}".*?</section>', html, re.S).group(0)
    assert "300.000\xa0₫" in tea_group and "30.000\xa0₫" in tea_group  # 2 × 150.000, delivery
    assert "250.000\xa0₫" in honey_group and "Tính ở bước thanh toán" in honey_group
    summary = re.search(r'class="card cart-summary".*?</section>', html, re.S).group(0)
    assert "550.000\xa0₫" in summary  # subtotal
    assert "580.000\xa0₫" in summary  # with the delivery chosen so far
    assert "Tính ở bước thanh toán" in summary


def test_over_stock_shows_an_alert_on_its_line(client):
    tea = variant(stock=3)
    add(client, tea)
    response = client.post(reverse("storefront:cart-update"), {f"quantity-{tea.pk}": "9"})
    assert response.status_code == 400
    line = line_html(response.content.decode(), tea)
    assert 'class="alert alert-danger"' in line and "Only 3" in line
    assert "hidden" not in re.search(r'<div class="alert[^>]*>', line).group(0)


def test_an_empty_cart_invites_to_browse(client):
    html = client.get(reverse("storefront:cart")).content.decode()
    assert 'class="empty-state"' in html
    assert f'href="{reverse("storefront:products")}"' in html


def test_adding_as_json_answers_the_cart_count_and_the_line(client):
    tea, honey = variant("Chè Shan tuyết"), variant("Mật ong")
    add(client, honey, 2)

    response = add(client, tea, 3, **JSON)

    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True and body["quantity"] == 5
    assert body["line"]["name"] == "Chè Shan tuyết"
    assert body["line"]["variant"] == tea.name and "150" in body["line"]["price"]
    assert "Chè Shan tuyết" in body["message"]


def test_adding_too_many_as_json_is_an_error_and_adds_nothing(client):
    tea = variant(stock=2)
    response = add(client, tea, 5, **JSON)
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and "Only 2" in body["message"]
    assert not Checkout.objects.filter(lines__isnull=False).exists()


def test_buy_now_adds_and_goes_to_checkout(client):
    tea = variant()
    response = client.post(
        reverse("storefront:cart-add"), {"variant_id": tea.pk, "quantity": 1, "buy_now": "1"}
    )
    assert response["Location"] == reverse("storefront:checkout")
    assert Checkout.objects.get().lines.get().quantity == 1


def test_updating_as_json_answers_the_new_totals(client):
    tea, honey = variant(price=150_000), variant("Mật ong", 250_000)
    add(client, tea)
    add(client, honey)
    client.cookies["django_language"] = "vi"

    response = client.post(reverse("storefront:cart-update"), {f"quantity-{tea.pk}": "2"}, **JSON)

    body = response.json()
    assert response.status_code == 200 and body["ok"] is True
    assert body["quantity"] == 3
    assert body["lines"][str(tea.pk)] == {"quantity": 2, "total": "300.000\xa0₫"}
    assert body["groups"][str(tea.vendor_id)]["subtotal"] == "300.000\xa0₫"
    assert body["groups"][str(tea.vendor_id)]["shipping"] == "Tính ở bước thanh toán"
    assert body["subtotal"] == "550.000\xa0₫"

    removed = client.post(reverse("storefront:cart-update"), {"remove": honey.pk}, **JSON).json()
    assert list(removed["lines"]) == [str(tea.pk)] and removed["quantity"] == 2


def test_updating_too_many_as_json_names_the_line(client):
    tea = variant(stock=3)
    add(client, tea)
    response = client.post(reverse("storefront:cart-update"), {f"quantity-{tea.pk}": "7"}, **JSON)
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and "Only 3" in body["line_errors"][str(tea.pk)][0]
    assert body["lines"][str(tea.pk)]["quantity"] == 1


def test_cart_page_query_budget(client, django_assert_max_num_queries):
    vendors = [VendorFactory(), VendorFactory(), VendorFactory()]
    for i in range(9):
        add(client, variant(f"Sản phẩm {i}", vendor=vendors[i % 3]))
    with django_assert_max_num_queries(9):
        assert client.get(reverse("storefront:cart")).status_code == 200
    tea = Checkout.objects.get().lines.first().variant
    with django_assert_max_num_queries(22):
        client.post(reverse("storefront:cart-update"), {f"quantity-{tea.pk}": "2"}, **JSON)


def test_over_the_per_item_maximum_shows_an_alert_on_its_line(client):
    tea = variant(stock=5000)
    add(client, tea)
    response = client.post(reverse("storefront:cart-update"), {f"quantity-{tea.pk}": "1000"})
    assert response.status_code == 400
    line = line_html(response.content.decode(), tea)
    assert 'class="alert alert-danger"' in line and "At most 999" in line
    assert 'value="1000"' in line  # what was typed stays, to correct it
