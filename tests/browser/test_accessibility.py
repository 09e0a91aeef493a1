"""Accessibility of the pages of the quality bars, on the demo data: axe-core finds no serious or
critical violation on a 390 px phone nor at 1366 px, and a full-page screenshot of each lands in
artifacts/browser/pages/<page>-<width>.png. Then a keyboard-only shopper goes from the search
box to a product and into the cart."""

import io
import re

import pytest
from django.core.management import call_command

from bench.page_tour import CLERK_EMAIL, PRODUCER_EMAIL, clerk_showroom, showcase_product
from marketplace.accounts.models import User
from search.backends import get_backend
from search.services import rebuild_index
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import (
    add_to_cart_button,
    added_to_cart,
    axe_source,
    axe_violations,
    check_out_cash_on_delivery,
    either,
    log_in,
    open_cart,
    tab_to,
)

PRODUCER_PASSWORD = "ocop-producer-2025"  # seed_demo's demo passwords
CLERK_PASSWORD = "ocop-showroom-2025"
WIDTHS = {390: {"width": 390, "height": 844}, 1366: {"width": 1366, "height": 900}}
PAGES = ARTIFACTS / "pages"


@pytest.fixture
def axe():
    """axe-core's script: the test is skipped (or fails in CI) before any seeding without it."""
    return axe_source()


@pytest.fixture
def demo(browser, settings):
    """The demo data, searchable with the database backend. After `browser`: its ORM calls run
    under Playwright's event loop, which that fixture allows."""
    settings.SEARCH_BACKEND = "database"
    get_backend.cache_clear()
    call_command("seed_demo", stdout=io.StringIO())
    rebuild_index()
    yield
    get_backend.cache_clear()


class Audit:
    """Runs axe on each page and saves its screenshot; the violations are listed together."""

    def __init__(self, width: int):
        self.width = width
        self.found: dict[str, list[str]] = {}
        PAGES.mkdir(parents=True, exist_ok=True)

    def __call__(self, page, name: str) -> None:
        page.wait_for_load_state()
        # A full-page screenshot does not scroll, so lazy pictures below the fold would be blank.
        page.evaluate(
            """() => Promise.race([
                Promise.all([...document.images].map((image) => {
                    image.loading = "eager";
                    return image.complete ? null : new Promise((done) => {
                        image.addEventListener("load", done);
                        image.addEventListener("error", done);
                    });
                })),
                new Promise((done) => setTimeout(done, 5000)),
            ])"""
        )
        page.screenshot(path=str(PAGES / f"{name}-{self.width}.png"), full_page=True)
        violations = axe_violations(page)
        if violations:
            self.found[f"{name} ({page.url})"] = violations

    def report(self) -> str:
        return "\n".join(f"{name}:\n  " + "\n  ".join(lines) for name, lines in self.found.items())


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_the_pages_have_no_serious_axe_violations(axe, open_page, demo, width):
    audit = Audit(width)
    product = showcase_product()

    shopper = open_page(WIDTHS[width])
    shopper.goto("/")
    audit(shopper, "home")
    shopper.goto("/san-pham/")
    audit(shopper, "listing")
    shopper.goto(f"/san-pham/{product.slug}/")
    shopper.get_by_role("heading", name=product.name, level=1).wait_for()
    audit(shopper, "product")
    added_to_cart(shopper, add_to_cart_button(shopper).click)
    open_cart(shopper)
    assert shopper.get_by_role("link", name=product.name).first.is_visible()
    audit(shopper, "cart")
    check_out_cash_on_delivery(shopper, email="lan@example.vn")
    audit(shopper, "order")

    checkout = open_page(WIDTHS[width])  # a second visitor, left on the checkout page
    checkout.goto(f"/san-pham/{product.slug}/")
    added_to_cart(checkout, add_to_cart_button(checkout).click)
    open_cart(checkout)
    checkout.get_by_role("link", name=either("Proceed to checkout", "Tiến hành thanh toán")).click()
    audit(checkout, "checkout")

    producer = open_page(WIDTHS[width])
    producer.goto("/tai-khoan/dang-nhap/")
    audit(producer, "login")
    log_in(producer, PRODUCER_EMAIL, PRODUCER_PASSWORD)
    assert "/nha-san-xuat/" in producer.url
    audit(producer, "dashboard-home")
    producer.goto("/nha-san-xuat/san-pham/")
    audit(producer, "dashboard-listings")
    producer.goto("/nha-san-xuat/van-chuyen/")
    audit(producer, "dashboard-carriers")
    producer.goto("/nha-san-xuat/ma-giam-gia/")
    audit(producer, "dashboard-vouchers")

    clerk = open_page(WIDTHS[width])
    log_in(clerk, CLERK_EMAIL, CLERK_PASSWORD)
    assert "/showroom/" in clerk.url
    clerk.goto(f"/showroom/{clerk_showroom(User.objects.get(email=CLERK_EMAIL)).pk}/")
    audit(clerk, "showroom-stock")

    assert sorted(path.name for path in PAGES.glob(f"*-{width}.png")) == sorted(
        f"{name}-{width}.png"
        for name in (
            "home", "listing", "product", "cart", "checkout", "order", "login",
            "dashboard-home", "dashboard-listings", "dashboard-carriers", "dashboard-vouchers",
            "showroom-stock",
        )
    )  # fmt: skip
    assert audit.found == {}, "serious or critical axe-core violations:\n" + audit.report()


def test_a_keyboard_user_searches_opens_a_product_and_adds_it_to_the_cart(desktop_page, demo):
    page = desktop_page
    page.goto("/")
    search = page.get_by_role("combobox", name=either("Search products", "Tìm sản phẩm"))
    if not search.count():
        search = page.get_by_role("searchbox", name=either("Search products", "Tìm sản phẩm"))
    tab_to(page, search)
    page.keyboard.type("mien dong")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/san-pham/\?.*q=mien"))
    page.get_by_role("heading", level=1, name=re.compile("mien dong", re.I)).wait_for()

    first_product = page.locator(
        "main a[href^='/san-pham/']:not([href='/san-pham/']):not([href*='?'])"
    ).first
    tab_to(page, first_product)
    page.keyboard.press("Enter")
    heading = page.get_by_role("heading", level=1)
    heading.wait_for()
    assert "miến dong" in heading.inner_text().lower()
    product_name = heading.inner_text().strip()

    tab_to(page, add_to_cart_button(page))
    added_to_cart(page, lambda: page.keyboard.press("Enter"))
    open_cart(page, keyboard=True)
    page.get_by_role("heading", level=1, name=re.compile("cart|giỏ hàng", re.I)).wait_for()
    assert page.get_by_role("link", name=product_name).first.is_visible()
