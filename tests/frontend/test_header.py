"""The storefront's header and phone bottom bar: the drawn logo, the six OCOP sectors leading to
the listing filtered by each, the cart's live count, the account menu by role, and the pages the
bottom bar opens. The sector menu comes from the cache: one query when it is cold, none after."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.models import Category
from frontend_templates.browse import Catalogue
from orders.models import Checkout, CheckoutLine
from tests.factories import OperatorMemberFactory, ProductVariantFactory, VendorMemberFactory

pytestmark = pytest.mark.django_db

SECTOR_ICONS = ["sector-food", "sector-drink", "sector-herbal", "sector-craft", "sector-plant",
                "sector-tourism"]  # fmt: skip


def _header(page: str) -> str:
    return page[page.index('<header class="site-header">') : page.index("</header>")]


def _bottom_bar(page: str) -> str:
    start = page.index('<nav class="bottom-bar"')
    return page[start : page.index("</nav>", start)]


def test_the_header_shows_the_logo_and_a_search_box(client):
    header = _header(client.get("/").content.decode())
    assert re.search(r'<img src="/static/storefront/logo.svg" alt="Sàn OCOP"', header)
    assert 'role="search"' in header and 'data-suggest-url="/goi-y/"' in header


def test_the_sector_menu_lists_the_six_sectors_leading_to_the_filtered_listing(client):
    header = _header(client.get("/").content.decode())
    menu = header[header.index('<details class="menu sector-menu">') : header.index("</details>")]
    links = re.findall(r'<a href="/san-pham/\?category=([^"]+)">', menu)
    sectors = Category.objects.filter(level=Category.Level.SECTOR).order_by("position")
    assert links == [sector.slug for sector in sectors] and len(links) == 6
    for slug in links:  # the listing reads each link as its sector (and everything below it)
        assert [c.level for c in Catalogue().find(slug)] == [Category.Level.SECTOR]
    assert [name for name in SECTOR_ICONS if f"icons.svg#{name}" in menu] == SECTOR_ICONS
    # Short names in the menu ("Sản phẩm thực phẩm" is the official one), a disclosure that
    # needs no script
    assert ">Thực phẩm</span>" in menu and ">Hàng thủ công mỹ nghệ</span>" in menu
    assert "<summary" in menu


def test_the_sector_menu_speaks_english_on_the_english_pages(client):
    client.cookies["django_language"] = "en"
    header = _header(client.get("/").content.decode())
    assert ">Food</span>" in header and ">Handicrafts</span>" in header


def _cart_of(user, *quantities):
    checkout = Checkout.objects.create(user=user, expires_at=timezone.now() + datetime.timedelta(1))
    for quantity in quantities:
        CheckoutLine.objects.create(
            checkout=checkout, variant=ProductVariantFactory(), quantity=quantity
        )
    return checkout


def test_the_cart_count_is_in_the_header_and_the_bottom_bar(client):
    page = client.get("/").content.decode()
    assert re.search(r'data-cart-count="0">0</span><span class="visually-hidden"> sản phẩm', page)

    member = VendorMemberFactory()
    client.force_login(member.user)
    session = client.session
    session["checkout_token"] = str(_cart_of(member.user, 2, 3).token)
    session.save()
    page = client.get("/").content.decode()

    assert 'data-cart-count="5">5</span>' in _header(page)
    assert 'data-cart-count="5">5</span>' in _bottom_bar(page)


def test_the_bottom_bar_has_home_categories_cart_and_account(client):
    bar = _bottom_bar(client.get("/").content.decode())
    links = re.findall(r'<a href="([^"]+)"[^>]*>.*?<span>([^<]+)</span>', bar)
    assert links == [
        ("/", "Trang chủ"),
        ("/danh-muc/", "Danh mục"),
        ("/gio-hang/", "Giỏ hàng"),
        ("/tai-khoan/", "Tài khoản"),
    ]
    assert 'href="/" aria-current="page"' in bar  # where the shopper is


def test_the_account_menu_follows_the_role(client):
    header = _header(client.get("/san-pham/").content.decode())
    assert 'href="/tai-khoan/dang-nhap/?next=/san-pham/"' in header
    assert 'href="/tai-khoan/dang-ky/"' in header and "Đăng xuất" not in header

    member = VendorMemberFactory()
    OperatorMemberFactory(user=member.user)
    client.force_login(member.user)
    header = _header(client.get("/").content.decode())
    for href in ["/tai-khoan/don-hang/", "/nha-san-xuat/", "/showroom/"]:
        assert f'href="{href}"' in header
    assert member.user.email in header and 'action="/tai-khoan/dang-xuat/"' in header


def test_the_categories_page_shows_each_sector_with_its_product_sets(client):
    page = client.get("/danh-muc/").content.decode()
    assert "<h1>Danh mục sản phẩm OCOP</h1>" in page
    main = page[page.index("<main") : page.index("</main>")]
    for sector in Category.objects.filter(level=Category.Level.SECTOR):
        assert f'href="/san-pham/?category={sector.slug}"' in main
    tea = Category.objects.get(level=Category.Level.PRODUCT_SET, code="I.5.a")
    assert f'href="/san-pham/?category={tea.slug}">{tea.name}</a>' in main


def test_the_account_page_offers_log_in_or_the_member_links(client):
    main = client.get("/tai-khoan/").content.decode().split("<main", 1)[1]
    assert 'href="/tai-khoan/dang-nhap/?next=/tai-khoan/"' in main
    # the phone's header has no room for the language switch: it is here
    assert '<label for="account-language">Ngôn ngữ</label>' in main

    member = VendorMemberFactory()
    client.force_login(member.user)
    main = client.get("/tai-khoan/").content.decode().split("<main", 1)[1]
    assert 'href="/tai-khoan/don-hang/"' in main and 'href="/nha-san-xuat/"' in main
    assert 'href="/showroom/"' not in main  # not a showroom member


def _queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in context.captured_queries]


def test_the_sector_menu_costs_one_query_when_the_cache_is_cold_and_none_after(
    client, django_assert_max_num_queries
):
    cache.clear()
    cold = _queries(client, "/danh-muc/")
    assert len(cold) == 1 and "catalog_category" in cold[0]
    with django_assert_max_num_queries(0):  # an anonymous visitor's page with a warm cache
        client.get("/danh-muc/")

    cache.clear()
    home_cold = _queries(client, "/")
    home_warm = _queries(client, "/")
    # the menu's own query (the page's sections read categories too, some of them cached)
    assert cold[0] in home_cold and cold[0] not in home_warm
    with django_assert_max_num_queries(10):  # the home page's own budget: the header adds none
        client.get("/")
