"""The home page: the OCOP hero, sectors, 5-star products, what is in season, the provinces with
their pre-2025 names, the newest products and the showrooms by province."""

import datetime
import re

import pytest
from django.utils import timezone

from catalog.models import Product
from frontend_templates.storefront.home_sections import product_rows, province_directory
from marketplace.geography.models import Commune
from orders.models import Checkout
from search.backends import get_backend
from search.services import rebuild_index
from tests.factories import (
    CertificateFactory,
    ProductFactory,
    ProductVariantFactory,
    ShowroomFactory,
    UserFactory,
    commune,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(settings):
    settings.SEARCH_BACKEND = "database"
    get_backend.cache_clear()
    yield rebuild_index
    get_backend.cache_clear()


def section(page: str, heading_id: str) -> str:
    """The HTML of the home section labelled by `heading_id`."""
    start = page.index(f'id="{heading_id}"')
    end = page.find("</section>", start)
    return page[start:end]


def card_names(html: str) -> list[str]:
    return re.findall(r"<h3[^>]*>(.*?)</h3>", html)


def test_the_hero_explains_ocop_and_leads_to_browsing_and_certificates(client):
    page = client.get("/").content.decode()
    hero = section(page, "hero-heading")

    assert '<h1 id="hero-heading">' in page and "3 đến 5 sao" in hero
    assert 'href="/san-pham/"' in hero
    assert 'href="/tra-cuu/"' in hero  # check a certificate


def test_five_star_products_only_with_a_link_to_all_of_them(client, indexed):
    five = CertificateFactory(stars=5, score=95, level="central")
    ProductFactory(vendor=five.vendor, certificate=five, name="Nước mắm 5 sao")
    four = CertificateFactory(stars=4)
    ProductFactory(vendor=four.vendor, certificate=four, name="Chè 4 sao")
    expired = CertificateFactory(
        stars=5,
        score=95,
        level="central",
        decision_date=datetime.date(2021, 1, 4),
        valid_until=datetime.date(2024, 1, 4),
    )
    ProductFactory(vendor=expired.vendor, certificate=expired, name="Hết hạn 5 sao")
    for product in Product.objects.all():
        ProductVariantFactory(product=product)
    indexed()

    five_star = section(client.get("/").content.decode(), "five-star-heading")

    assert card_names(five_star) == ["Nước mắm 5 sao"]
    assert 'href="/san-pham/?stars=5"' in five_star  # "see all": the listing from 5 stars


def test_in_season_means_the_season_includes_the_month():
    this = ProductFactory(name="Vải thiều tháng 6", season_mask=1 << 5)
    ProductFactory(name="Cam tháng 11", season_mask=1 << 10)
    ProductFactory(name="Quanh năm", season_mask=0)  # never out of season, never "now" either
    ProductFactory(name="Nháp tháng 6", season_mask=1 << 5, status=Product.Status.DRAFT)

    assert [p.name for p in product_rows(month=6).in_season] == [this.name]
    assert [p.name for p in product_rows(month=11).in_season] == ["Cam tháng 11"]


def test_in_season_on_the_page_follows_today(client):
    month = timezone.localdate().month
    ProductFactory(name="Đang mùa", season_mask=1 << (month - 1))
    ProductFactory(name="Trái mùa", season_mask=1 << (month % 12))

    season = section(client.get("/").content.decode(), "season-heading")

    assert card_names(season) == ["Đang mùa"]


def test_newest_products_come_newest_first_with_a_link_to_that_sort(client):
    for n, days in enumerate((30, 1, 10)):
        product = ProductFactory(name=f"Sản phẩm {n}")
        created = timezone.now() - datetime.timedelta(days=days)
        Product.objects.filter(pk=product.pk).update(created_at=created)

    newest = section(client.get("/").content.decode(), "newest-heading")

    assert card_names(newest) == ["Sản phẩm 1", "Sản phẩm 2", "Sản phẩm 0"]
    assert 'href="/san-pham/?sort=newest"' in newest


def test_sectors_have_icons_counts_and_links_to_the_listing(client, indexed):
    product = ProductFactory(name="Chè")  # tea: sector I, food
    ProductVariantFactory(product=product)
    indexed()

    sectors = section(client.get("/").content.decode(), "sector-heading")

    assert sectors.count('class="sector-tile"') == 6
    sector = product.category.parent.parent
    link = re.search(rf'href="/san-pham/\?category={sector.slug}">(.*?)</a>', sectors, re.S)
    assert link and "#sector-food" in link.group(1) and sector.name in link.group(1)
    assert "1 sản phẩm" in link.group(1)


def test_all_34_provinces_with_their_pre_2025_names(client, indexed):
    ProductVariantFactory(product=ProductFactory(vendor__commune=commune("02185")))
    indexed()

    page = client.get("/").content.decode()
    provinces = section(page, "province-heading")

    assert provinces.count("<li>") == 34
    tuyen_quang = re.search(r'href="/san-pham/\?province=08">(.*?)</a>', provinces)
    assert tuyen_quang and "Tuyên Quang" in tuyen_quang.group(1)
    assert "(gồm Hà Giang)" in tuyen_quang.group(1)
    thai_nguyen = re.search(r'href="/san-pham/\?province=19">(.*?)</a> .*?\((\d+)\)', provinces)
    assert "Bắc Kạn" in thai_nguyen.group(1) and thai_nguyen.group(2) == "1"
    ha_noi = re.search(r'href="/san-pham/\?province=01">(.*?)</a>', provinces).group(1)
    assert "gồm" not in ha_noi  # nothing merged into Hà Nội
    # Alphabetical as Vietnamese readers sort: Đắk Lắk among the Ds.
    names = [entry.name for entry in province_directory({})]
    assert names.index("Đắk Lắk") < names.index("Điện Biên") < names.index("Gia Lai")


@pytest.fixture
def showrooms():
    ha_noi = Commune.objects.filter(province_id="01").order_by("code").first()
    return {
        "son_la": ShowroomFactory(name="Điểm bán OCOP Mộc Châu", commune=commune("03980")),
        "ha_noi": ShowroomFactory(name="Điểm bán OCOP Hà Nội", commune=ha_noi),
        "closed": ShowroomFactory(name="Điểm đã đóng", commune=ha_noi, is_active=False),
    }


def test_showrooms_grouped_by_province_all_by_default(client, showrooms):
    block = section(client.get("/").content.decode(), "showrooms-heading")

    assert "Điểm bán OCOP Mộc Châu" in block and "Điểm bán OCOP Hà Nội" in block
    assert "Điểm đã đóng" not in block
    assert re.search(r"<h3[^>]*>.*?Hà Nội</h3>", block) and re.search(r"Sơn La</h3>", block)
    # The province selector is a plain GET form: no script needed.
    assert re.search(r'<form method="get" action="/#showrooms"', block)
    assert '<label for="showroom-province">' in block and 'name="tinh"' in block
    assert '<option value="" selected>' in block


def test_choosing_a_province_shows_its_showrooms_only(client, showrooms):
    block = section(client.get("/", {"tinh": "14"}).content.decode(), "showrooms-heading")

    assert "Điểm bán OCOP Mộc Châu" in block and "Điểm bán OCOP Hà Nội" not in block
    assert '<option value="14" selected>' in block
    # A province without showrooms (or nonsense) shows them all rather than nothing.
    every = section(client.get("/", {"tinh": "zz"}).content.decode(), "showrooms-heading")
    assert "Điểm bán OCOP Mộc Châu" in every and "Điểm bán OCOP Hà Nội" in every


def test_the_shoppers_delivery_province_is_the_default(client, showrooms):
    checkout = Checkout.objects.create(
        commune=commune("03980"), expires_at=timezone.now() + datetime.timedelta(days=1)
    )
    session = client.session
    session["checkout_token"] = str(checkout.token)
    session.save()

    block = section(client.get("/").content.decode(), "showrooms-heading")
    assert "Điểm bán OCOP Mộc Châu" in block and "Điểm bán OCOP Hà Nội" not in block

    # Choosing "all" still shows all.
    block = section(client.get("/", {"tinh": ""}).content.decode(), "showrooms-heading")
    assert "Điểm bán OCOP Hà Nội" in block


def test_home_query_budget(client, indexed, showrooms, django_assert_max_num_queries):
    month = timezone.localdate().month
    for _ in range(30):
        certificate = CertificateFactory(stars=5, score=95, level="central")
        product = ProductFactory(
            vendor=certificate.vendor, certificate=certificate, season_mask=1 << (month - 1)
        )
        ProductVariantFactory(product=product)
    indexed()

    # 3 id queries, cards + variants + media, facets, taxonomy, provinces (then cached),
    # showrooms: the same with 30 products as with 3.
    with django_assert_max_num_queries(12):
        response = client.get("/")
    assert response.content.decode().count('class="product-card"') == 24  # three rows of 8
    with django_assert_max_num_queries(10):
        client.get("/")  # the provinces from the cache

    user = UserFactory()
    client.force_login(user)
    checkout = Checkout.objects.create(
        user=user, commune=commune("03980"), expires_at=timezone.now() + datetime.timedelta(1)
    )
    session = client.session
    session["checkout_token"] = str(checkout.token)
    session.save()
    with django_assert_max_num_queries(15):  # + session, user, header roles, cart, province
        assert client.get("/").status_code == 200
