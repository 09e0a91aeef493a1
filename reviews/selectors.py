"""Reads of the reviews app."""

from datetime import datetime, timedelta

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from marketplace.core.permissions import is_person
from orders.models import OrderEvent, OrderLine, VendorOrder
from reviews.models import ProductReview, ReviewEvent, ReviewPhoto

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
    if not is_person(user):
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
