"""A shopper on a 390 px phone uses the product page: the gallery (thumbnails by click and by
arrow keys, the zoom dialog and Escape), the size chips that change the price, the quantity
stepper, and the sticky add-to-cart bar that appears once the buy box has scrolled away; then
changes the quantity with the cart's stepper, checks out, and follows the order's timeline as
the producer confirms, ships (a GHN waybill, linked to GHN's tracking page) and delivers."""

import re

import pytest

from catalog.services.media import media_create
from orders.models import CheckoutLine, ShippingMethod, VendorOrder
from orders.services.fulfilment import (
    vendor_order_confirm,
    vendor_order_mark_delivered,
    vendor_order_ship,
)
from tests.browser.conftest import _close, _page
from tests.browser.helpers import check_out_cash_on_delivery
from tests.factories import ProductFactory, ProductVariantFactory, StockFactory, VendorMemberFactory
from tests.files import jpeg_upload

PHONE_390 = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server, request):
    context, page = _page(browser, PHONE_390, live_server.url, "vi")
    yield page
    _close(context, page, request)


@pytest.fixture
def tea():
    member = VendorMemberFactory()
    product = ProductFactory(vendor=member.vendor, name="Chè Shan tuyết", slug="che-shan")
    small = ProductVariantFactory(product=product, name="Gói 100g", price=150_000)
    big = ProductVariantFactory(product=product, name="Hộp 500g", price=600_000)
    StockFactory(variant=small, quantity=12)
    StockFactory(variant=big, quantity=3)
    ShippingMethod.objects.create(vendor=member.vendor, name="Giao hàng nhanh", flat_price=30_000)
    for color in ((40, 120, 60), (160, 120, 40), (120, 40, 40)):
        media_create(
            product=product,
            actor=member.user,
            image=jpeg_upload(size=(800, 800), color=color),
            alt=f"Ảnh chè {color[0]}",
        )
    return product, small, big


def thumbnails(page):
    return page.get_by_role("list", name="Ảnh").get_by_role("button")


