"""A shopper's order reaches her (the producer marks it delivered in the dashboard); she writes
a review with a photo from the order page; the producer replies in the dashboard; the product
page shows the new average and the reply, and the search results the new average."""

import re

import pytest

from orders.services.complete import checkout_complete
from reviews.models import ProductRating, ProductReview, ReviewReply
from reviews.services.reviews import review_create
from search.backends import get_backend
from search.services import rebuild_index
from tests.browser.helpers import log_in
from tests.factories import UserFactory, VendorFactory, VendorMemberFactory, commune
from tests.files import image_bytes
from tests.orders.fulfilment_support import advance, part
from tests.orders.helpers import ready_checkout
from tests.reviews.support import bought, shopper_of
from tests.search.catalogue import CON_MINH, listing

PASSWORD = "mat-khau-demo-2025"
PRODUCT = "Miến dong Bắc Kạn"


@pytest.fixture
def page_language():
    # The shop's Vietnamese wording is still being written; its English msgids are stable.
    return "en"


def person(**fields):
    user = UserFactory(**fields)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def shipped(settings):
    """A product with one 3-star review, and Lan's order of it, shipped by its producer."""
    settings.SEARCH_BACKEND = "database"
    get_backend.cache_clear()
    producer = VendorFactory(name="HTX Nông sản Côn Minh", commune=commune(CON_MINH))
    owner = person(full_name="Hoàng Văn Chủ")
    VendorMemberFactory(vendor=producer, user=owner, role="owner")
    product = listing(producer, PRODUCT, origin=CON_MINH, category="I.3.b", stars=4,
                      prices=(60_000,), stock=(20,))  # fmt: skip
    variant = product.variants.get()
    earlier = bought(variant)
    review_create(actor=shopper_of(earlier), order_line=earlier, rating=3, body="Tạm được")
    lan = person(full_name="Nguyễn Thị Lan", email="lan@example.vn")
    checkout = ready_checkout([(variant, 2)], actor=lan, email=lan.email)
    order = checkout_complete(actor=lan, checkout=checkout, payment_method="COD").order
    advance(part(order, variant), "shipped", actor=owner)
    rebuild_index()
    yield {"owner": owner, "lan": lan, "order": order, "product": product}
    get_backend.cache_clear()


def test_a_delivered_order_is_reviewed_with_a_photo_and_answered(
    phone_page, desktop_page, shot, shipped, tmp_path
):
    shop, office = phone_page, desktop_page
    order, product = shipped["order"], shipped["product"]

    # The producer marks the part delivered from its dashboard.
    log_in(office, shipped["owner"].email, PASSWORD, "/nha-san-xuat/don-hang/")
    office.get_by_role("heading", name=re.compile(order.number)).wait_for()
    card = office.locator("article.vendor-order", has_text=order.number)
    with office.expect_navigation():
        card.get_by_role("button", name="Mark as delivered").click()
    assert office.get_by_role("link", name=re.compile("^Reviews")).count() == 1
    shot(office, "producer-delivered")

    # Lan opens her order and writes a review with a photo.
    log_in(shop, shipped["lan"].email, PASSWORD, f"/don-hang/{order.token}/")
    shop.get_by_role("heading", name=f"Order {order.number}", level=1).wait_for()
    shot(shop, "order-delivered")
    shop.get_by_role("link", name=re.compile("^Write a review")).click()
    shop.get_by_role("heading", name="Write a review", level=1).wait_for()
    shop.get_by_label(re.compile(r"\b5 stars$")).check()
    shop.get_by_label("Title of your review").fill("Sợi dai, không bị nát")
    shop.get_by_label("Your review", exact=True).fill("Nấu canh rất ngon, đóng gói cẩn thận.")
    photo = tmp_path / "mien.jpg"
    photo.write_bytes(image_bytes("JPEG", size=(640, 480)))
    shop.get_by_label(re.compile("^Photos")).set_input_files(str(photo))
    shot(shop, "review-form")
    with shop.expect_navigation():
        shop.get_by_role("button", name="Send the review").click()
    review = ProductReview.objects.get(author=shipped["lan"])
    assert (review.rating, review.status, review.photos.count()) == (5, "published", 1)
    assert shop.locator(f"#review-{review.pk}").is_visible()
    shot(shop, "review-published")

    # The producer sees it waiting for a reply, and answers.
    office.goto("/nha-san-xuat/")
    nav = office.get_by_role("link", name=re.compile("^Reviews"))
    assert re.search(r"\b2\b", nav.inner_text())  # both reviews wait for a reply
    nav.click()
    item = office.locator(f"#review-{review.pk}")
    item.get_by_text("Nấu canh rất ngon").wait_for()
    assert item.locator(".review-photos img").count() == 1
    item.get_by_label(re.compile("^Your reply")).fill("Cảm ơn chị Lan đã ủng hộ HTX!")
    shot(office, "producer-replies")
    with office.expect_navigation():
        item.get_by_role("button", name="Send reply").click()
    assert ReviewReply.objects.get(review=review).body == "Cảm ơn chị Lan đã ủng hộ HTX!"
    # The unanswered list, now without it: the message says the reply went out.
    status = office.locator("main [role=status]").first  # the back offices' message area
    assert "Your reply to Nguyễn Thị Lan's review of Miến dong Bắc Kạn is saved." in (
        status.inner_text()
    )
    assert office.locator(f"#review-{review.pk}").count() == 0
    shot(office, "producer-replied")
    office.get_by_role("link", name="All", exact=True).click()
    answered = office.locator(f"#review-{review.pk}")
    assert answered.get_by_role("button", name="Update reply").is_visible()
    assert "Cảm ơn chị Lan" in answered.locator(".review-reply").inner_text()

    # The product page shows the new average (3 and 5: 4.0 from 2 reviews) and the reply.
    shop.goto(f"/san-pham/{product.slug}/")
    summary = shop.locator(".rating-summary")
    assert summary.locator(".rating-number").inner_text() == "4.0"
    assert "2 reviews" in summary.inner_text()
    mine = shop.locator(f"#review-{review.pk}")
    assert "Cảm ơn chị Lan đã ủng hộ HTX!" in mine.locator(".review-reply").inner_text()
    assert mine.locator(".review-photos img").count() == 1
    shot(shop, "product-page")
    rating = ProductRating.objects.get(product=product)
    assert (rating.count, str(rating.average)) == (2, "4.0")

    # And the search results' card.
    shop.goto("/")
    shop.get_by_role("combobox", name="Search products").fill("mien dong")
    shop.get_by_role("button", name="Search", exact=True).click()
    shop.get_by_role("heading", name=re.compile("mien dong"), level=1).wait_for()
    card = shop.locator("article.product-card", has_text=PRODUCT)
    assert "4.0 out of 5 from 2 reviews" in card.locator(".card-rating").inner_text()
    shot(shop, "search-results")
