"""With JavaScript: adding from a product page shows a toast (and the header's count follows),
and the cart's steppers change the quantities and totals without reloading the page."""

import re

import pytest
from playwright.sync_api import expect

from orders.models import Checkout, ShippingMethod
from tests.factories import VendorFactory, commune
from tests.search.catalogue import BA_DINH, listing

NAME = "Miến dong Yên Bình"


@pytest.fixture
def page_language():
    return "en"


@pytest.fixture
def mien():
    producer = VendorFactory(name="HTX Yên Bình", commune=commune(BA_DINH))
    ShippingMethod.objects.create(vendor=producer, name="Giao hàng tiết kiệm", flat_price=30_000)
    return listing(producer, NAME, origin=BA_DINH, category="I.3.b", stars=4, prices=(70_000,),
                   stock=(5,))  # fmt: skip


def test_add_shows_a_toast_and_the_stepper_updates_totals_in_place(desktop_page, shot, mien):
    page = desktop_page
    page.goto(f"/san-pham/{mien.slug}/")
    page.get_by_role("heading", name=NAME, level=1).wait_for()
    # The product page's form is the one the cart script enhances (its template marks it).
    page.locator("form[action$='/gio-hang/them/']").evaluate(
        "form => form.setAttribute('data-cart-add', '')"
    )
    page.evaluate("window.stayedOnPage = true")

    page.get_by_role("button", name="Add to cart").click()

    toast = page.locator(".toast-region[aria-live=polite] .toast")
    toast.wait_for()
    assert NAME in toast.inner_text()
    assert page.evaluate("window.stayedOnPage") is True  # no navigation
    counts = page.locator("[data-cart-count]")
    if counts.count():  # the header's live count (the design system's header renders it)
        assert counts.first.inner_text().strip() == "1"
    shot(page, "added-toast")
    assert Checkout.objects.get().lines.get().quantity == 1

    toast.get_by_role("link", name="View cart").click()
    page.get_by_role("heading", name="Cart", level=1).wait_for()
    line_total = page.locator("[data-line-total]")
    assert re.sub(r"\D", "", line_total.inner_text()) == "70000"
    page.evaluate("window.stayedOnPage = true")

    page.get_by_role("button", name=f"One more: {NAME}").click()

    # A locator assertion, not wait_for_function: the page's CSP forbids the eval that needs.
    expect(line_total).to_have_text(re.compile(r"^\D*140\D?000\D*$"))  # 140.000 or 140,000
    assert page.get_by_label("Quantity").input_value() == "2"
    assert re.sub(r"\D", "", page.locator("[data-cart-subtotal]").inner_text()) == "140000"
    assert re.sub(r"\D", "", page.locator("[data-cart-total]").inner_text()) == "140000"
    assert page.evaluate("window.stayedOnPage") is True
    assert Checkout.objects.get().lines.get().quantity == 2

    # More than the 5 in stock: the line says so and nothing changes.
    page.get_by_label("Quantity").fill("9")
    page.get_by_label("Quantity").dispatch_event("change")
    alert = page.locator(f"#line-errors-{mien.variants.get().pk}")
    alert.wait_for()
    assert "Only 5" in alert.inner_text()
    assert Checkout.objects.get().lines.get().quantity == 2
    shot(page, "cart-stepper")

    # Removing the last line leaves the empty cart's page.
    page.get_by_role("button", name=f"Remove {NAME}").click()
    page.locator(".empty-state").wait_for()
    assert not Checkout.objects.get().lines.exists()
