import pytest
from django.urls import reverse

from catalog.models import Product
from tests.factories import (
    CertificateFactory,
    ProductFactory,
    ProductVariantFactory,
    VendorFactory,
    commune,
)

pytestmark = pytest.mark.django_db


def test_home_lists_published_products_with_price_in_dong_and_stars(client):
    certificate = CertificateFactory(stars=5, score=95, level="central")
    product = ProductFactory(
        name="Nước mắm Lê Gia", vendor=certificate.vendor, certificate=certificate,
        category=certificate.product_set,
    )  # fmt: skip
    ProductVariantFactory(product=product, price=150_000)
    ProductVariantFactory(product=product, price=250_000)
    draft = ProductFactory(name="Bản nháp", status=Product.Status.DRAFT)
    ProductVariantFactory(product=draft)

    response = client.get(reverse("storefront:home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Nước mắm Lê Gia" in html
    assert "150.000\xa0₫" in html  # the cheapest variant, Vietnamese format
    assert "5★" in html
    assert "Bản nháp" not in html
    assert 'lang="vi"' in html


def test_home_hides_products_of_suspended_producers(client):
    suspended = VendorFactory(status="suspended")
    ProductVariantFactory(product=ProductFactory(vendor=suspended, name="Hàng bị tạm ngưng"))
    assert "Hàng bị tạm ngưng" not in client.get("/").content.decode()


def test_home_query_count_does_not_grow_with_products(client, django_assert_max_num_queries):
    for _ in range(30):
        ProductVariantFactory()
    with django_assert_max_num_queries(8):
        response = client.get("/")
    assert response.status_code == 200
    assert response.content.decode().count('class="product-card"') == 24


def test_product_page_shows_origin_with_its_pre_2025_province(client):
    vendor = VendorFactory(commune=commune("02185"))  # Xã Côn Minh, formerly Bắc Kạn
    product = ProductFactory(vendor=vendor, name="Miến dong Bắc Kạn", slug="mien-dong-bac-kan")
    ProductVariantFactory(product=product, price=65_000)

    response = client.get(reverse("storefront:product", args=["mien-dong-bac-kan"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Xã Côn Minh, Thái Nguyên" in html
    assert "Bắc Kạn" in html
    assert "65.000\xa0₫" in html


def test_unpublished_product_page_is_not_found(client):
    ProductFactory(slug="chua-duyet", status=Product.Status.PENDING_REVIEW)
    assert client.get("/san-pham/chua-duyet/").status_code == 404


def test_admin_login_page_works(client):
    assert client.get("/admin/login/").status_code == 200