def test_gallery_variants_stepper_and_sticky_bar_on_a_phone(phone, tea, shot):
    _product, _small, big = tea
    page = phone
    page.goto("/san-pham/che-shan/")
    main = page.locator("#gallery-main")
    first_src = main.get_attribute("src")

    # A thumbnail shows its photo; the arrow keys move along the strip.
    thumbs = thumbnails(page)
    assert thumbs.count() == 3
    thumbs.nth(1).click()
    assert main.get_attribute("src") != first_src
    assert thumbs.nth(1).get_attribute("aria-pressed") == "true"
    second_src = main.get_attribute("src")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.getAttribute('aria-pressed')") == "true"
    assert thumbs.nth(2).evaluate("node => node === document.activeElement")
    assert main.get_attribute("src") not in (first_src, second_src)
    page.keyboard.press("ArrowRight")  # wraps round to the first
    assert main.get_attribute("src") == first_src

    # Zoom opens the large photo in a dialog; Escape closes it and focus comes back.
    zoom = page.get_by_role("button", name="Phóng to ảnh")
    zoom.click()
    dialog = page.get_by_role("dialog", name="Ảnh phóng to")
    dialog.wait_for()
    assert re.search(r"-1280\.webp$", dialog.locator("img").get_attribute("src"))
    shot(page, "zoom")
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert zoom.evaluate("node => node === document.activeElement")

    # A size chip changes the price, the stock line and the quantity limit.
    price = page.locator(".buy-box [data-product-price]")
    assert price.inner_text() == "150.000\xa0₫"
    page.get_by_text("Hộp 500g").click()
    assert price.inner_text() == "600.000\xa0₫"
    assert page.locator(".buy-box [data-product-stock]").inner_text() == "Còn 3"

    # The stepper's + adds one, up to the stock of that size.
    quantity = page.get_by_label("Số lượng")
    more = page.get_by_role("button", name="Thêm một")
    more.click()
    assert quantity.input_value() == "2"
    more.click()
    assert quantity.input_value() == "3" and more.is_disabled()  # the limit: 3 in stock
    page.get_by_role("button", name="Bớt một").click()
    assert quantity.input_value() == "2"

    # No bar while the buy box is in sight; scrolled past it, the bar shows and adds to cart.
    bar = page.locator("[data-sticky-buy]")
    assert bar.is_hidden()
    page.locator(".product-facts").scroll_into_view_if_needed()
    page.mouse.wheel(0, 1500)
    bar.wait_for(state="visible")
    assert bar.locator("[data-product-price]").inner_text() == "600.000\xa0₫"
    shot(page, "sticky-bar")
    bar.get_by_role("button", name=re.compile("Thêm vào giỏ")).click()
    # The cart script adds in place and says so in a toast above both bars; its link opens the cart
    toast_link = page.get_by_role("status").get_by_role("link", name="Xem giỏ hàng")
    toast_link.wait_for()
    shot(page, "added-from-the-sticky-bar")
    assert (
        toast_link.bounding_box()["y"] + toast_link.bounding_box()["height"]
        <= (bar.bounding_box()["y"])
    )
    toast_link.click()
    page.wait_for_url(re.compile(r"/gio-hang/$"))
    line = CheckoutLine.objects.get()
    assert (line.variant_id, line.quantity) == (big.pk, 2)

    # The cart's stepper: one more, saved without leaving the page.
    page.evaluate("window.stayedOnPage = true")
    with page.expect_response(lambda response: "/gio-hang/cap-nhat/" in response.url):
        page.get_by_role("button", name="Thêm một: Chè Shan tuyết").click()
    assert CheckoutLine.objects.get().quantity == 3
    assert page.evaluate("window.stayedOnPage") is True
    shot(page, "cart-stepper")

    # Checkout on the phone, cash on delivery: the order page shows the part's timeline.
    check_out_cash_on_delivery(page, email="lan@example.vn")
    timeline = page.get_by_role("list", name=re.compile("Tiến trình phần hàng"))
    assert "is-done" in timeline.locator(".step-placed").get_attribute("class")
    assert "is-done" not in timeline.locator(".step-shipped").get_attribute("class")
    shot(page, "order-placed")

    # The producer confirms and ships with GHN: the waybill links to GHN's tracking page.
    part = VendorOrder.objects.get()
    producer = part.vendor.members.get().user
    vendor_order_confirm(actor=producer, vendor_order=part)
    vendor_order_ship(actor=producer, vendor_order=part, carrier="GHN", tracking_number="GHNX7K2")
    page.reload()
    assert "is-done" in timeline.locator(".step-shipped").get_attribute("class")
    tracking = timeline.get_by_role("link", name=re.compile("GHNX7K2"))
    assert tracking.get_attribute("href") == "https://donhang.ghn.vn/?order_code=GHNX7K2"
    shot(page, "order-shipped")

    vendor_order_mark_delivered(actor=producer, vendor_order=part)
    page.reload()
    assert "is-done" in timeline.locator(".step-delivered").get_attribute("class")
    shot(page, "order-delivered")


def test_copy_link_is_announced(phone, tea):
    page = phone
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/san-pham/che-shan/")
    page.get_by_role("button", name="Sao chép liên kết").click()
    page.get_by_role("status").filter(has_text="Đã sao chép liên kết").wait_for()
    assert page.evaluate("navigator.clipboard.readText()").endswith("/san-pham/che-shan/")


@pytest.fixture
def desktop(browser, live_server, request):
    context, page = _page(browser, {"width": 1366, "height": 900}, live_server.url, "vi")
    yield page
    _close(context, page, request)


def test_on_a_desktop_no_sticky_bar_and_buy_now_goes_to_checkout(desktop, tea, shot):
    page = desktop
    page.goto("/san-pham/che-shan/")
    shot(page, "product-1366")
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(300)  # the observer's callback runs after the scroll
    assert page.locator("[data-sticky-buy]").is_hidden()
    page.mouse.wheel(0, -3000)
    page.get_by_role("button", name="Mua ngay").click()
    page.wait_for_url(re.compile(r"/thanh-toan/$"))
    assert CheckoutLine.objects.get().quantity == 1
