"""The producer's reviews page in the dashboard: its reviews, filters and the reply form."""

import re

import pytest
from django.urls import reverse

from reviews.models import ProductReview, ReviewEvent, ReviewReply
from reviews.services.feedback import review_reply_save
from reviews.services.reviews import review_create, review_moderate
from tests.factories import StaffFactory, VendorMemberFactory
from tests.files import png_upload
from tests.orders.fulfilment_support import variant
from tests.reviews.support import bought, shopper_of, snapshot

pytestmark = pytest.mark.django_db
URL = "/nha-san-xuat/danh-gia/"


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


def reviewed(vendor, rating=5, body="Chè thơm, đóng gói cẩn thận", **fields):
    line = bought(variant(vendor=vendor, quantity=20))
    return review_create(
        actor=shopper_of(line), order_line=line, rating=rating, body=body, **fields
    )


def reply_url(review):
    return reverse("dashboard:review-reply", args=[review.pk])


def articles(html):
    return re.findall(r'<article class="producer-review[^"]*" id="review-(\d+)"', html)


def test_the_page_lists_published_and_pending_reviews_but_not_hidden_nor_others(
    owner_client, vendor, settings
):
    settings.REVIEW_BANNED_WORDS = ["lừa đảo"]
    published = reviewed(vendor, 4, "Ngon, giao nhanh")
    pending = reviewed(vendor, 1, "Shop lừa đảo")
    hidden = reviewed(vendor, 2, "Dở")
    review_moderate(actor=StaffFactory(), review=hidden, action="HIDE", reason="Xúc phạm")
    elsewhere = reviewed(VendorMemberFactory().vendor, 5, "Của nhà khác")

    html = owner_client.get(URL).content.decode()

    assert articles(html) == [str(pending.pk), str(published.pk)]  # newest first
    assert "Ngon, giao nhanh" in html and "Shop lừa đảo" in html
    assert html.count("Chờ kiểm duyệt: khách hàng chưa thấy đánh giá này") == 1
    assert html.count("Đang hiển thị trên trang sản phẩm") == 1
    assert "Dở" not in html and "Của nhà khác" not in html
    assert str(elsewhere.pk) not in articles(html)
    assert html.count("Gửi phản hồi") == 2
    assert 'name="body"' in html
    # The producer answers; it gets no way to change or hide the review itself.
    forms = re.findall(r'<form method="post" action="([^"]+)"', html)
    assert sorted(forms) == sorted([reply_url(published), reply_url(pending)])


def test_the_nav_counts_the_reviews_waiting_for_a_reply(owner_client, vendor, owner):
    first, second = reviewed(vendor), reviewed(vendor, 3)
    html = owner_client.get(reverse("dashboard:home")).content.decode()
    nav = re.search(r'<a href="([^"]+)" class="nav-reviews">(.*?)</a>', html)
    assert nav.group(1) == URL + "?show=unanswered"
    assert '<span class="badge">2' in nav.group(2)

    review_reply_save(actor=owner, review=first, body="Cảm ơn anh chị")
    review_reply_save(actor=owner, review=second, body="Xin lỗi anh chị")
    html = owner_client.get(reverse("dashboard:home")).content.decode()
    nav = re.search(r'<a href="([^"]+)" class="nav-reviews">(.*?)</a>', html)
    assert nav.group(1) == URL and "badge" not in nav.group(2)


def test_filters_unanswered_and_by_stars(owner_client, vendor, owner):
    answered = reviewed(vendor, 5, "Rất ngon")
    review_reply_save(actor=owner, review=answered, body="Cảm ơn")
    waiting_five = reviewed(vendor, 5, "Ngon")
    waiting_two = reviewed(vendor, 2, "Hơi ngọt")

    unanswered = owner_client.get(URL, {"show": "unanswered"}).content.decode()
    assert articles(unanswered) == [str(waiting_two.pk), str(waiting_five.pk)]
    five = owner_client.get(URL, {"stars": "5"}).content.decode()
    assert articles(five) == [str(waiting_five.pk), str(answered.pk)]
    both = owner_client.get(URL, {"stars": "5", "show": "unanswered"}).content.decode()
    assert articles(both) == [str(waiting_five.pk)]
    assert articles(owner_client.get(URL, {"stars": "9"}).content.decode()) == articles(
        owner_client.get(URL).content.decode()
    )  # not a number of stars: no filter
    assert (
        "Bạn đã phản hồi mọi đánh giá"
        in owner_client.get(URL, {"show": "unanswered", "stars": "1"}).content.decode()
    )


def test_pages_keep_the_filters(owner_client, vendor, monkeypatch):
    monkeypatch.setattr("frontend_templates.dashboard.reviews.PAGE_SIZE", 2)
    reviews = [reviewed(vendor, 4) for _ in range(3)]
    first = owner_client.get(URL, {"stars": "4"}).content.decode()
    assert articles(first) == [str(reviews[2].pk), str(reviews[1].pk)]
    assert 'href="?stars=4&amp;page=2"' in first
    second = owner_client.get(URL, {"stars": "4", "page": "2"}).content.decode()
    assert articles(second) == [str(reviews[0].pk)]
    assert 'href="?stars=4"' in second


