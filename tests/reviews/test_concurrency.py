"""Eight submissions of the same review at once (PostgreSQL, real threads): exactly one."""

import pytest

from marketplace.core.errors import ErrorCode, ServiceError
from reviews.models import ProductReview, ReviewEvent
from reviews.services.reviews import review_create
from tests.concurrency import run_in_threads
from tests.reviews.support import bought, rating_of, shopper_of


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_eight_threads_submitting_the_same_review_write_exactly_one():
    line = bought()
    shopper = shopper_of(line)

    def submit():
        return review_create(actor=shopper, order_line=line, rating=4, body="Ngon")

    results = run_in_threads(*[submit for _ in range(8)])

    written = [r for r in results if isinstance(r, ProductReview)]
    refused = [r for r in results if isinstance(r, ServiceError)]
    assert len(written) == 1, results
    assert len(refused) == 7, results
    assert all(r.codes == [ErrorCode.ALREADY_REVIEWED] for r in refused)
    assert ProductReview.objects.filter(order_line=line).count() == 1
    assert ReviewEvent.objects.filter(kind="created").count() == 1
    rating = rating_of(line.variant.product)
    assert (rating.count, rating.average, rating.histogram[4]) == (1, 4, 1)
