"""The seller centre and the showroom console look like one product: the same header band
(logo back to the shop, whose back office it is, the person's e-mail, log out), their sections
with the current one marked aria-current="page", statuses as badges, tables with headers that
say what they head, and empty lists that say what to do next."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from catalog.models import Product
from orders.models import VendorOrder
from tests.factories import (
    AgreementFactory,
    CertificateFactory,
    OperatorMemberFactory,
    ProductFactory,
    ProductVariantFactory,
    ShowroomFactory,
    StockFactory,
    UserFactory,
    VendorMemberFactory,
)
from tests.frontend.test_dashboard_reviews import reply_url, reviewed
from tests.graphql.inventory_support import opened
from tests.orders.fulfilment_support import place

pytestmark = pytest.mark.django_db


class Page(HTMLParser):
    """The bits of a page these tests read: every start tag with its attributes, in order."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def ids(self) -> list[str]:
        return [attrs["id"] for _, attrs in self.tags if "id" in attrs]


def console_nav(html: str) -> str:
    return re.search(r'<nav class="tabs console-tabs".*?</nav>', html, re.S).group(0)


def current_links(html: str) -> list[str]:
    """The hrefs of the console navigation's links marked as the current page."""
    nav = Page(console_nav(html))
    return [a["href"] for tag, a in nav.tags if tag == "a" and a.get("aria-current") == "page"]


def assert_console_layout(html: str, user, name: str) -> None:
    assert '<header class="console-header">' in html
    assert re.search(r'<a class="console-logo" href="/"><img src="[^"]*storefront/logo\.svg"', html)
    assert name in re.search(r'<p class="console-identity">.*?</p>', html, re.S).group(0)
    assert user.email in html
    assert re.search(r'<form action="/[^"]*" method="post" class="console-logout">', html)
    assert 'id="language-select"' in html  # the language switch stays


def assert_tables_have_scoped_headers(html: str) -> None:
    page = Page(html)
    headers = [attrs for tag, attrs in page.tags if tag == "th"]
    assert headers, "no table"
    assert all(attrs.get("scope") in ("col", "row") for attrs in headers)
    tables = [attrs for tag, attrs in page.tags if tag == "table"]
    assert all("table" in attrs.get("class", "").split() for attrs in tables)


def assert_unique_ids(html: str) -> None:
    ids = Page(html).ids()
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


@pytest.fixture
def owner(vendor):
    return VendorMemberFactory(vendor=vendor).user


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def showroom(db):
    return ShowroomFactory(name="Điểm bán OCOP Sơn La")


@pytest.fixture
def clerk(showroom):
    return OperatorMemberFactory(operator=showroom.operator).user


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client


DASHBOARD_SECTIONS = [
    ("dashboard:home", "dashboard:home"),
    ("dashboard:products", "dashboard:products"),
    ("dashboard:product-new", "dashboard:products"),
    ("dashboard:labels", "dashboard:labels"),
    ("dashboard:certificates", "dashboard:certificates"),
    ("dashboard:certificate-new", "dashboard:certificates"),
    ("dashboard:stock", "dashboard:stock"),
    ("dashboard:orders", "dashboard:orders"),
    ("dashboard:reviews", "dashboard:reviews"),
    ("dashboard:earnings", "dashboard:earnings"),
]


@pytest.mark.parametrize(("page", "section"), DASHBOARD_SECTIONS)
def test_every_seller_centre_page_has_the_console_layout_and_marks_its_section(
    owner_client, owner, vendor, page, section
):
    html = owner_client.get(reverse(page)).content.decode()
    assert_console_layout(html, owner, vendor.name)
    assert "Kênh người bán" in html
    assert current_links(html) == [reverse(section)]
    assert html.count("<h1") == 1


def test_a_products_edit_page_is_under_products(owner_client, vendor):
    product = ProductFactory(vendor=vendor)
    html = owner_client.get(reverse("dashboard:product-edit", args=[product.pk])).content.decode()
    assert current_links(html) == [reverse("dashboard:products")]
    assert '<nav class="breadcrumbs"' in html


def test_without_a_producer_the_application_is_the_section(client):
    applicant = UserFactory()
    client.force_login(applicant)
    html = client.get(reverse("dashboard:apply")).content.decode()
    assert_console_layout(html, applicant, "")
    nav = console_nav(html)
    assert reverse("dashboard:apply") in nav and reverse("dashboard:products") not in nav
    assert current_links(html) == [reverse("dashboard:apply")]