def test_the_producer_replies_then_edits_its_reply(owner_client, vendor, owner):
    review = reviewed(vendor, 3, "Hơi mặn")

    response = owner_client.post(
        reply_url(review), {"body": "Cảm ơn góp ý, lần sau sẽ nhạt hơn", "show": "unanswered"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{URL}?show=unanswered#review-{review.pk}"
    reply = ReviewReply.objects.get(review=review)
    assert (reply.body, reply.author) == ("Cảm ơn góp ý, lần sau sẽ nhạt hơn", owner)
    event = ReviewEvent.objects.get(review=review, kind=ReviewEvent.Kind.REPLIED)
    assert event.actor == owner
    after = owner_client.get(response["Location"]).content.decode()
    assert "Đã lưu phản hồi của bạn cho đánh giá của" in after  # it left the unanswered list
    assert str(review.pk) not in articles(after)
    html = owner_client.get(URL).content.decode()
    assert "Cảm ơn góp ý, lần sau sẽ nhạt hơn" in html and "Cập nhật phản hồi" in html
    assert "Gửi phản hồi" not in html

    owner_client.post(reply_url(review), {"body": "Đã đổi công thức"})

    reply.refresh_from_db()
    assert reply.body == "Đã đổi công thức"
    assert ReviewReply.objects.filter(review=review).count() == 1
    assert ReviewEvent.objects.filter(review=review, kind="reply_updated").count() == 1
    review.refresh_from_db()
    assert (review.rating, review.body, review.status) == (3, "Hơi mặn", "published")


def test_an_empty_or_too_long_reply_is_shown_with_its_error_and_nothing_is_written(
    owner_client, vendor
):
    review = reviewed(vendor)
    before = snapshot()

    empty = owner_client.post(reply_url(review), {"body": "   "})
    assert empty.status_code == 400
    html = empty.content.decode()
    assert "Hãy viết nội dung phản hồi." in html and 'aria-invalid="true"' in html
    assert f'aria-describedby="reply-{review.pk}-errors"' in html

    too_long = owner_client.post(reply_url(review), {"body": "x" * 2001})
    assert too_long.status_code == 400
    html = too_long.content.decode()
    assert "2001" in html and "x" * 2001 in html  # what was typed is kept
    assert snapshot() == before


def test_another_producer_cannot_reply_and_nothing_is_written(client, vendor):
    review = reviewed(vendor)
    before = snapshot()
    client.force_login(VendorMemberFactory().user)  # the owner of another producer

    assert client.post(reply_url(review), {"body": "Hàng nhà tôi tốt hơn"}).status_code == 404
    assert snapshot() == before


def test_a_member_without_the_listing_role_or_a_hidden_review_is_refused(client, vendor):
    review = reviewed(vendor)
    client.force_login(VendorMemberFactory(vendor=vendor, role="staff").user)
    assert client.post(reply_url(review), {"body": "Cảm ơn"}).status_code == 403

    review_moderate(actor=StaffFactory(), review=review, action="HIDE", reason="Spam")
    client.force_login(VendorMemberFactory(vendor=vendor).user)
    assert client.post(reply_url(review), {"body": "Cảm ơn"}).status_code == 404
    assert client.post(reverse("dashboard:review-reply", args=[999_999])).status_code == 404
    assert not ReviewReply.objects.exists()


def test_the_reply_form_is_a_post_for_logged_in_people(client, vendor):
    review = reviewed(vendor)
    response = client.post(reply_url(review), {"body": "Cảm ơn"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(VendorMemberFactory(vendor=vendor).user)
    assert client.get(reply_url(review)).status_code == 405
    assert not ReviewReply.objects.exists()


# Session, user, producer, the two membership checks of the header, the nav's count, the
# page's count, the reviews with product/author/reply, their photos: the same for 1 as for 6.
QUERIES_REVIEWS = 9


def test_the_reviews_page_query_count_is_pinned(
    owner_client, vendor, owner, django_assert_num_queries
):
    review_reply_save(actor=owner, review=reviewed(vendor, photos=[png_upload()]), body="OK")
    owner_client.get(URL)  # the session remembers the producer
    with django_assert_num_queries(QUERIES_REVIEWS):
        owner_client.get(URL)
    for rating in range(1, 6):
        review_reply_save(
            actor=owner, review=reviewed(vendor, rating, photos=[png_upload()]), body="OK"
        )
    with django_assert_num_queries(QUERIES_REVIEWS):
        html = owner_client.get(URL).content.decode()
    assert len(articles(html)) == 6
    assert html.count('class="review-photos"') == 6
    assert ProductReview.objects.count() == 6


def test_a_review_is_shown_as_plain_text(owner_client, vendor):
    reviewed(vendor, 2, '<script>alert("x")</script> <b>dở</b>\nDòng hai', title="<i>Tệ</i>")
    html = owner_client.get(URL).content.decode()
    assert "<script>alert" not in html and "<b>dở</b>" not in html and "<i>Tệ</i>" not in html
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;b&gt;dở&lt;/b&gt;"
    assert f"{escaped}<br>Dòng hai" in html
