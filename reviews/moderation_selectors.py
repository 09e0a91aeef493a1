"""Reads of the staff's moderation queue: what waits for a decision."""

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from reviews.models import ProductReview, ReviewEvent, ReviewReport

S = ProductReview.Status
DECISION_KINDS = (ReviewEvent.Kind.PUBLISHED, ReviewEvent.Kind.HIDDEN)


def newly_reported(reviews: QuerySet[ProductReview] | None = None) -> QuerySet[ProductReview]:
    """The reviews (of `reviews`, else all) reported since staff last decided on them, and
    not hidden: a review staff looked at and published again leaves the queue until the next
    report."""
    reviews = ProductReview.objects.all() if reviews is None else reviews
    last_decision = Subquery(
        ReviewEvent.objects.filter(review=OuterRef("pk"), kind__in=DECISION_KINDS)
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    reported_since = ReviewReport.objects.filter(
        review=OuterRef("pk"), created_at__gt=OuterRef("last_decision")
    )
    return (
        reviews.exclude(status=S.HIDDEN)
        .filter(report_count__gt=0)
        .annotate(last_decision=last_decision)
        .filter(Q(last_decision__isnull=True) | Q(Exists(reported_since)))
    )
