"""Reviews on the storefront: the product page's summary, filters and list, the product cards'
numbers, the order page's links, the review form and the helpful and report buttons."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from frontend_templates.numbers import compact_count
from orders.models import OrderLine
from reviews.models import (
    ProductRating,
    ProductReview,
    ReviewPhoto,
    ReviewReport,
    ReviewVote,
)
from reviews.services.feedback import review_reply_save
from reviews.services.reviews import review_create, review_moderate
from search.backends import get_backend
from search.services import rebuild_index
from tests.factories import CertificateFactory, ProductFactory, StaffFactory, UserFactory
from tests.files import pdf_upload, png_upload
from tests.orders.fulfilment_support import advance, member, part, place
from tests.orders.helpers import variant_in_stock
from tests.reviews.support import bought, shopper_of, snapshot, written_days_ago

pytestmark = pytest.mark.django_db


def delivered_lines(product, count, *, shopper=None) -> list[OrderLine]:
    """`count` delivered lines of `product` (one variant each) in one order of `shopper`."""
    shopper = shopper or UserFactory()
    variants = [variant_in_stock(20, product=product, name=f"Hộp {n + 1}00g") for n in range(count)]
    order = place([(v, 1) for v in variants], actor=shopper)
    advance(part(order, variants[0]), "delivered")
    return list(OrderLine.objects.filter(vendor_order__order=order).order_by("pk"))


def review(line, rating=5, **fields):
    return review_create(
        actor=shopper_of(line), order_line=line, rating=rating, **{"body": "Ngon.", **fields}
    )


def page_of(client, product, **query):
    return client.get(reverse("storefront:product", args=[product.slug]), query)


def html(response) -> str:
    return response.content.decode()


def review_ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'<li class="review" id="review-(\d+)">', html(response))]


@pytest.fixture
def product():
    return ProductFactory(name="Chè Shan tuyết", slug="che-shan-tuyet")


# --- the product page -------------------------------------------------------------------------


def test_the_page_shows_the_summary_histogram_reviews_and_the_sellers_reply(client, product):
    lines = delivered_lines(product, 3)
    shopper = shopper_of(lines[0])
    shopper.full_name, shopper.email = "Trần Thị Mai", "mai.private@example.vn"
    shopper.save()
    first = review(lines[0], 5, title="Thơm lắm")
    review(lines[1], 5)
    review(lines[2], 4)
    review_reply_save(actor=member(product.vendor), review=first, body="Cảm ơn chị đã ủng hộ HTX.")

    page = html(page_of(client, product))

    assert '<strong class="rating-number">4,7</strong>' in page  # (5 + 5 + 4) / 3, one decimal
    assert "3 đánh giá" in page
    assert '<meter min="0" max="3" value="2">' in page  # two of five stars
    assert '<meter min="0" max="3" value="1">' in page  # one of four
    assert page.count('<meter min="0" max="3" value="0">') == 3
    assert "Thơm lắm" in page
    assert f"Đã mua: {lines[0].variant_name}" in page
    assert "Trần Thị Mai" in page
    assert "mai.private@example.vn" not in page
    assert "Phản hồi của người bán" in page
    assert "Cảm ơn chị đã ủng hộ HTX." in page
    assert "Hữu ích (0)" in page  # a visitor sees the count, without a button
    assert "/huu-ich/" not in page
    assert '<a href="/tai-khoan/dang-nhap/?next=/san-pham/che-shan-tuyet/">Đăng nhập</a>' in page


def test_a_product_without_reviews_says_so(client, product):
    variant_in_stock(5, product=product)
    page = html(page_of(client, product))
    assert "Chưa có đánh giá" in page
    assert "rating-histogram" not in page


def test_review_text_is_escaped_plain_text_with_line_breaks_and_no_links(client, product):
    (line,) = delivered_lines(product, 1)
    body = "<script>alert(1)</script> <b>đậm</b>\nXem thêm https://lua-dao.example.com/khuyen-mai"
    written = review(line, 5, title="<i>Tiêu đề</i>", body=body)
    assert written.status == ProductReview.Status.PENDING  # a link waits for staff
    review_moderate(actor=StaffFactory(), review=written, action="PUBLISH", reason="Đã xem")

    page = html(page_of(client, product))

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;đậm&lt;/b&gt;<br>Xem thêm" in page
    assert "&lt;i&gt;Tiêu đề&lt;/i&gt;" in page
    assert 'href="https://lua-dao.example.com' not in page
    assert "https://lua-dao.example.com/khuyen-mai" in page  # shown as text


def test_pending_and_hidden_reviews_do_not_show(client, product):
    lines = delivered_lines(product, 2)
    review(lines[0], 5, body="Tốt")
    review(lines[1], 1, body="Gọi 0912 345 678 để mua rẻ")  # a phone number: pending
    page = html(page_of(client, product))
    assert "1 đánh giá" in page
    assert "0912 345 678" not in page


def test_filters_by_stars_and_photos_and_sorts(client, product):
    lines = delivered_lines(product, 4)
    five = review(lines[0], 5)
    four = review(lines[1], 4, photos=[png_upload()])
    two = review(lines[2], 2)
    three = review(lines[3], 3)

    assert review_ids(page_of(client, product, stars="4")) == [four.pk]
    assert review_ids(page_of(client, product, photos="1")) == [four.pk]
    assert review_ids(page_of(client, product, sort="rating_asc")) == [
        two.pk, three.pk, four.pk, five.pk,
    ]  # fmt: skip
    assert review_ids(page_of(client, product, sort="rating_desc")) == [
        five.pk, four.pk, three.pk, two.pk,
    ]  # fmt: skip
    # Unknown values are ignored rather than refused.
    assert len(review_ids(page_of(client, product, stars="9", sort="x"))) == 4

    page = html(page_of(client, product, stars="5"))
    assert 'href="?stars=4#reviews"' in page  # the histogram's rows filter too
    assert 'href="?stars=5&amp;sort=helpful#reviews"' in page  # a sort keeps the filter
    assert 'href="?stars=5&amp;photos=1#reviews"' in page  # "Có hình ảnh" adds to it
    assert "Có hình ảnh" in page and "Hữu ích nhất" in page and "Điểm thấp" in page


def test_the_photo_strip_shows_lazy_thumbnails_with_their_size(client, product):
    (line,) = delivered_lines(product, 1)
    written = review(line, 5, photos=[png_upload(), png_upload("b.png")])
    page = html(page_of(client, product))
    strip = page.split('class="review-photo-strip"')[1].split("</ul>")[0]
    assert strip.count('loading="lazy"') == 2
    assert 'width="80" height="80"' in strip
    thumbnail = written.photos.first().thumbnails["160"]
    assert thumbnail in strip


def test_reviews_are_paginated_ten_a_page_and_page_links_keep_the_filters(client, product):
    lines = delivered_lines(product, 12)
    for line in lines:
        review(line, 5)

    first = page_of(client, product, stars="5")
    second = page_of(client, product, stars="5", page="2")

    assert len(review_ids(first)) == 10
    assert len(review_ids(second)) == 2
    assert set(review_ids(first)).isdisjoint(review_ids(second))
    assert 'href="?stars=5&amp;page=2#reviews"' in html(first)
    assert 'href="?stars=5#reviews"' in html(second)  # back to page 1


def test_the_page_costs_the_same_queries_however_many_reviews(
    client, product, django_assert_max_num_queries
):
    visitor = UserFactory()
    client.force_login(visitor)
    lines = delivered_lines(product, 2)
    for line in lines:
        written = review(line, 4, photos=[png_upload()])
        review_reply_save(actor=member(product.vendor), review=written, body="Cảm ơn.")
    # A warm cache, as in production (the taxonomy and communes around the product).
    page_of(client, product)
    # 16: the product page also looks up its related products (none here)
    with django_assert_max_num_queries(16) as few:
        assert page_of(client, product).status_code == 200

    for line in delivered_lines(product, 10, shopper=UserFactory()):
        written = review(line, 5, photos=[png_upload()])
        review_reply_save(actor=member(product.vendor), review=written, body="Cảm ơn.")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = page_of(client, product)
    assert len(review_ids(response)) == 10


# --- product cards ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        (0, "0"),
        (950, "950"),
        (999, "999"),
        (1000, "1k"),
        (1200, "1,2k"),
        (1299, "1,2k"),  # cut, never more than were sold
        (15300, "15,3k"),
        (999_999, "999,9k"),
        (1_200_000, "1,2tr"),
        (3_000_000_000, "3 tỷ"),
    ],
)
def test_compact_counts_as_vietnamese_shops_write_them(number, shown):
    assert compact_count(number) == shown


def _rated(stars=5, *, count, average, sold):
    certificate = CertificateFactory(stars=stars, score=95, level="central")
    product = ProductFactory(
        vendor=certificate.vendor, certificate=certificate, category=certificate.product_set
    )
    variant_in_stock(5, product=product)
    ProductRating.objects.create(
        product=product, count=count, average=average, stars_5=count, sold_count=sold
    )
    return product


def test_cards_show_the_average_count_and_units_sold(client):
    rated = _rated(count=12, average="4.8", sold=1200)
    unrated = ProductFactory(name="Chưa ai đánh giá")
    variant_in_stock(5, product=unrated)

    page = html(client.get("/"))

    card = page.split(f'href="/san-pham/{rated.slug}/"')[1].split("</article>")[0]
    assert "4,8" in card and "(12)" in card
    assert "Đã bán 1,2k" in card
    assert "Đã bán" not in page.split("Chưa ai đánh giá")[1].split("</article>")[0]


def test_the_listings_cards_carry_ratings_without_a_query_per_card(
    client, settings, django_assert_max_num_queries
):
    settings.SEARCH_BACKEND = "database"
    get_backend.cache_clear()
    try:
        for n in range(6):
            _rated(count=n + 1, average="4.5", sold=15_300)
        rebuild_index()
        with django_assert_max_num_queries(12) as six:
            response = client.get("/san-pham/")
        assert html(response).count("Đã bán 15,3k") == 6
        for n in range(10):
            _rated(count=n + 1, average="4.5", sold=15_300)
        rebuild_index()
        with django_assert_max_num_queries(len(six.captured_queries)):
            response = client.get("/san-pham/")
        assert html(response).count("Đã bán 15,3k") == 16
    finally:
        get_backend.cache_clear()


def test_the_home_page_cards_carry_ratings_without_a_query_per_card(
    client, django_assert_max_num_queries
):
    for _ in range(10):
        _rated(count=3, average="4.0", sold=950)
    # As without ratings, they come in the cards' join: the rows' ids (3), the cards and their
    # pictures, the facet counts, the taxonomy, the provinces (2) and the showrooms; a query
    # per card would be 16 more.
    with django_assert_max_num_queries(10):
        page = html(client.get("/"))
    assert page.count("Đã bán 950") == 16  # two sections of 8


# --- the order page ---------------------------------------------------------------------------


def order_page(client, line):
    return html(client.get(reverse("storefront:order", args=[line.vendor_order.order.token])))


def test_the_order_page_offers_to_review_each_delivered_line(client, product):
    lines = delivered_lines(product, 2)
    client.force_login(shopper_of(lines[0]))

    page = order_page(client, lines[0])

    for line in lines:
        assert f'href="/danh-gia/viet/{line.pk}/"' in page
    assert page.count("Viết đánh giá") == 2


def test_a_written_review_is_offered_for_editing_then_neither_once_its_window_closed(
    client, product
):
    lines = delivered_lines(product, 2)
    written = review(lines[0], 4)
    client.force_login(shopper_of(lines[0]))

    page = order_page(client, lines[0])
    assert f'href="/danh-gia/{written.pk}/sua/"' in page
    assert f'href="/danh-gia/viet/{lines[1].pk}/"' in page

    written_days_ago(written, 31)
    page = order_page(client, lines[0])
    assert "Sửa đánh giá" not in page
    assert f"/danh-gia/viet/{lines[0].pk}/" not in page


def test_no_review_link_for_an_undelivered_line_nor_for_someone_else_with_the_link(client):
    shipped = bought(status="shipped")
    client.force_login(shopper_of(shipped))
    assert "Viết đánh giá" not in order_page(client, shipped)

    delivered = bought()
    client.force_login(UserFactory())  # holds the order's link, is not its shopper
    assert "Viết đánh giá" not in order_page(client, delivered)
    client.logout()
    assert "Viết đánh giá" not in order_page(client, delivered)


# --- the review form --------------------------------------------------------------------------


@pytest.fixture
def line(product):
    return delivered_lines(product, 1)[0]


def write_url(line):
    return reverse("storefront:review-write", args=[line.pk])


def test_the_form_is_a_fieldset_of_five_star_radios(client, line):
    client.force_login(shopper_of(line))
    page = html(client.get(write_url(line)))
    fieldset = page.split('<fieldset class="star-rating"')[1].split("</fieldset>")[0]
    assert "<legend>" in fieldset
    assert fieldset.count('type="radio" name="rating"') == 5
    assert 'enctype="multipart/form-data"' in page
    assert 'name="photos"' in page and "multiple" in page
    assert f"Đã mua: {line.variant_name}" in page


def test_writing_a_review_with_a_photo_lands_on_the_product_page_with_thanks(client, line):
    client.force_login(shopper_of(line))

    response = client.post(
        write_url(line),
        {"rating": "5", "title": "Rất thơm", "body": "Pha nước thứ hai\nvẫn đậm.",
         "photos": [png_upload()]},
    )  # fmt: skip

    written = ProductReview.objects.get(order_line=line)
    assert (written.rating, written.title) == (5, "Rất thơm")
    assert written.body == "Pha nước thứ hai\nvẫn đậm."
    assert ReviewPhoto.objects.filter(review=written).count() == 1
    assert response.status_code == 302
    assert response["Location"] == f"/san-pham/che-shan-tuyet/#review-{written.pk}"
    page = html(client.get(response["Location"]))
    assert "Cảm ơn bạn đã đánh giá" in page
    assert "Pha nước thứ hai<br>vẫn đậm." in page


def test_a_review_held_for_staff_says_it_is_waiting(client, line):
    client.force_login(shopper_of(line))
    response = client.post(write_url(line), {"rating": "4", "body": "Liên hệ 0987 654 321"})
    assert ProductReview.objects.get(order_line=line).status == ProductReview.Status.PENDING
    assert "Đánh giá đang chờ duyệt" in html(client.get(response["Location"]))


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"body": "Ngon"}, "rating", "Hãy chọn từ 1 đến 5 sao."),
        ({"rating": "6", "body": "Ngon"}, "rating", "Hãy chọn từ 1 đến 5 sao."),
        ({"rating": "5", "body": "x" * 2001}, "body", "dài 2001 ký tự"),
        ({"rating": "5", "body": "Ngon", "photos": [pdf_upload()]}, "photos", "Chỉ nhận"),
    ],
)
def test_bad_input_is_shown_on_the_form_and_nothing_is_written(
    client, line, settings, fields, field, message
):
    client.force_login(shopper_of(line))
    before = snapshot()

    response = client.post(write_url(line), fields)

    assert response.status_code == 400
    page = html(response)
    errors = page.split(f'id="{field}-errors"')[1].split("</div>")[0]
    assert message in errors
    assert snapshot() == before
    assert not list((settings.MEDIA_ROOT / "reviews").rglob("*.*"))  # no photo file left
    if "body" in fields and field != "body":
        assert fields["body"] in page  # what was typed is kept


def test_a_second_review_of_the_line_goes_to_the_edit_form(client, line):
    written = review(line, 3)
    client.force_login(shopper_of(line))
    response = client.get(write_url(line))
    assert response["Location"] == reverse("storefront:review-edit", args=[written.pk])


def test_a_line_of_someone_elses_order_is_not_found(client, line):
    client.force_login(UserFactory())
    assert client.get(write_url(line)).status_code == 404
    assert client.post(write_url(line), {"rating": "5"}).status_code == 404
    assert not ProductReview.objects.exists()


def test_the_form_needs_a_login(client, line):
    response = client.get(write_url(line))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_author_edits_the_review(client, line):
    written = review(line, 3, title="Tạm", photos=[png_upload()])
    client.force_login(shopper_of(line))
    url = reverse("storefront:review-edit", args=[written.pk])

    page = html(client.get(url))
    assert 'value="3" checked' in page and 'value="Tạm"' in page

    response = client.post(url, {"rating": "5", "title": "Rất ngon", "body": "Đổi ý."})

    written.refresh_from_db()
    assert (written.rating, written.title) == (5, "Rất ngon")
    assert written.photos.count() == 1  # no new photo chosen: kept
    assert response.status_code == 302


def test_an_edit_after_its_window_shows_the_error_and_changes_nothing(client, line):
    written = review(line, 3)
    written_days_ago(written, 31)
    client.force_login(shopper_of(line))
    response = client.post(
        reverse("storefront:review-edit", args=[written.pk]), {"rating": "5", "body": "Khác"}
    )
    assert response.status_code == 400
    assert "30 ngày" in html(response)
    written.refresh_from_db()
    assert written.rating == 3


def test_the_author_deletes_the_review_with_a_post(client, line):
    written = review(line, 3)
    client.force_login(shopper_of(line))
    url = reverse("storefront:review-delete", args=[written.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response["Location"] == "/san-pham/che-shan-tuyet/#reviews"
    assert not ProductReview.objects.exists()


def test_only_the_author_deletes(client, line):
    written = review(line, 3)
    client.force_login(UserFactory())
    assert client.post(reverse("storefront:review-delete", args=[written.pk])).status_code == 404
    assert ProductReview.objects.filter(pk=written.pk).exists()


# --- helpful and report -----------------------------------------------------------------------


def test_helpful_is_a_post_once_per_user_and_comes_back_to_the_page(client, line):
    written = review(line, 5)
    client.force_login(UserFactory())
    url = reverse("storefront:review-vote", args=[written.pk])
    back = f"/san-pham/che-shan-tuyet/?sort=helpful#review-{written.pk}"

    assert client.get(url).status_code == 405
    response = client.post(url, {"next": back})

    assert response["Location"] == back
    written.refresh_from_db()
    assert written.helpful_count == 1
    page = html(client.get(back))
    assert "Hữu ích (1)" in page and 'disabled aria-pressed="true"' in page

    client.post(url, {"next": back})
    assert ReviewVote.objects.count() == 1
    assert "Bạn đã bấm &quot;Hữu ích&quot; cho đánh giá này rồi." in html(client.get(back))


def test_helpful_needs_a_login_and_goes_nowhere_else(client, line):
    written = review(line, 5)
    url = reverse("storefront:review-vote", args=[written.pk])
    assert client.post(url).status_code == 302
    assert not ReviewVote.objects.exists()
    client.force_login(UserFactory())
    response = client.post(url, {"next": "https://phishing.example.com/"})
    assert response["Location"] == f"/san-pham/che-shan-tuyet/#review-{written.pk}"


def test_a_report_needs_a_reason_and_is_recorded_once(client, line):
    written = review(line, 5)
    reporter = UserFactory()
    client.force_login(reporter)
    url = reverse("storefront:review-report", args=[written.pk])

    response = client.post(url, {"reason": "  "})
    assert not ReviewReport.objects.exists()
    assert "Hãy cho biết" in html(client.get(response["Location"]))

    client.post(url, {"reason": "Quảng cáo"})
    assert list(ReviewReport.objects.values_list("reporter", "reason")) == [
        (reporter.pk, "Quảng cáo")
    ]
    assert client.get(url).status_code == 405


def test_signed_in_shoppers_see_the_buttons_with_csrf(client, line):
    written = review(line, 5)
    client.force_login(UserFactory())
    page = html(page_of(client, line.variant.product))
    assert f'action="/danh-gia/{written.pk}/huu-ich/"' in page
    assert f'action="/danh-gia/{written.pk}/bao-cao/"' in page
    assert 'name="reason"' in page
    assert page.count("csrfmiddlewaretoken") >= 2


def test_my_orders_points_to_the_orders_waiting_for_a_review(client, product):
    (line,) = delivered_lines(product, 1)
    shipped = bought(shopper=shopper_of(line), status="shipped")
    client.force_login(shopper_of(line))

    page = html(client.get(reverse("storefront:my-orders")))

    order, other = line.vendor_order.order, shipped.vendor_order.order
    assert page.count("Viết đánh giá") == 1
    assert f'href="/don-hang/{order.token}/">Viết đánh giá' in page
    assert f'href="/don-hang/{other.token}/">Viết đánh giá' not in page


def test_an_undelivered_line_is_refused_on_the_form_and_nothing_is_written(client):
    shipped = bought(status="shipped")
    client.force_login(shopper_of(shipped))

    response = client.post(write_url(shipped), {"rating": "5", "body": "Ngon"})

    assert response.status_code == 400
    assert "Bạn có thể đánh giá sản phẩm này sau khi đã nhận được hàng." in html(response)
    assert not ProductReview.objects.exists()


def test_the_author_sees_edit_and_delete_on_the_product_page_not_helpful(client, line):
    written = review(line, 5)
    client.force_login(shopper_of(line))
    page = html(page_of(client, line.variant.product))
    assert f'href="/danh-gia/{written.pk}/sua/"' in page
    assert f'action="/danh-gia/{written.pk}/xoa/"' in page
    assert f'action="/danh-gia/{written.pk}/huu-ich/"' not in page


def test_the_buttons_refuse_a_post_without_the_csrf_token(line):
    written = review(line, 5)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(UserFactory())
    for name in ("storefront:review-vote", "storefront:review-report"):
        response = strict.post(reverse(name, args=[written.pk]), {"reason": "Spam"})
        assert response.status_code == 403
    assert not ReviewVote.objects.exists() and not ReviewReport.objects.exists()


def test_an_edit_can_remove_the_photos(client, line):
    written = review(line, 4, photos=[png_upload()])
    client.force_login(shopper_of(line))
    client.post(
        reverse("storefront:review-edit", args=[written.pk]),
        {"rating": "4", "body": "Ngon.", "remove_photos": "1"},
    )
    assert not ReviewPhoto.objects.filter(review=written).exists()
