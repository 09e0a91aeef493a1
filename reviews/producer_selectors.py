"""Reads of the reviews of a producer's products, for its dashboard.

The producer sees the reviews shoppers can see (published) and those waiting for staff
(pending), with their status, so that it can answer a complaint before it is published. A
review staff hid is out of its hands: not listed, not counted."""

from django.db.models import Prefetch, QuerySet

from reviews.models import ProductReview, ReviewPhoto

S = ProductReview.Status
VISIBLE_TO_PRODUCER = (S.PUBLISHED, S.PENDING)


def vendor_reviews(
    vendor, *, unanswered: bool = False, stars: int | None = None
) -> QuerySet[ProductReview]:
    """The producer's reviews, newest first, with product, author, reply and photos; only
    those without a reply when `unanswered`, only those of `stars` when given."""
    reviews = ProductReview.objects.filter(product__vendor=vendor, status__in=VISIBLE_TO_PRODUCER)
    if unanswered:
        reviews = reviews.filter(reply__isnull=True)
    if stars is not None:
        reviews = reviews.filter(rating=stars)
    return (
        reviews.select_related("product", "author", "reply")
        .prefetch_related(Prefetch("photos", queryset=ReviewPhoto.objects.order_by("position")))
        .order_by("-created_at", "-pk")
    )


def unanswered_count(vendor) -> int:
    """How many of the producer's reviews wait for its reply (the dashboard's nav badge)."""
    return ProductReview.objects.filter(
        product__vendor=vendor, status__in=VISIBLE_TO_PRODUCER, reply__isnull=True
    ).count()


def answerable_review(pk: int) -> ProductReview | None:
    """The review a producer may answer (published or pending), with its product's producer
    to check the member against; None when there is none (or staff hid it)."""
    return (
        ProductReview.objects.filter(pk=pk, status__in=VISIBLE_TO_PRODUCER)
        .select_related("product__vendor", "author", "reply")
        .first()
    )
