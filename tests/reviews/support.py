"""Delivered order lines to review, and what the review tests compare."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.core.errors import ServiceError
from orders.models import OrderEvent, OrderLine
from reviews.models import (
    ProductRating,
    ProductReview,
    ReviewEvent,
    ReviewPhoto,
    ReviewReply,
    ReviewReport,
    ReviewVote,
)
from tests.factories import UserFactory
from tests.orders.fulfilment_support import advance, part, place, variant

REVIEW_MODELS = (
    ProductReview,
    ReviewPhoto,
    ReviewEvent,
    ReviewReply,
    ReviewReport,
    ReviewVote,
    ProductRating,
)


def bought(item=None, *, shopper=None, quantity=1, status="delivered") -> OrderLine:
    """The shopper's order line of `item` (a new variant unless given), moved to `status`."""
    item = item or variant(quantity=20)
    shopper = shopper or UserFactory()
    order = place([(item, quantity)], actor=shopper)
    vendor_order = part(order, item)
    if status != "unconfirmed":
        advance(vendor_order, status)
    return OrderLine.objects.select_related("variant__product__vendor").get(
        vendor_order=vendor_order
    )


def delivered_days_ago(line: OrderLine, days: float) -> None:
    OrderEvent.objects.filter(vendor_order_id=line.vendor_order_id, kind="delivered").update(
        created_at=timezone.now() - timedelta(days=days)
    )


def written_days_ago(review: ProductReview, days: float) -> None:
    ProductReview.objects.filter(pk=review.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )


def shopper_of(line: OrderLine):
    return line.vendor_order.order.user


def refused(code, call, **kwargs) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        call(**kwargs)
    assert caught.value.codes == [code], caught.value.errors
    return caught.value


def snapshot(*models):
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in models or REVIEW_MODELS}


def rating_of(product) -> ProductRating:
    return ProductRating.objects.get(product=product)
