"""Reads of the reviews app."""

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from orders.models import OrderEvent, OrderLine, VendorOrder
from reviews.models import ProductReview, ReviewEvent, ReviewPhoto, ReviewVote

# A review may be written within this many days of delivery, and edited within this many days
# of writing it.
REVIEW_WINDOW_DAYS = 90
EDIT_WINDOW_DAYS = 30

# The order events that mark a part as received: shipped and delivered, or collected.
DELIVERY_EVENT_KINDS = ("delivered", "handed_over")


def delivered_at_subquery(vendor_order_ref: str = "vendor_order_id") -> Subquery:
    """The time the part of `vendor_order_ref` reached the shopper (its last delivery event)."""
    return Subquery(
        OrderEvent.objects.filter(
            vendor_order_id=OuterRef(vendor_order_ref), kind__in=DELIVERY_EVENT_KINDS
        )
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )


def delivered_at(line: OrderLine) -> datetime | None:
    """When `line`'s part was delivered or handed over; None when it was not (or is no longer,
    after a return)."""
    if line.vendor_order.status != VendorOrder.Status.DELIVERED:
        return None
    return (
        OrderEvent.objects.filter(
            vendor_order_id=line.vendor_order_id, kind__in=DELIVERY_EVENT_KINDS
        )
        .order_by("-created_at", "-pk")
        .values_list("created_at", flat=True)
        .first()
    )


def reviewable_lines(user, *, now: datetime | None = None) -> QuerySet[OrderLine]:
    """The user's delivered order lines still open for a review: delivered within
    REVIEW_WINDOW_DAYS, not reviewed yet (nor reviewed and deleted), of a product still
    listed. Annotated `delivered_at`, newest delivery first."""
    if user is None or not user.is_authenticated:
        return OrderLine.objects.none()
    now = now or timezone.now()
    reviewed = ProductReview.objects.filter(author=user).values("order_line_id")
    deleted = ReviewEvent.objects.filter(actor=user, kind=ReviewEvent.Kind.DELETED).values(
        "order_line_id"
    )
    return (
        OrderLine.objects.filter(
            vendor_order__order__user=user,
            vendor_order__status=VendorOrder.Status.DELIVERED,
            variant__isnull=False,
        )
        .exclude(pk__in=reviewed)
        .exclude(pk__in=deleted)
        .annotate(delivered_at=delivered_at_subquery())
        .filter(delivered_at__gte=now - timedelta(days=REVIEW_WINDOW_DAYS))
        .select_related("variant__product", "vendor_order")
        .order_by("-delivered_at", "-pk")
    )


def published_reviews(product) -> QuerySet[ProductReview]:
    """The product's published reviews, newest first, with photos and the producer's reply."""
    return (
        ProductReview.objects.filter(product=product, status=ProductReview.Status.PUBLISHED)
        .select_related("author", "reply")
        .prefetch_related(Prefetch("photos", queryset=ReviewPhoto.objects.order_by("position")))
    )


# How a product's reviews may be ordered on its page (and the API): newest first by default.
REVIEW_ORDERINGS = {
    "newest": ("-created_at", "-pk"),
    "helpful": ("-helpful_count", "-created_at", "-pk"),
    "rating_desc": ("-rating", "-created_at", "-pk"),
    "rating_asc": ("rating", "-created_at", "-pk"),
}


def product_reviews(
    product, *, stars: int | None = None, with_photos: bool = False, sort: str = "newest"
) -> QuerySet[ProductReview]:
    """The product's published reviews for its page: of `stars` only when given, with photos
    only when asked, in the REVIEW_ORDERINGS order `sort` names (newest for anything else)."""
    reviews = published_reviews(product)
    if stars is not None:
        reviews = reviews.filter(rating=stars)
    if with_photos:
        # EXISTS rather than a join: a review with three photos must stay one row.
        reviews = reviews.filter(Exists(ReviewPhoto.objects.filter(review_id=OuterRef("pk"))))
    return reviews.order_by(*REVIEW_ORDERINGS.get(sort, REVIEW_ORDERINGS["newest"]))


def review_photos(product, *, limit: int) -> list[ReviewPhoto]:
    """The latest photos of the product's published reviews, for the strip above them."""
    return list(
        ReviewPhoto.objects.filter(
            review__product=product, review__status=ProductReview.Status.PUBLISHED
        ).order_by("-review__created_at", "-review_id", "position", "pk")[:limit]
    )


def voted_review_ids(user, review_ids) -> set[int]:
    """Which of `review_ids` the user has already found helpful."""
    if user is None or not user.is_authenticated:
        return set()
    return set(
        ReviewVote.objects.filter(user=user, review_id__in=list(review_ids)).values_list(
            "review_id", flat=True
        )
    )


def review_editable(review: ProductReview, *, now: datetime | None = None) -> bool:
    """Whether its author may still edit it (within EDIT_WINDOW_DAYS of writing it)."""
    return (now or timezone.now()) <= review.created_at + timedelta(days=EDIT_WINDOW_DAYS)


def reviews_of_lines(user, line_ids) -> dict[int, ProductReview]:
    """The user's own reviews of the given order lines, by line id."""
    if user is None or not user.is_authenticated:
        return {}
    reviews = ProductReview.objects.filter(author=user, order_line_id__in=list(line_ids))
    return {review.order_line_id: review for review in reviews}
