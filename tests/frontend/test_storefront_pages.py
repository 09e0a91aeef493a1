import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import Product, ProductMedia
from frontend_templates.qr import qr_svg
from orders.models import Checkout, CheckoutLine
from search.backends import get_backend
from search.services import rebuild_index
from tests.factories import (
    CertificateFactory,
    OperatorMemberFactory,
    ProductFactory,
    ProductVariantFactory,
    ShowroomFactory,
    StockFactory,
    VendorFactory,
    VendorMemberFactory,
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
        certificate = CertificateFactory(stars=5, score=95, level="central")
        product = ProductFactory(vendor=certificate.vendor, certificate=certificate)
        ProductVariantFactory(product=product)
    # five-star, in-season and newest ids, their rows, variants, media, facets, taxonomy,
    # provinces with their pre-2025 names (two, then cached), showrooms
    with django_assert_max_num_queries(12):
        response = client.get("/")
    assert response.status_code == 200
    # 5-star and newest rows of 8 (none of them has a season)
    assert response.content.decode().count('class="product-card"') == 16


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


@pytest.fixture
def indexed(settings):
    """The database search backend, rebuilt by the test once its products exist."""
    settings.SEARCH_BACKEND = "database"
    get_backend.cache_clear()
    yield rebuild_index
    get_backend.cache_clear()


def test_home_sections_five_stars_in_season_and_browse_links(client, indexed):
    five = CertificateFactory(stars=5, score=95, level="central")
    star = ProductFactory(vendor=five.vendor, certificate=five, name="Nước mắm 5 sao")
    four = CertificateFactory(stars=4)
    ProductFactory(vendor=four.vendor, certificate=four, name="Chè 4 sao")
    this_month = timezone.localdate().month
    seasonal = ProductFactory(name="Vải thiều đang mùa", season_mask=1 << (this_month - 1))
    ProductFactory(name="Quả trái mùa", season_mask=1 << (this_month % 12))
    for product in Product.objects.all():
        ProductVariantFactory(product=product)
    indexed()

    page = client.get("/").content.decode()

    five_star = page[page.index('id="five-star-heading"') : page.index('id="season-heading"')]
    assert star.name in five_star and "Chè 4 sao" not in five_star
    season = page[page.index('id="season-heading"') : page.index('id="province-heading"')]
    assert seasonal.name in season and star.name not in season  # all year: not "now"
    assert "Quả trái mùa" not in season
    province = star.origin_commune.province
    assert re.search(
        rf'href="/san-pham/\?province={province.code}"><span class="province-name">'
        rf"{province.short_name}</span>",
        page,
    )
    sector = star.category.parent.parent
    assert re.search(rf'href="/san-pham/\?category={sector.slug}">.*?{sector.name}', page)


def test_product_page_certificate_availability_variants_and_cart_form(client):
    certificate = CertificateFactory(
        stars=4, decision_number="1234/QĐ-UBND", decision_date=datetime.date(2025, 3, 5)
    )
    product = ProductFactory(
        vendor=certificate.vendor, certificate=certificate, name="Chè Shan tuyết",
        slug="che-shan", season_mask=0b1100_0000_0011,  # Nov-Feb
    )  # fmt: skip
    small = ProductVariantFactory(product=product, name="Gói 100g", price=150_000)
    ProductVariantFactory(product=product, name="Hộp 500g", price=600_000)
    showroom = ShowroomFactory(name="Điểm bán OCOP Sơn La")
    StockFactory(variant=small, location=showroom, quantity=7)
    StockFactory(variant=small, quantity=12)  # the producer's warehouse

    page = client.get("/san-pham/che-shan/").content.decode()

    assert "1234/QĐ-UBND" in page
    assert "05/03/2025" in page  # decision date, Vietnamese order
    assert certificate.valid_until.strftime("%d/%m/%Y") in page
    assert "Điểm bán OCOP Sơn La" in page
    assert re.search(r'Điểm bán OCOP Sơn La.*?class="number">7<', page, re.S)
    assert "12" in page  # ready to ship from the producer
    assert 'action="/gio-hang/them/"' in page and 'name="csrfmiddlewaretoken"' in page
    assert f'name="variant_id" id="variant-{small.pk}" value="{small.pk}" checked' in page
    assert "600.000\xa0₫" in page
    assert re.search(r'name="variant_id" id="variant-\d+" value="\d+" disabled', page)  # sold out
    assert 'name="quantity"' in page and '<label for="quantity">' in page
    assert "11–2" in page  # the season, over the new year
    assert 'src="/qr/che-shan.svg"' in page


def test_product_page_query_count(client, django_assert_max_num_queries):
    product = ProductFactory(slug="nhieu-anh", certificate=CertificateFactory())
    for _ in range(5):
        StockFactory(variant=ProductVariantFactory(product=product), location=ShowroomFactory())
    # A warm cache, as in production (the taxonomy and communes around the product).
    client.get("/san-pham/nhieu-anh/")
    # product, variants, media, availability rows, their locations, stock per variant, related ids
    with django_assert_max_num_queries(7):
        response = client.get("/san-pham/nhieu-anh/")
    assert response.status_code == 200


def test_qr_code_is_an_svg_of_the_stable_traceability_url(client):
    product = ProductVariantFactory(product=ProductFactory(slug="mat-ong")).product

    response = client.get("/qr/mat-ong.svg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content
    # The short URL of the product's traceability card, which outlives renames and slugs.
    assert response.content == qr_svg(f"http://testserver/q/{product.short_code}")


def test_drafts_have_no_page_and_no_qr_code(client):
    ProductFactory(slug="nhap", status=Product.Status.DRAFT)
    assert client.get("/san-pham/nhap/").status_code == 404
    assert client.get("/qr/nhap.svg").status_code == 404


def test_language_switch_to_english(client):
    page = client.get("/").content.decode()
    assert 'action="/ngon-ngu/" method="get"' in page and '<label for="language-select">' in page
    assert '<option value="vi" lang="vi" selected>' in page

    response = client.get("/ngon-ngu/", {"language": "en", "next": "/san-pham/"})

    assert response.status_code == 302 and response["Location"] == "/san-pham/"
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert '<option value="en" lang="en" selected>' in page
    assert "OCOP Marketplace" in page


def test_header_links_by_role_and_the_cart_count(client):
    page = client.get("/").content.decode()
    assert 'href="/san-pham/"' in page and 'href="/gio-hang/"' in page
    assert 'href="/tai-khoan/dang-nhap/?next=/"' in page
    assert 'href="/nha-san-xuat/"' not in page
    assert 'href="/nha-san-xuat/dang-ky/"' in page  # anyone may apply to sell

    member = VendorMemberFactory()
    OperatorMemberFactory(user=member.user)
    client.force_login(member.user)
    checkout = Checkout.objects.create(
        user=member.user, expires_at=timezone.now() + datetime.timedelta(days=1)
    )
    for quantity in (2, 3):
        CheckoutLine.objects.create(
            checkout=checkout, variant=ProductVariantFactory(), quantity=quantity
        )
    session = client.session
    session["checkout_token"] = str(checkout.token)
    session.save()

    page = client.get("/").content.decode()

    assert 'href="/tai-khoan/don-hang/"' in page
    assert 'href="/nha-san-xuat/"' in page and 'href="/showroom/"' in page
    assert re.search(r'class="cart-count" data-cart-count="5">5</span>', page)


def test_a_stale_cart_token_in_the_session_does_no_harm(client):
    session = client.session
    session["checkout_token"] = "not-a-uuid"
    session.save()
    assert client.get("/").status_code == 200


def test_product_gallery_with_thumbnails_and_alt_text(client, django_assert_max_num_queries):
    product = ProductFactory(slug="banh-chung", name="Bánh chưng")
    ProductVariantFactory(product=product)
    for position, alt in enumerate(["Bánh chưng gói lá dong", ""]):
        ProductMedia.objects.create(
            product=product,
            image=f"products/{position}.jpg",
            width=1600,
            height=1600,
            alt=alt,
            position=position,
            thumbnails={str(s): f"products/thumbs/{position}-{s}.webp" for s in (160, 640, 1280)},
        )

    # A warm cache, as in production (the taxonomy and communes around the product).
    client.get("/san-pham/banh-chung/")
    with django_assert_max_num_queries(6):
        page = client.get("/san-pham/banh-chung/").content.decode()

    assert 'id="gallery-main" src="/media/products/thumbs/0-640.webp"' in page
    assert 'alt="Bánh chưng gói lá dong"' in page
    assert 'data-thumb-src="/media/products/thumbs/1-640.webp"' in page
    assert 'href="/media/products/thumbs/1-1280.webp"' in page  # works without the script
    assert re.search(r'<img src="/media/products/thumbs/1-160.webp" alt="[^"]*Bánh chưng"', page)


def test_a_sold_out_product_has_no_cart_form(client):
    product = ProductFactory(slug="het-hang")
    ProductVariantFactory(product=product, name="Gói 1kg")

    page = client.get("/san-pham/het-hang/").content.decode()

    assert "Gói 1kg" in page
    assert 'name="variant_id"' not in page
    assert 'class="out-of-stock"' in page
