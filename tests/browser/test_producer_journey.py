"""A producer logs in, creates a product with an image and a variant, and submits it for review."""

import re

import pytest

from catalog.models import Product
from tests.browser.helpers import log_in
from tests.factories import PASSWORD, VendorMemberFactory, product_set
from tests.files import image_bytes


@pytest.fixture
def page_language():
    # The dashboard's Vietnamese wording is still being written; its English msgids are stable.
    return "en"


def test_a_producer_lists_a_product_with_an_image_and_submits_it(desktop_page, shot):
    page = desktop_page
    owner = VendorMemberFactory(vendor__name="HTX Chè Mộc Châu").user
    tea = product_set("I.5.a")

    log_in(page, owner.email, PASSWORD, next_url="/nha-san-xuat/san-pham/")
    page.get_by_role("heading", name="Products").wait_for()
    shot(page, "products")
    page.get_by_role("link", name="Add a product").click()

    page.get_by_label("Name", exact=True).fill("Chè Shan tuyết cổ thụ")
    page.get_by_label("Product set").select_option(value=str(tea.pk))
    page.get_by_label("Description").fill("Chè búp hái từ cây chè cổ thụ trên 100 năm tuổi.")
    page.get_by_label("Month 9", exact=True).check()
    shot(page, "new-product")
    page.get_by_role("button", name="Create the product").click()

    page.get_by_role("heading", name="Chè Shan tuyết cổ thụ", level=1).wait_for()
    product = Product.objects.get(name="Chè Shan tuyết cổ thụ")
    assert product.status == Product.Status.DRAFT
    page.get_by_label("Image (JPEG, PNG or WebP)").set_input_files(
        files=[{"name": "che.png", "mimeType": "image/png", "buffer": image_bytes(size=(640, 480))}]
    )
    page.get_by_label(re.compile("^Describe the image")).fill("Búp chè Shan tuyết trên cành")
    page.get_by_role("button", name="Upload the image").click()
    page.get_by_role("img", name="Búp chè Shan tuyết trên cành").wait_for()
    shot(page, "image-uploaded")

    variants = page.locator("#variant-new")
    variants.get_by_label("SKU").fill("CHE-CT-200")
    variants.get_by_label(re.compile("^Variant name")).fill("Hộp 200 g")
    variants.get_by_label("Price (đồng)").fill("250000")
    variants.get_by_label("Weight (grams)").fill("300")
    variants.get_by_role("button", name="Add").click()
    page.locator("form.variant-row").filter(
        has=page.locator("input[value='CHE-CT-200']")
    ).wait_for()
    shot(page, "variant-added")

    page.get_by_role("button", name="Submit for review").click()
    status = page.locator(".product-status")
    assert status.inner_text() == "Pending review"
    shot(page, "submitted")
    product.refresh_from_db()
    assert product.status == Product.Status.PENDING_REVIEW
    assert product.media.count() == 1
    assert list(product.variants.values_list("sku", "price")) == [("CHE-CT-200", 250_000)]


def test_a_producer_logs_in_and_lands_on_the_seller_centre(desktop_page, shot):
    page = desktop_page
    owner = VendorMemberFactory(vendor__name="HTX Miến dong Côn Minh").user

    log_in(page, owner.email, PASSWORD)  # no `next`: the landing is the login's choice

    assert re.search(r"/nha-san-xuat/$", page.url), page.url
    page.get_by_role("heading", name="HTX Miến dong Côn Minh", level=1).wait_for()
    assert re.search("Producer dashboard|seller cent", page.title(), re.I), page.title()
    shot(page, "seller-centre")
