"""The same numbers typed into the pages: the cart, a producer's variant form, the showroom
counter, a stock count upload, and the admin's shipping methods. Each comes back as the form
with its error (400; the admin answers 200 with its error note, as Django's admin does), and
nothing is written. "1.5" is never read as 15, nor "²" or "١٢" as numbers."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.models import Product
from inventory.models import Stock
from inventory.services import ledger
from marketplace.core.errors import ErrorCode
from orders.models import ShippingMethod
from orders.services.shipping import shipping_method_create
from tests.factories import (
    AgreementFactory,
    OperatorMemberFactory,
    ProductFactory,
    ProductVariantFactory,
    ShowroomFactory,
    StaffFactory,
    VendorMemberFactory,
)
from tests.orders.helpers import variant_in_stock
from tests.security.support import nothing_written, page_refused, service_refused

pytestmark = pytest.mark.django_db

# What people type for a number that is none, or none that fits.
NOT_WHOLE = ["1.5", "1,5", "12a", "²", "١٢", "1_0", "0x10", "1e3", "9" * 40]
OUT_OF_RANGE = ["-1", "1000000000000", "1.000.000.000.000"]


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def tea():
    tea = variant_in_stock(10, price=150_000)
    ShippingMethod.objects.create(vendor=tea.vendor, name="GHTK", flat_price=30_000)
    return tea


@pytest.mark.parametrize("quantity", ["0", "", *OUT_OF_RANGE, *NOT_WHOLE])
def test_the_cart_refuses_a_quantity_to_add(client, tea, quantity):
    with nothing_written():
        response = client.post(
            reverse("storefront:cart-add"), {"variant_id": tea.pk, "quantity": quantity}
        )
    page_refused(response)


@pytest.mark.parametrize("quantity", ["1000", *OUT_OF_RANGE, *NOT_WHOLE])
def test_the_cart_refuses_a_quantity_to_change_to(client, tea, quantity):
    client.post(reverse("storefront:cart-add"), {"variant_id": tea.pk, "quantity": 1})
    with nothing_written():
        response = client.post(reverse("storefront:cart-update"), {f"quantity-{tea.pk}": quantity})
    page_refused(response)


@pytest.fixture
def owner_client(client):
    owner = VendorMemberFactory()
    client.force_login(owner.user)
    product = ProductFactory(vendor=owner.vendor, status=Product.Status.DRAFT)
    return client, product, ProductVariantFactory(product=product, sku="MO-1", price=90_000)


VARIANT = {"sku": "MO-2", "name": "Chai 300 ml", "price": "120.000", "weight_grams": "300"}


@pytest.mark.parametrize(
    ("field", "value"),
    [("price", value) for value in ["0", "", *OUT_OF_RANGE, *NOT_WHOLE]]
    + [("weight_grams", value) for value in ["-1", "1.5", "12a", "1000000000000"]],
)
@pytest.mark.parametrize("form", ["new", "edit"])
def test_a_variant_form_refuses_a_price_or_weight(owner_client, form, field, value):
    client, product, variant = owner_client
    url = (
        reverse("dashboard:variant-new", args=[product.pk])
        if form == "new"
        else reverse("dashboard:variant-edit", args=[variant.pk])
    )
    with nothing_written():
        response = client.post(url, {**VARIANT, field: value})
    html = page_refused(response)
    assert 'aria-invalid="true"' in html


@pytest.fixture
def counter(client):
    tea = variant_in_stock(0, price=150_000, sku="CHE-1")
    showroom = ShowroomFactory()
    AgreementFactory(vendor=tea.vendor, showroom=showroom)
    stock = Stock.objects.create(variant=tea, location=showroom)
    ledger.stock_open(stocks_with_quantities=[(stock, 9)])
    client.force_login(OperatorMemberFactory(operator=showroom.operator).user)
    return client, reverse("showroom:sale", args=[showroom.pk])


@pytest.mark.parametrize(
    ("field", "value"),
    [("quantity", value) for value in ["0", "10", *OUT_OF_RANGE, *NOT_WHOLE]]
    + [("unit_price", value) for value in ["-1", "1000000000000", *NOT_WHOLE]],
)
def test_the_counter_refuses_a_quantity_or_price(counter, field, value):
    client, url = counter
    form = {"sale": "sale-1", "paid_with": "cash", "sku-0": "CHE-1", "quantity-0": "1"}
    with nothing_written():
        response = client.post(url, {**form, f"{field}-0": value})
    html = page_refused(response)
    assert f'id="{field}-0-error"' in html


def test_a_stock_count_upload_applies_no_row_it_cannot_read(counter):
    client, url = counter
    rows = [["sku", "quantity"]] + [["CHE-1", value] for value in ["-3", "1.5", "1e3", "10**12"]]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([*rows, ["CHE-1", "1000000000000"]])
    upload = SimpleUploadedFile("dem.csv", buffer.getvalue().encode(), content_type="text/csv")
    with nothing_written(except_in=("inventory.StockSyncRequest",)):
        response = client.post(url.replace("ban-hang", "nhap-tu-tep"), {"file": upload})
    html = page_refused(response, status=200)  # the report of every row
    assert html.count('class="status-invalid"') == 5


@pytest.fixture
def admin_client(client, tea):
    staff = StaffFactory(is_superuser=True)
    client.force_login(staff)
    return client, tea.vendor


SHIPPING = {
    "name": "Viettel Post",
    "is_nationwide": "on",
    "flat_price": "30000",
    "weight_brackets": "[]",
    "free_above": "",
    "min_days": "1",
    "max_days": "3",
    "is_active": "on",
}


@pytest.mark.parametrize(
    ("field", "value"),
    [("flat_price", v) for v in ["-1", "10000001", "1000000000000", "1.5", "12a"]]
    + [("free_above", v) for v in ["-1", "1000000000000", "1.5"]]
    + [
        ("weight_brackets", v)
        for v in ["[[100, -5]]", '"abc"', '{"a": 1}', "[[0, 100]]", "[[500, 10], [100, 20]]",
                  "[[100]]", "[[100, 1.5]]", '[["x", 1]]', "[[100, 1000000000000]]", "1", "nope"]
    ],
)  # fmt: skip
def test_the_admin_refuses_a_shipping_price_the_service_would(admin_client, field, value):
    client, vendor = admin_client
    form = {**SHIPPING, "vendor": vendor.pk, field: value}
    with nothing_written():
        response = client.post(reverse("admin:orders_shippingmethod_add"), form)
    html = page_refused(response, status=200)
    assert "errornote" in html and "errorlist" in html


def test_the_admin_saves_a_shipping_method_that_fits(admin_client):
    client, vendor = admin_client
    form = {**SHIPPING, "vendor": vendor.pk, "weight_brackets": "[[500, 20000], [2000, 35000]]"}
    response = client.post(reverse("admin:orders_shippingmethod_add"), form)
    assert response.status_code == 302
    method = ShippingMethod.objects.get(name="Viettel Post")
    assert method.weight_brackets == [[500, 20000], [2000, 35000]]


@pytest.mark.parametrize(
    ("prices", "field"),
    [
        ({"flat_price": -1}, "flat_price"),
        ({"flat_price": 10**12}, "flat_price"),
        ({"flat_price": 1.5}, "flat_price"),
        ({"flat_price": "12a"}, "flat_price"),
        ({"free_above": 10**12}, "free_above"),
        ({"weight_brackets": "abc"}, "weight_brackets"),
        ({"weight_brackets": [[100]]}, "weight_brackets"),
        ({"weight_brackets": [[100, -1]]}, "weight_brackets"),
        ({"weight_brackets": {"100": 5}}, "weight_brackets"),
    ],
)
def test_the_shipping_service_refuses_the_same_prices(tea, prices, field):
    """What the admin form relies on, for anything else that creates methods (the seed)."""
    owner = VendorMemberFactory(vendor=tea.vendor).user
    with nothing_written():
        service_refused(
            lambda: shipping_method_create(
                actor=owner, vendor=tea.vendor, name="Viettel Post", **prices
            ),
            ErrorCode.INVALID,
            field,
        )
