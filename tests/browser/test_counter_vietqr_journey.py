"""A clerk scans two products of two producers at the counter, takes a VietQR payment and
prints the receipt; the stock and each producer's earnings move once (a sale the showroom
collected, less its commission)."""

import re

from inventory.models import PosSale, ShowroomBankAccount
from orders.earnings_selectors import vendor_balance
from orders.models import EarningsEntry
from tests.browser.helpers import log_in, showroom_clerk
from tests.factories import AgreementFactory, ProductVariantFactory, ShowroomFactory, VendorFactory
from tests.graphql.inventory_support import opened
from tests.inventory.helpers import quantity_at

PASSWORD = "quay-ban-hang-2025"


def test_a_clerk_sells_two_producers_goods_with_vietqr_and_prints(desktop_page, shot):
    page = desktop_page
    showroom = ShowroomFactory(name="Điểm bán OCOP Mộc Châu")
    ShowroomBankAccount.objects.create(
        location=showroom, bank_bin="970436", account_number="0011001234567", account_name="TT"
    )
    clerk = showroom_clerk(showroom, PASSWORD)
    tea_maker, noodle_maker = VendorFactory(name="HTX Chè Tà Xùa"), VendorFactory(name="HTX Miến")
    AgreementFactory(vendor=tea_maker, showroom=showroom, commission_rate=10)
    AgreementFactory(vendor=noodle_maker, showroom=showroom, commission_rate=15)
    tea = ProductVariantFactory(product__vendor=tea_maker, sku="CHE-1", gtin="8935001234567",
                                price=120_000)  # fmt: skip
    noodles = ProductVariantFactory(product__vendor=noodle_maker, sku="MIEN-1", price=45_000)
    opened(showroom, tea, 10)
    opened(showroom, noodles, 10)

    log_in(page, clerk.email, PASSWORD, next_url=f"/showroom/{showroom.pk}/ban-hang/")
    scan = page.get_by_label(re.compile("Quét mã vạch"))
    scan.fill("8935001234567")  # the scanner types the barcode, then Enter
    scan.press("Enter")
    scan.fill("MIEN-1")
    scan.press("Enter")
    scan.fill("MIEN-1")
    scan.press("Enter")
    assert page.get_by_label("Dòng 1: mã SKU").input_value() == "CHE-1"
    quantity = page.get_by_label(re.compile("^Dòng 2: số lượng"))
    assert quantity.input_value() == "2"
    page.get_by_role("button", name="Dòng 2: thêm một").click()  # in place, no page load
    assert quantity.input_value() == "3"
    page.get_by_role("button", name="Dòng 2: bớt một").click()
    assert quantity.input_value() == "2"
    page.get_by_label(re.compile("Thanh toán bằng")).select_option("vietqr")
    shot(page, "basket")
    page.get_by_role("button", name=re.compile("Hiện mã VietQR")).click()
    page.get_by_role("heading", name=re.compile("VietQR")).wait_for()
    assert page.locator(".vietqr-code svg").is_visible()
    assert "210.000" in page.locator(".vietqr").inner_text()
    shot(page, "vietqr")

    page.get_by_role("button", name="Lưu giao dịch bán").click()
    page.get_by_role("link", name=re.compile("Mở hóa đơn")).click()
    receipt = page.locator("article.receipt")
    receipt.wait_for()
    assert "HTX Chè Tà Xùa" in receipt.inner_text() and "HTX Miến" in receipt.inner_text()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()  # only the receipt prints
    assert receipt.is_visible()
    width = receipt.evaluate("e => e.getBoundingClientRect().width")
    assert 250 < width < 300  # 74 mm at 96 dpi
    shot(page, "receipt-print")

    sale = PosSale.objects.get()
    assert (sale.paid_with, sale.total) == ("vietqr", 210_000)
    assert quantity_at(showroom, tea) == 9 and quantity_at(showroom, noodles) == 8
    # Each producer's earnings: its sale, the showroom's commission, and the rest collected by
    # the showroom (which owes it under the agreement); written once, owed by the platform: 0.
    entries = sorted(EarningsEntry.objects.values_list("vendor__name", "kind", "amount"))
    assert entries == [
        ("HTX Chè Tà Xùa", "showroom_collected", -108_000),
        ("HTX Chè Tà Xùa", "showroom_commission", -12_000),
        ("HTX Chè Tà Xùa", "showroom_sale", 120_000),
        ("HTX Miến", "showroom_collected", -76_500),
        ("HTX Miến", "showroom_commission", -13_500),
        ("HTX Miến", "showroom_sale", 90_000),
    ]
    noodle_money = vendor_balance(noodle_maker)
    assert (noodle_money.earned, noodle_money.held_by_showrooms, noodle_money.balance) == (
        76_500, 76_500, 0)  # fmt: skip
