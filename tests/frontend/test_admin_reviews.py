"""The staff's moderation queue of reviews in the Django admin, over `review_moderate`."""

import pytest
from django.urls import reverse

from reviews.models import ProductReview, ReviewEvent
from reviews.services.feedback import review_report
from reviews.services.reviews import review_create, review_moderate
from tests.factories import UserFactory, VendorMemberFactory
from tests.reviews.support import bought, rating_of, shopper_of, snapshot

pytestmark = pytest.mark.django_db
S = ProductReview.Status
CHANGELIST = reverse("admin:reviews_productreview_changelist")


def written(rating=5, body="Mật ong thơm, đặc", **fields):
    line = bought()
    return review_create(actor=shopper_of(line), order_line=line, rating=rating, body=body)


@pytest.fixture
def held(settings):
    """A review held for staff by its phone number."""
    return written(2, "Gọi 0912 345 678 để mua rẻ hơn")


def decide(review, action):
    return reverse("admin:reviews_productreview_decide", args=[review.pk, action])


def test_the_queue_opens_on_pending_reviews_with_their_reason(admin_client, held):
    shown = written(5, "Rất ngon")

    queue = admin_client.get(CHANGELIST).content.decode()

    assert "Gọi 0912 345 678" in queue and "Rất ngon" not in queue
    assert f'formaction="{decide(held, "publish")}"' in queue
    assert f'formaction="{decide(held, "hide")}"' in queue
    everything = admin_client.get(CHANGELIST, {"queue": "all"}).content.decode()
    assert "Rất ngon" in everything and "Đang hiển thị" in everything
    assert "Đang bán" not in everything  # a listing's word, not a review's
    hidden = admin_client.get(CHANGELIST, {"queue": "all", "status": "hidden"}).content.decode()
    assert "Rất ngon" not in hidden and "Đã ẩn" in hidden
    page = admin_client.get(
        reverse("admin:reviews_productreview_change", args=[held.pk])
    ).content.decode()
    assert "có số điện thoại" in page  # why the text checks held it
    assert 'name="body"' not in page and 'name="rating"' not in page  # nothing to edit
    assert (
        admin_client.get(CHANGELIST, {"q": "Rất ngon"})
        .content.decode()
        .count(f"/{shown.pk}/change/")
    )


def test_publishing_asks_for_a_reason_then_writes_the_event_and_moves_the_aggregates(
    admin_client, staff, held
):
    assert rating_of(held.product).count == 0
    before = snapshot()

    form = admin_client.post(decide(held, "publish"))

    assert form.status_code == 200 and 'name="note"' in form.content.decode()
    assert snapshot() == before  # nothing decided yet

    response = admin_client.post(
        decide(held, "publish"), {"apply": "1", "note": "Số của cửa hàng, không phải quảng cáo"}
    )

    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == S.PUBLISHED
    event = ReviewEvent.objects.get(review=held, kind=ReviewEvent.Kind.PUBLISHED)
    assert (event.actor, event.reason) == (staff, "Số của cửa hàng, không phải quảng cáo")
    rating = rating_of(held.product)
    assert (rating.count, rating.average) == (1, 2)


def test_hiding_selected_reviews_from_the_list_goes_through_the_service(admin_client, staff):
    reviews = [written(1, "Tệ"), written(5, "Quá tuyệt")]
    ids = [review.pk for review in reviews]

    form = admin_client.post(CHANGELIST, {"action": "hide", "_selected_action": ids})
    assert form.status_code == 200 and 'name="note"' in form.content.decode()
    admin_client.post(
        CHANGELIST,
        {"action": "hide", "_selected_action": ids, "apply": "1", "note": "Đánh giá ảo"},
    )

    for review in reviews:
        review.refresh_from_db()
        assert review.status == S.HIDDEN
        event = ReviewEvent.objects.get(review=review, kind=ReviewEvent.Kind.HIDDEN)
        assert (event.actor, event.reason) == (staff, "Đánh giá ảo")
        assert rating_of(review.product).count == 0


