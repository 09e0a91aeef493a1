"""Writing a review's ReviewEvent (every change and every decision, with its actor)."""

from reviews.models import ProductReview, ReviewEvent


def record_event(review: ProductReview, kind: str, actor, *, reason: str = "", **data):
    return ReviewEvent.objects.create(
        review=review,
        product_id=review.product_id,
        order_line_id=review.order_line_id,
        kind=kind,
        actor=actor if actor is not None and actor.is_authenticated else None,
        reason=reason,
        data=data,
    )
