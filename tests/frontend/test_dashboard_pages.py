"""The producer dashboard at /nha-san-xuat/: pages over the services, seen by a producer."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import Product
from orders.models import EarningsEntry, VendorOrder
from orders.services.complete import checkout_complete
from tests.factories import (
    ProductFactory,
    ProductVariantFactory,
    StockFactory,
    UserFactory,
    VendorMemberFactory,
    application_details,
    draft_application,
    product_set,
    submitted_application,
)
from tests.files import pdf_upload, png_upload, upload
from tests.orders.helpers import ready_checkout
from vendors.services.onboarding import application_request_changes

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(vendor):
    return VendorMemberFactory(vendor=vendor).user


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def outsider_client(client):
    """A member of another producer."""
    client.force_login(VendorMemberFactory().user)
    return client


def place_order(vendor, quantity=2):
    variant = StockFactory(quantity=10, variant__product__vendor=vendor).variant
    checkout = ready_checkout([(variant, quantity)])
    order = checkout_complete(actor=None, checkout=checkout, payment_method="COD").order
    return VendorOrder.objects.get(order=order, vendor=vendor)


def test_anonymous_visitors_are_sent_to_log_in(client):
    for name in ("home", "products", "orders", "earnings", "stock", "apply"):
        response = client.get(reverse(f"dashboard:{name}"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=/nha-san-xuat/")


def test_home_shows_the_producer_in_vietnamese(owner_client, vendor):
    page = owner_client.get(reverse("dashboard:home")).content.decode()
    assert vendor.name in page
    assert 'lang="vi"' in page
    assert reverse("dashboard:products") in page


def test_a_member_of_several_producers_picks_one(client, owner, vendor):
    other = VendorMemberFactory(user=owner).vendor
    client.force_login(owner)
    page = client.get(reverse("dashboard:products")).content.decode()
    assert f"?vendor={other.slug}" in page and f"?vendor={vendor.slug}" in page

    ProductFactory(vendor=other, name="Mật ong bạc hà")
    page = client.get(reverse("dashboard:products") + f"?vendor={other.slug}").content.decode()
    assert "Mật ong bạc hà" in page
    # Remembered for the next page.
    assert "Mật ong bạc hà" in client.get(reverse("dashboard:products")).content.decode()


def test_someone_elses_producer_cannot_be_picked(outsider_client, vendor):
    response = outsider_client.get(reverse("dashboard:products") + f"?vendor={vendor.slug}")
    assert response.status_code == 404


def test_owner_creates_a_product_with_an_image_and_a_variant_and_submits_it(owner_client, vendor):
    tea = product_set()
    response = owner_client.post(
        reverse("dashboard:product-new"),
        {
            "name": "Chè Shan tuyết cổ thụ",
            "category": tea.pk,
            "description": "<p>Hái từ cây chè cổ thụ</p>",
            "origin_commune": "",
            "season_months": ["3", "4", "5"],
            "certificate": "",
        },
    )
    assert response.status_code == 302
    product = Product.objects.get(vendor=vendor, name="Chè Shan tuyết cổ thụ")
    assert response["Location"] == reverse("dashboard:product-edit", args=[product.pk])
    assert product.season_months == [3, 4, 5]
    assert product.origin_commune_id == vendor.commune_id
    assert product.status == Product.Status.DRAFT

    # Submitting without a variant is refused, with the reason on the page.
    refused = owner_client.post(reverse("dashboard:product-submit", args=[product.pk]))
    assert refused.status_code == 400
    assert 'id="submit-errors"' in refused.content.decode()

    response = owner_client.post(
        reverse("dashboard:product-image", args=[product.pk]),
        {"image": png_upload(), "alt": "Búp chè non"},
    )
    assert response.status_code == 302
    assert product.media.get().alt == "Búp chè non"

    response = owner_client.post(
        reverse("dashboard:variant-new", args=[product.pk]),
        {"sku": "CHE-500", "name": "Hộp 500 g", "price": "150.000", "weight_grams": "550"},
    )
    assert response.status_code == 302
    variant = product.variants.get()
    assert (variant.sku, variant.price, variant.weight_grams) == ("CHE-500", 150_000, 550)

    page = owner_client.get(reverse("dashboard:product-edit", args=[product.pk])).content.decode()
    assert 'alt="Búp chè non"' in page
    assert "CHE-500" in page

    response = owner_client.post(reverse("dashboard:product-submit", args=[product.pk]))
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.status == Product.Status.PENDING_REVIEW
    listing = owner_client.get(reverse("dashboard:products")).content.decode()
    assert "Chờ duyệt" in listing or "Pending review" in listing
    assert "150.000\xa0₫" in listing or "150.000 ₫" in listing


def test_form_errors_stand_next_to_their_fields_and_keep_what_was_typed(owner_client):
    response = owner_client.post(
        reverse("dashboard:product-new"),
        {"name": "Mật ong rừng", "category": "", "origin_commune": "99999"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Mật ong rừng"' in page
    assert 'id="category-errors"' in page
    assert 'id="origin_commune-errors"' in page


def test_without_javascript_the_picker_lists_a_provinces_communes(owner_client, vendor):
    response = owner_client.post(
        reverse("dashboard:product-new"),
        {"name": "Nước mắm", "province": "01", "origin_commune": "", "action": "province"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Nước mắm"' in page
    assert '<option value="01" selected>' in page
    assert "Phường Ba Đình" in page
    assert not Product.objects.filter(vendor=vendor).exists()


def test_a_bad_variant_price_is_reported_on_its_field(owner_client, vendor):
    product = ProductFactory(vendor=vendor, status=Product.Status.DRAFT)
    response = owner_client.post(
        reverse("dashboard:variant-new", args=[product.pk]),
        {"sku": "MO-1", "name": "Chai 300 ml", "price": "mười nghìn", "weight_grams": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="mười nghìn"' in page
    assert re.search(r'id="vnew-price"[^>]*aria-invalid="true"', page)


def test_another_producers_member_cannot_see_or_change_a_product(outsider_client, vendor):
    product = ProductFactory(vendor=vendor, status=Product.Status.DRAFT)
    variant = ProductVariantFactory(product=product)
    assert (
        outsider_client.get(reverse("dashboard:product-edit", args=[product.pk])).status_code == 404
    )
    for name, pk in (
        ("product-edit", product.pk),
        ("product-submit", product.pk),
        ("product-image", product.pk),
        ("variant-new", product.pk),
        ("variant-edit", variant.pk),
    ):
        response = outsider_client.post(reverse(f"dashboard:{name}", args=[pk]), {"name": "X"})
        assert response.status_code in (403, 404), name
    product.refresh_from_db()
    assert product.status == Product.Status.DRAFT and product.name != "X"


def test_staff_role_members_cannot_edit_listings(client, vendor):
    member = VendorMemberFactory(vendor=vendor, role="staff").user
    product = ProductFactory(vendor=vendor, status=Product.Status.DRAFT)
    client.force_login(member)
    response = client.post(
        reverse("dashboard:product-edit", args=[product.pk]),
        {"name": "Đổi tên", "category": product.category_id, "origin_commune": vendor.commune_id},
    )
    assert response.status_code == 403


def test_confirm_ship_and_deliver_an_order(owner_client, vendor):
    part = place_order(vendor)
    page = owner_client.get(reverse("dashboard:orders")).content.decode()
    assert part.order.number in page
    assert "Nguyễn Thị Lan" in page  # the recipient
    assert "12 Phố Huế" in page

    assert owner_client.post(reverse("dashboard:order-confirm", args=[part.pk])).status_code == 302
    part.refresh_from_db()
    assert part.status == VendorOrder.Status.CONFIRMED

    refused = owner_client.post(
        reverse("dashboard:order-ship", args=[part.pk]), {"carrier": "GHTK", "tracking_number": ""}
    )
    assert refused.status_code == 400
    assert re.search(r'id="tracking-\d+"[^>]*aria-invalid="true"', refused.content.decode())

    response = owner_client.post(
        reverse("dashboard:order-ship", args=[part.pk]),
        {"carrier": "GHTK", "tracking_number": "S123456789"},
    )
    assert response.status_code == 302
    part.refresh_from_db()
    assert (part.status, part.carrier, part.tracking_number) == ("shipped", "GHTK", "S123456789")

    assert owner_client.post(reverse("dashboard:order-deliver", args=[part.pk])).status_code == 302
    part.refresh_from_db()
    assert part.status == VendorOrder.Status.DELIVERED
    done = owner_client.get(reverse("dashboard:orders") + "?show=done").content.decode()
    assert "S123456789" in done


def test_another_producers_member_cannot_touch_an_order(outsider_client, vendor):
    part = place_order(vendor)
    assert (
        part.order.number not in outsider_client.get(reverse("dashboard:orders")).content.decode()
    )
    for name in ("order-confirm", "order-ship", "order-deliver", "order-cancel"):
        response = outsider_client.post(reverse(f"dashboard:{name}", args=[part.pk]))
        assert response.status_code in (403, 404)
    part.refresh_from_db()
    assert part.status == VendorOrder.Status.UNCONFIRMED


def test_earnings_chart_shows_the_last_twelve_months(owner_client, vendor):
    part = place_order(vendor)
    owner_client.post(reverse("dashboard:order-confirm", args=[part.pk]))
    owner_client.post(
        reverse("dashboard:order-ship", args=[part.pk]),
        {"carrier": "GHTK", "tracking_number": "A1"},
    )
    owner_client.post(reverse("dashboard:order-deliver", args=[part.pk]))
    sales = sum(
        EarningsEntry.objects.filter(vendor=vendor, kind=EarningsEntry.Kind.SALE).values_list(
            "amount", flat=True
        )
    )
    assert sales > 0

    page = owner_client.get(reverse("dashboard:earnings")).content.decode()

    svg = re.search(r"<svg class=\"sales-chart\".*?</svg>", page, re.S).group(0)
    assert "<title" in svg and "<desc" in svg and 'role="img"' in svg
    today = timezone.localdate()
    months, month = [], today.replace(day=1)
    for _ in range(12):
        months.append(month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    labels = re.findall(r'class="axis">([^<]+)<', svg)
    assert labels == [m.strftime("%m/%y") for m in reversed(months)]
    assert svg.count("<rect") == 12
    # The same numbers as a table, this month's sales in đồng.
    table = re.search(r'<table class="[^"]*sales-table">.*?</table>', page, re.S).group(0)
    assert today.strftime("%m/%Y") in table
    assert f"{sales:,}".replace(",", ".") in table


def test_wizard_upload_refuses_a_renamed_binary(client):
    applicant = UserFactory()
    application = draft_application(applicant)
    client.force_login(applicant)
    response = client.post(
        reverse("dashboard:apply-document"),
        {"kind": "business_registration", "file": upload("dang-ky.pdf", b"MZ\x90\x00" * 200)},
    )
    assert response.status_code == 400
    assert 'id="file-errors"' in response.content.decode()
    assert not application.documents.exists()


def test_wizard_goes_from_details_to_documents_to_submitted(client):
    applicant = UserFactory()
    client.force_login(applicant)
    assert client.get(reverse("dashboard:apply")).status_code == 200
    response = client.post(
        reverse("dashboard:apply"),
        {
            "legal_name": "Hợp tác xã Chè Mộc Châu",
            "display_name": "HTX Chè Mộc Châu",
            "kind": "cooperative",
            "tax_code": "abc",
            "commune": "03980",
            "phone": "0912345678",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="tax_code-errors"' in page and 'value="HTX Chè Mộc Châu"' in page

    details = application_details()
    response = client.post(reverse("dashboard:apply"), details)
    assert response.status_code == 302
    assert response["Location"].endswith("?step=documents")
    response = client.post(
        reverse("dashboard:apply-document"),
        {"kind": "business_registration", "file": pdf_upload()},
    )
    assert response.status_code == 302
    assert client.post(reverse("dashboard:apply-submit")).status_code == 302
    application = applicant.vendor_applications.get()
    assert application.status == "submitted"
    status_page = client.get(reverse("dashboard:apply")).content.decode()
    assert 'class="application-status"' in status_page
    assert 'action="/nha-san-xuat/dang-ky/gui/"' not in status_page  # nothing left to submit


def test_certificate_recorded_with_its_scan(owner_client, vendor):
    response = owner_client.post(
        reverse("dashboard:certificate-new"),
        {
            "product_name": "Chè Shan tuyết",
            "product_set": product_set().pk,
            "decision_number": "123/QĐ-UBND",
            "decision_date": (timezone.localdate() - datetime.timedelta(days=30)).isoformat(),
            "issuing_body": "UBND tỉnh Sơn La",
            "level": "province",
            "stars": "4",
            "score": "75",
            "document": pdf_upload(),
        },
    )
    assert response.status_code == 302
    page = owner_client.get(reverse("dashboard:certificates")).content.decode()
    assert "123/QĐ-UBND" in page


def test_stock_per_location_marks_low_stock(owner_client, vendor):
    StockFactory(quantity=1, variant__product__vendor=vendor, variant__sku="LOW-1")
    page = owner_client.get(reverse("dashboard:stock")).content.decode()
    assert "LOW-1" in page
    assert 'class="low"' in page


# Session, user, producer, the page's own reads, the two membership checks of the header
# (storefront/base.html) and the nav's count of unanswered reviews: pinned, and the same for
# 1 row as for 11.
QUERIES_PRODUCTS = 7  # + 1 listing query with its variant counts and prices
QUERIES_ORDERS = 9  # + count, parts with order and commune, lines


def test_listing_page_query_count_is_pinned(owner_client, vendor, django_assert_num_queries):
    ProductVariantFactory(product__vendor=vendor)
    owner_client.get(reverse("dashboard:products"))  # the session remembers the producer
    with django_assert_num_queries(QUERIES_PRODUCTS):
        owner_client.get(reverse("dashboard:products"))
    for _ in range(10):
        ProductVariantFactory(product__vendor=vendor)
    with django_assert_num_queries(QUERIES_PRODUCTS):
        page = owner_client.get(reverse("dashboard:products")).content.decode()
    assert page.count('href="/nha-san-xuat/san-pham/') >= 11


def test_orders_page_query_count_is_pinned(owner_client, vendor, django_assert_num_queries):
    place_order(vendor)
    owner_client.get(reverse("dashboard:orders"))
    with django_assert_num_queries(QUERIES_ORDERS):
        owner_client.get(reverse("dashboard:orders"))
    for _ in range(5):
        place_order(vendor)
    with django_assert_num_queries(QUERIES_ORDERS):
        page = owner_client.get(reverse("dashboard:orders")).content.decode()
    assert page.count('class="vendor-order') == 6


def test_a_date_that_cannot_be_read_is_reported_with_the_other_mistakes(owner_client):
    response = owner_client.post(
        reverse("dashboard:certificate-new"),
        {
            "product_name": "Chè",
            "decision_number": "1/QĐ",
            "issuing_body": "UBND tỉnh",
            "decision_date": "31/02/2025",
            "stars": "5",
            "score": "12",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="decision_date-errors"' in page and 'id="score-errors"' in page
    assert 'value="31/02/2025"' in page and 'value="Chè"' in page


def test_a_producer_cancels_an_order_with_a_reason(owner_client, vendor):
    part = place_order(vendor)
    refused = owner_client.post(reverse("dashboard:order-cancel", args=[part.pk]), {"reason": ""})
    assert refused.status_code == 400
    response = owner_client.post(
        reverse("dashboard:order-cancel", args=[part.pk]), {"reason": "Hết hàng"}
    )
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.status == VendorOrder.Status.CANCELLED


def test_the_application_status_shows_the_reviewers_note(client, staff):
    applicant = UserFactory()
    application = submitted_application(applicant)
    application_request_changes(
        application=application, actor=staff, note="Thiếu giấy chứng nhận an toàn thực phẩm"
    )
    client.force_login(applicant)
    page = client.get(reverse("dashboard:apply")).content.decode()
    assert 'class="review-note"' in page
    assert "Thiếu giấy chứng nhận an toàn thực phẩm" in page
    assert 'action="/nha-san-xuat/dang-ky/"' in page  # editable again: the details form