def test_staff_cannot_add_edit_or_delete_reviews_in_the_admin(admin_client, held):
    change = reverse("admin:reviews_productreview_change", args=[held.pk])
    before = snapshot()
    admin_client.post(change, {"rating": "5", "body": "Sửa hộ", "status": "published"})
    assert admin_client.get(reverse("admin:reviews_productreview_add")).status_code == 403
    delete = reverse("admin:reviews_productreview_delete", args=[held.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    admin_client.post(CHANGELIST, {"action": "delete_selected", "_selected_action": [held.pk]})
    assert snapshot() == before


def test_a_producer_or_a_shopper_cannot_reach_the_moderation(client, held):
    before = snapshot()
    for person in (VendorMemberFactory(vendor=held.product.vendor).user, UserFactory()):
        client.force_login(person)
        for response in (
            client.get(CHANGELIST),
            client.post(decide(held, "hide"), {"apply": "1", "note": "Xấu"}),
            client.post(
                CHANGELIST,
                {"action": "hide", "_selected_action": [held.pk], "apply": "1", "note": "Xấu"},
            ),
        ):
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("admin:login"))
    assert snapshot() == before


def test_the_reported_filter_shows_reports_since_the_last_decision(admin_client, staff):
    reported = written(4, "Bình thường")
    review_report(actor=UserFactory(), review=reported, reason="Không đúng sự thật")
    quiet = written(5, "Rất ngon")
    url = {"reported": "new", "queue": "all"}

    assert "Bình thường" in (page := admin_client.get(CHANGELIST, url).content.decode())
    assert "Rất ngon" not in page
    review_moderate(actor=staff, review=reported, action="PUBLISH", reason="Đã kiểm tra")
    assert "Bình thường" not in admin_client.get(CHANGELIST, url).content.decode()
    ever = admin_client.get(CHANGELIST, {"reported": "any", "queue": "all"}).content.decode()
    assert "Bình thường" in ever and "Rất ngon" not in ever
    never = admin_client.get(CHANGELIST, {"reported": "none", "queue": "all"}).content.decode()
    assert "Rất ngon" in never and str(quiet.pk) in never


def test_the_admin_home_counts_pending_and_reported_reviews(admin_client, staff, held):
    written(3, "Tạm được")
    for body in ("Ổn", "Ngon"):
        review_report(actor=UserFactory(), review=written(4, body), reason="Spam")
    decided = written(4, "Được")
    review_report(actor=UserFactory(), review=decided, reason="Spam")
    review_moderate(actor=staff, review=decided, action="PUBLISH", reason="Không sao")

    html = admin_client.get(reverse("admin:index")).content.decode()

    pending = f'<a href="{CHANGELIST}?queue=pending">Đánh giá sản phẩm chờ kiểm duyệt</a>'
    reported = f'<a href="{CHANGELIST}?reported=new&amp;queue=all">Đánh giá sản phẩm bị báo cáo</a>'
    assert pending in html and reported in html
    after_pending = html.split(pending, 1)[1]
    assert after_pending.split("</tr>", 1)[0].count("<strong>1</strong>") == 1
    after_reported = html.split(reported, 1)[1]
    assert after_reported.split("</tr>", 1)[0].count("<strong>2</strong>") == 1
    assert admin_client.get(f"{CHANGELIST}?reported=new&queue=all").status_code == 200


def test_the_queue_reads_the_same_number_of_queries_for_1_or_6_reviews(admin_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(CHANGELIST, {"queue": "all"}).status_code == 200
        return len(captured)

    written(4)
    admin_client.get(CHANGELIST)
    one = queries()
    for rating in range(1, 6):
        written(rating)
    assert queries() == one
    assert one <= QUERIES_QUEUE, one


# Session, user, the row counts and the page of reviews with their product and author: the
# same whatever the number of rows.
QUERIES_QUEUE = 6
