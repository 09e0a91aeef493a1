"""Kept aggregates agree with a rebuild from scratch; units sold over the last 12 months."""

import random
from decimal import Decimal

import pytest

from reviews.models import ProductRating, ProductReview
from reviews.services.feedback import review_report
from reviews.services.ratings import product_ratings_rebuild, sold_counts_refresh
from reviews.services.reviews import review_create, review_delete, review_moderate, review_update
from reviews.tasks import refresh_sold_counts
from tests.factories import StaffFactory, UserFactory
from tests.orders.fulfilment_support import variant
from tests.reviews.support import bought, delivered_days_ago, rating_of, shopper_of

pytestmark = pytest.mark.django_db

FIELDS = ("count", "average", "stars_1", "stars_2", "stars_3", "stars_4", "stars_5")


def kept():
    return {r["product_id"]: r for r in ProductRating.objects.values("product_id", *FIELDS)}


def test_the_average_is_rounded_to_one_decimal():
    tea = variant(quantity=20)
    for stars in (5, 4, 4):
        line = bought(tea)
        review_create(actor=shopper_of(line), order_line=line, rating=stars)
    rating = rating_of(tea.product)
    assert (rating.count, rating.average) == (3, Decimal("4.3"))
    assert rating.histogram == {1: 0, 2: 0, 3: 0, 4: 2, 5: 1}


def test_a_rebuild_agrees_with_what_was_kept_after_a_random_mix():
    rng = random.Random(13)
    staff = StaffFactory()
    items = [variant(quantity=50) for _ in range(3)]
    reviews = []
    for _ in range(40):
        op = rng.choice(["create", "create", "update", "delete", "hide", "publish", "report"])
        if op == "create" or not reviews:
            line = bought(rng.choice(items))
            body = rng.choice(["Ngon", "gọi 0912345678", "Tốt"])
            reviews.append(
                review_create(
                    actor=shopper_of(line), order_line=line, rating=rng.randint(1, 5), body=body
                )
            )
            continue
        review = rng.choice(reviews)
        review.refresh_from_db()
        if op == "update":
            review_update(actor=review.author, review=review, rating=rng.randint(1, 5))
        elif op == "delete":
            review_delete(actor=review.author, review=review)
            reviews.remove(review)
        elif op in ("hide", "publish"):
            review_moderate(actor=staff, review=review, action=op.upper(), reason="Kiểm tra")
        else:
            review_report(actor=UserFactory(), review=review, reason="Spam")
    assert ProductReview.objects.filter(status="published").exists()
    before = kept()
    ProductRating.objects.update(count=99, average=1, stars_3=7)
    product_ratings_rebuild()
    assert kept() == before
    for product_id, row in before.items():
        published = ProductReview.objects.filter(product_id=product_id, status="published")
        assert row["count"] == published.count()


def test_sold_count_counts_units_delivered_over_the_last_12_months():
    tea = variant(quantity=50)
    recent = bought(tea, quantity=3)
    bought(tea, quantity=2)
    old = bought(tea, quantity=7)
    delivered_days_ago(old, 366)
    bought(tea, quantity=5, status="shipped")  # not delivered yet
    delivered_days_ago(recent, 200)
    assert refresh_sold_counts() == 1
    assert rating_of(tea.product).sold_count == 5
    assert sold_counts_refresh() == 1  # idempotent
    assert rating_of(tea.product).sold_count == 5


def test_the_daily_job_is_scheduled():
    from django.conf import settings

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "reviews.tasks.refresh_sold_counts" in tasks