def test_someone_in_both_back_offices_can_switch_between_them(client, vendor, showroom):
    person = VendorMemberFactory(vendor=vendor).user
    OperatorMemberFactory(operator=showroom.operator, user=person)
    client.force_login(person)
    dashboard = console_nav(client.get(reverse("dashboard:home")).content.decode())
    assert f'href="{reverse("showroom:index")}"' in dashboard
    console = console_nav(client.get(reverse("showroom:index")).content.decode())
    assert f'href="{reverse("dashboard:home")}"' in console


SHOWROOM_SECTIONS = ["stock", "import", "sale", "pickups", "report", "settings"]


@pytest.mark.parametrize("section", SHOWROOM_SECTIONS)
def test_every_console_page_has_the_layout_and_marks_its_section(
    clerk_client, clerk, showroom, section
):
    url = reverse(f"showroom:{section}", args=[showroom.pk])
    html = clerk_client.get(url).content.decode()
    assert_console_layout(html, clerk, showroom.name)
    assert current_links(html) == [url]
    # Every section of a showroom is one click away.
    nav = console_nav(html)
    for other in SHOWROOM_SECTIONS:
        assert f'href="{reverse(f"showroom:{other}", args=[showroom.pk])}"' in nav


def test_the_locations_list_is_the_consoles_first_section(clerk_client, clerk, showroom):
    html = clerk_client.get(reverse("showroom:index")).content.decode()
    assert_console_layout(html, clerk, "")
    assert current_links(html) == [reverse("showroom:index")]
    assert_tables_have_scoped_headers(html)


def test_a_warehouse_has_no_counter_sections(client, vendor):
    warehouse = StockFactory(variant__product__vendor=vendor).location
    client.force_login(VendorMemberFactory(vendor=vendor).user)
    html = client.get(reverse("showroom:stock", args=[warehouse.pk])).content.decode()
    nav = console_nav(html)
    assert reverse("showroom:import", args=[warehouse.pk]) in nav
    assert reverse("showroom:sale", args=[warehouse.pk]) not in nav


def empty_state(html: str) -> str:
    return re.search(r'<div class="empty-state">.*?</div>', html, re.S).group(0)


def test_an_empty_listing_says_how_to_add_the_first_product(owner_client):
    html = owner_client.get(reverse("dashboard:products")).content.decode()
    state = empty_state(html)
    assert "Thêm sản phẩm đầu tiên" in state
    assert f'href="{reverse("dashboard:product-new")}"' in state
    assert "<table" not in html


@pytest.mark.parametrize(
    ("page", "action"),
    [
        ("dashboard:certificates", "dashboard:certificate-new"),
        ("dashboard:orders", "dashboard:products"),
        ("dashboard:reviews", "dashboard:products"),
        ("dashboard:labels", "dashboard:products"),
        ("dashboard:stock", "dashboard:products"),
    ],
)
def test_empty_seller_centre_lists_show_an_empty_state_with_an_action(owner_client, page, action):
    state = empty_state(owner_client.get(reverse(page)).content.decode())
    assert re.search(rf'<a class="btn btn-\w+" href="{reverse(action)}"', state)


def test_an_empty_showroom_stock_offers_the_upload(clerk_client, showroom):
    html = clerk_client.get(reverse("showroom:stock", args=[showroom.pk])).content.decode()
    state = empty_state(html)
    assert f'href="{reverse("showroom:import", args=[showroom.pk])}"' in state
    searched = clerk_client.get(reverse("showroom:stock", args=[showroom.pk]), {"q": "x"})
    state = empty_state(searched.content.decode())
    assert "Không có tồn kho nào phù hợp." in state
    assert f'href="{reverse("showroom:stock", args=[showroom.pk])}"' in state  # show all


def test_a_person_without_locations_sees_an_empty_state(client):
    client.force_login(UserFactory())
    html = client.get(reverse("showroom:index")).content.decode()
    assert 'class="btn btn-secondary" href="/"' in empty_state(html)


def test_listing_statuses_are_badges_and_the_table_is_accessible(owner_client, vendor):
    ProductVariantFactory(product__vendor=vendor, product__name="Chè xanh", price=120_000)
    ProductFactory(vendor=vendor, name="Mật ong", status=Product.Status.DRAFT)
    html = owner_client.get(reverse("dashboard:products")).content.decode()
    published = Product.objects.get(name="Chè xanh").get_status_display()
    assert f'<span class="badge badge-success">{published}</span>' in html
    assert '<span class="badge badge-muted">Bản nháp</span>' in html
    assert '<td class="num">120.000' in html
    assert_tables_have_scoped_headers(html)
    assert_unique_ids(html)
    assert '<div class="table-wrap"><table class="table product-table">' in html


