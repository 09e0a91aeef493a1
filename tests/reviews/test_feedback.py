"""Reports, "Hữu ích" votes, the producer's reply and staff moderation."""

import pytest
from django.test import override_settings

from marketplace.core.errors import ErrorCode
from reviews.models import ProductReview, ReviewEvent, ReviewReply, ReviewReport, ReviewVote
from reviews.selectors import published_reviews
from reviews.services.feedback import review_reply_save, review_report, review_vote
from reviews.services.reviews import review_create, review_moderate, review_update
from tests.factories import StaffFactory, UserFactory, VendorFactory
from tests.orders.fulfilment_support import member
from tests.reviews.support import bought, rating_of, refused, shopper_of, snapshot

pytestmark = pytest.mark.django_db
S = ProductReview.Status


@pytest.fixture
def review():
    line = bought()
    return review_create(actor=shopper_of(line), order_line=line, rating=5, body="Rất ngon")


def test_three_reports_send_a_published_review_back_to_staff(review):
    assert rating_of(review.product).count == 1
    for _ in range(2):
        review = review_report(actor=UserFactory(), review=review, reason="Nói sai sự thật")
        assert review.status == S.PUBLISHED
    review = review_report(actor=UserFactory(), review=review, reason="Quảng cáo")
    assert review.status == S.PENDING
    assert list(published_reviews(review.product)) == []
    rating = rating_of(review.product)
    assert (rating.count, rating.average, rating.histogram[5]) == (0, 0, 0)
    assert ReviewEvent.objects.filter(review=review, kind="sent_to_pending").count() == 1
    assert ReviewReport.objects.filter(review=review).count() == 3


@override_settings(REVIEW_REPORTS_TO_PENDING=1)
def test_the_threshold_is_a_setting(review):
    assert review_report(actor=UserFactory(), review=review, reason="Spam").status == S.PENDING


def test_a_shopper_reports_once_and_never_their_own(review):
    reporter = UserFactory()
    review_report(actor=reporter, review=review, reason="Spam")
    before = snapshot()
    refused(ErrorCode.INVALID, review_report, actor=reporter, review=review, reason="Spam")
    refused(
        ErrorCode.PERMISSION_DENIED, review_report, actor=review.author, review=review, reason="x"
    )
    refused(ErrorCode.PERMISSION_DENIED, review_report, actor=None, review=review, reason="x")
    refused(ErrorCode.REQUIRED, review_report, actor=UserFactory(), review=review, reason=" ")
    assert snapshot() == before


def test_helpful_votes_once_per_user_not_on_ones_own(review):
    voter = UserFactory()
    assert review_vote(actor=voter, review=review).helpful_count == 1
    assert review_vote(actor=UserFactory(), review=review).helpful_count == 2
    before = snapshot()
    refused(ErrorCode.INVALID, review_vote, actor=voter, review=review)
    refused(ErrorCode.PERMISSION_DENIED, review_vote, actor=review.author, review=review)
    refused(ErrorCode.PERMISSION_DENIED, review_vote, actor=None, review=review)
    assert snapshot() == before
    review.refresh_from_db()
    assert review.helpful_count == ReviewVote.objects.filter(review=review).count() == 2


def test_the_producer_replies_once_and_edits_the_reply(review):
    owner = member(review.product.vendor, role="owner")
    manager = member(review.product.vendor, role="manager")
    reply = review_reply_save(actor=owner, review=review, body="Cảm ơn anh chị!")
    again = review_reply_save(actor=manager, review=review, body="Cảm ơn anh chị đã ủng hộ!")
    assert again.pk == reply.pk
    assert ReviewReply.objects.get(review=review).body == "Cảm ơn anh chị đã ủng hộ!"
    assert [e.kind for e in ReviewEvent.objects.filter(review=review)][-2:] == [
        "replied",
        "reply_updated",
    ]
    shown = published_reviews(review.product).get()
    assert shown.reply.body == "Cảm ơn anh chị đã ủng hộ!"


def test_another_producer_or_a_staff_member_of_the_vendor_cannot_reply(review):
    before = snapshot()
    for actor in (
        member(VendorFactory(), role="owner"),
        member(review.product.vendor, role="staff"),
        UserFactory(),
        review.author,
    ):
        refused(
            ErrorCode.PERMISSION_DENIED, review_reply_save, actor=actor, review=review, body="Hi"
        )
    assert snapshot() == before


def test_staff_hide_with_a_reason_and_publish_again(review):
    staff = StaffFactory()
    refused(
        ErrorCode.REQUIRED, review_moderate, actor=staff, review=review, action="HIDE", reason=""
    )
    review = review_moderate(actor=staff, review=review, action="HIDE", reason="Xúc phạm")
    assert review.status == S.HIDDEN
    assert rating_of(review.product).count == 0
    event = ReviewEvent.objects.filter(review=review).last()
    assert (event.kind, event.actor, event.reason) == ("hidden", staff, "Xúc phạm")
    review = review_moderate(actor=staff, review=review, action="PUBLISH", reason="Đã xem lại")
    assert review.status == S.PUBLISHED
    assert rating_of(review.product).count == 1


def test_a_producer_cannot_moderate(review):
    owner = member(review.product.vendor)
    before = snapshot()
    for action in ("HIDE", "PUBLISH"):
        refused(
            ErrorCode.PERMISSION_DENIED,
            review_moderate,
            actor=owner,
            review=review,
            action=action,
            reason="Không thích",
        )
    assert snapshot() == before


def test_an_edit_does_not_undo_staffs_hiding(review):
    review = review_moderate(actor=StaffFactory(), review=review, action="HIDE", reason="Spam")
    review = review_update(actor=review.author, review=review, body="Rất ngon, giao nhanh")
    assert review.status == S.PENDING


def test_an_edit_does_not_undo_the_reports(review):
    for _ in range(3):
        review = review_report(actor=UserFactory(), review=review, reason="Spam")
    review = review_update(actor=review.author, review=review, body="Sửa lại")
    assert review.status == S.PENDING


def test_pending_reviews_are_published_by_staff():
    line = bought()
    review = review_create(actor=shopper_of(line), order_line=line, rating=2, body="gọi 0987654321")
    assert review.status == S.PENDING
    review_moderate(actor=StaffFactory(), review=review, action="PUBLISH", reason="")
    rating = rating_of(review.product)
    assert (rating.count, rating.average, rating.histogram[2]) == (1, 2, 1)
