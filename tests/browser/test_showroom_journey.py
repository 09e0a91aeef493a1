"""A showroom clerk logs in at the counter, uploads a stock count as CSV and reads its report;
then records a sale at the counter."""

import re

from tests.browser.helpers import log_in, showroom_clerk
from tests.factories import AgreementFactory, ProductVariantFactory, ShowroomFactory, VendorFactory
from tests.graphql.inventory_support import opened
from tests.inventory.helpers import quantity_at

PASSWORD = "quay-ban-hang-2025"


def test_a_clerk_uploads_a_csv_and_sees_its_report(desktop_page, shot):
    page = desktop_page
    showroom = ShowroomFactory(name="Điểm bán OCOP Sơn La")
    clerk = showroom_clerk(showroom, PASSWORD)
    vendor = VendorFactory()
    AgreementFactory(vendor=vendor, showroom=showroom)
    tea = ProductVariantFactory(
        product__vendor=vendor, product__name="Chè Shan tuyết Mộc Châu", sku="CHE-1"
    )
    honey = ProductVariantFactory(product__vendor=vendor, product__name="Mật ong", sku="MO-1")
    opened(showroom, tea, 9)
    opened(showroom, honey, 2)

    log_in(page, clerk.email, PASSWORD, next_url="/showroom/")
    shot(page, "console")
    page.get_by_role("link", name="Điểm bán OCOP Sơn La").click()
    page.get_by_role("heading", name="Điểm bán OCOP Sơn La").wait_for()
    assert page.get_by_role("cell", name="CHE-1").is_visible()
    shot(page, "stock")

    page.get_by_role("link", name=re.compile(r"\(CSV")).first.click()
    csv = "Mã SKU,Số lượng\nCHE-1,15\nKHONG-CO,3\nMO-1,12a\n"
    page.get_by_label(re.compile("CSV (or|hoặc) XLSX")).set_input_files(
        files=[{"name": "kiem-ke.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
    )
    shot(page, "file-chosen")
    page.get_by_role("button", name=re.compile("Upload and apply|Tải lên và áp dụng")).click()

    report = page.get_by_role("region", name=re.compile("Report|Báo cáo"))
    report.wait_for()
    rows = report.get_by_role("row")
    assert rows.count() == 4  # the header and three rows
    assert report.get_by_role("row", name=re.compile("KHONG-CO")).is_visible()
    assert report.get_by_role("row", name=re.compile("12a")).is_visible()
    shot(page, "report")
    assert quantity_at(showroom, tea) == 15
    assert quantity_at(showroom, honey) == 2  # its row was refused

    # Then a sale at the counter, in English this time (the language switch in the header):
    # choosing the SKU fills its listed price in.
    page.get_by_role("link", name="Điểm bán OCOP Sơn La").click()
    with page.expect_navigation():
        page.get_by_label(re.compile("^(Ngôn ngữ|Language)$")).select_option("en")
    page.get_by_role("link", name="Record a sale").click()
    page.get_by_label("Scan a barcode or type a SKU or a name").wait_for()  # shown by its script
    page.get_by_label("Line 1: SKU").fill("CHE-1")
    page.get_by_label("Line 1: quantity").fill("2")
    assert page.get_by_label("Line 1: unit price").input_value() == str(tea.price)
    shot(page, "sale")
    page.get_by_role("button", name="Record the sale").click()
    page.get_by_role("status").filter(has_text="CHE-1").wait_for()
    shot(page, "sale-recorded")
    assert quantity_at(showroom, tea) == 13