def test_order_statuses_are_badges(owner_client, vendor):
    variant = StockFactory(quantity=10, variant__product__vendor=vendor).variant
    place([(variant, 1)])
    html = owner_client.get(reverse("dashboard:orders")).content.decode()
    assert VendorOrder.objects.get().status == VendorOrder.Status.UNCONFIRMED
    assert html.count('<span class="badge badge-warning order-status">') == 1
    assert_tables_have_scoped_headers(html)
    assert_unique_ids(html)


def test_certificate_statuses_are_badges(owner_client, vendor):
    CertificateFactory(vendor=vendor)
    html = owner_client.get(reverse("dashboard:certificates")).content.decode()
    assert re.search(r'<span class="badge badge-(warning|success)">', html)
    assert '<span class="badge badge-ocop">4★</span>' in html
    assert_tables_have_scoped_headers(html)


def test_low_stock_is_a_badge_on_both_stock_pages(client, owner_client, vendor, showroom, clerk):
    AgreementFactory(vendor=vendor, showroom=showroom)
    honey = ProductVariantFactory(product__vendor=vendor, sku="MO-1")
    tea = ProductVariantFactory(product__vendor=vendor, sku="CHE-1")
    opened(showroom, honey, 2)  # the default threshold is 5
    opened(showroom, tea, 9)

    dashboard = owner_client.get(reverse("dashboard:stock")).content.decode()
    client.force_login(clerk)
    console = client.get(reverse("showroom:stock", args=[showroom.pk])).content.decode()
    for html in (dashboard, console):
        assert html.count('<span class="badge badge-warning low-mark">') == 1
        assert html.count('<span class="badge badge-success">') == 1
        assert_tables_have_scoped_headers(html)
        assert_unique_ids(html)
    # On a phone the table scrolls sideways: its region takes the keyboard focus, named.
    assert 'tabindex="0" role="region" aria-label="Tồn kho của Điểm bán OCOP Sơn La"' in console
    # The search form's controls all have their labels.
    page = Page(console)
    labelled = {attrs["for"] for tag, attrs in page.tags if tag == "label" and "for" in attrs}
    for tag, attrs in page.tags:
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            assert attrs.get("id") in labelled, attrs


def test_the_showroom_stock_pages_have_numbers_and_keep_the_search(
    clerk_client, showroom, monkeypatch
):
    monkeypatch.setattr("frontend_templates.showroom.PAGE_SIZE", 2)
    vendor = VendorMemberFactory().vendor
    AgreementFactory(vendor=vendor, showroom=showroom)
    for n in range(5):
        opened(showroom, ProductVariantFactory(product__vendor=vendor, sku=f"CHE-{n}"), 10)
    url = reverse("showroom:stock", args=[showroom.pk])
    html = clerk_client.get(url, {"q": "che", "page": "2"}).content.decode()
    pagination = re.search(r'<nav class="pagination".*?</nav>', html, re.S).group(0)
    assert 'href="?q=che&amp;page=2" aria-current="page"' in pagination
    assert 'href="?q=che" rel="prev"' in pagination
    assert 'href="?q=che&amp;page=3" rel="next"' in pagination
    assert re.findall(r"</span>(\d+)</a>", pagination) == ["1", "2", "3"]


def test_a_message_after_a_reply_is_an_alert(owner_client, vendor):
    review = reviewed(vendor)
    response = owner_client.post(reply_url(review), {"body": "Cảm ơn anh chị"}, follow=True)
    html = response.content.decode()
    assert re.search(r'<p class="alert alert-success">[^<]+</p>', html)


def test_a_refused_shipment_points_its_field_at_its_error(owner_client, vendor):
    variant = StockFactory(quantity=10, variant__product__vendor=vendor).variant
    order = place([(variant, 1)])
    part = VendorOrder.objects.get(order=order)
    owner_client.post(reverse("dashboard:order-confirm", args=[part.pk]))
    refused = owner_client.post(
        reverse("dashboard:order-ship", args=[part.pk]), {"carrier": "GHTK", "tracking_number": ""}
    )
    html = refused.content.decode()
    assert refused.status_code == 400
    described = re.search(rf'id="tracking-{part.pk}"[^>]*aria-describedby="([^"]+)"', html).group(1)
    assert re.search(rf'<span class="errors field-errors field-error" id="{described}">', html)
    assert_unique_ids(html)
