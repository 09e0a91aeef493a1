"""Each product's rating aggregates (published reviews only) and units sold.

`product_rating_refresh` is called in the transaction of every review change, under the
product's rating lock; `product_ratings_rebuild` recomputes every product from scratch (it
must agree with what was kept); `sold_counts_refresh` is the daily job.

Search documents carry the average, the count and the units sold: whatever changes them marks
the products for reindexing in the same transaction (`Product.mark_for_reindex`, one UPDATE
and one outbox message however many products), as the catalogue's services do."""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from catalog.models import Product
from orders.models import OrderLine, VendorOrder
from reviews.models import ProductRating, ProductReview
from reviews.selectors import delivered_at_subquery

SOLD_COUNT_DAYS = 365
REINDEX_BATCH = 1000  # products marked per UPDATE (and outbox message)
WRITE_BATCH = 500  # rating rows per INSERT or UPDATE of the daily sold counts
SEARCHED_FIELDS = ("count", "average", "sold_count")  # what search documents carry


def _aggregates(reviews) -> dict[int, dict]:
    """{product_id: fields of ProductRating} from published `reviews`."""
    rows = (
        reviews.filter(status=ProductReview.Status.PUBLISHED)
        .values("product_id", "rating")
        .annotate(n=Count("pk"))
    )
    result: dict[int, dict] = {}
    for row in rows:
        fields = result.setdefault(row["product_id"], {f"stars_{s}": 0 for s in range(1, 6)})
        fields[f"stars_{row['rating']}"] = row["n"]
    for fields in result.values():
        count = sum(fields[f"stars_{s}"] for s in range(1, 6))
        total = sum(s * fields[f"stars_{s}"] for s in range(1, 6))
        fields["count"] = count
        fields["average"] = (Decimal(total) / count).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return result


def _empty() -> dict:
    return {"count": 0, "average": Decimal("0.0"), **{f"stars_{s}": 0 for s in range(1, 6)}}


def product_rating_refresh(*, rating: ProductRating) -> ProductRating:
    """Recompute the (locked) product's aggregates from its published reviews."""
    fields = _aggregates(ProductReview.objects.filter(product_id=rating.product_id)).get(
        rating.product_id, _empty()
    )
    searched = [getattr(rating, name) for name in SEARCHED_FIELDS]
    for name, value in fields.items():
        setattr(rating, name, value)
    rating.save(update_fields=[*fields, "updated_at"])
    if [getattr(rating, name) for name in SEARCHED_FIELDS] != searched:
        Product.mark_for_reindex([rating.product_id])
    return rating


def _mark_for_reindex(product_ids) -> None:
    product_ids = sorted(product_ids)
    for start in range(0, len(product_ids), REINDEX_BATCH):
        Product.mark_for_reindex(product_ids[start : start + REINDEX_BATCH])


def product_ratings_rebuild() -> int:
    """Recompute every product's aggregates and units sold from scratch; returns how many
    products have a rating row."""
    with transaction.atomic():
        kept = _aggregates(ProductReview.objects.all())
        for product_id in set(ProductReview.objects.values_list("product_id", flat=True)):
            ProductRating.objects.get_or_create(product_id=product_id)
        changed = []
        for rating in ProductRating.objects.all():
            fields = kept.get(rating.product_id, _empty())
            if (rating.count, rating.average) != (fields["count"], fields["average"]):
                changed.append(rating.product_id)
            ProductRating.objects.filter(pk=rating.pk).update(**fields, updated_at=timezone.now())
        _mark_for_reindex(changed)
    sold_counts_refresh()
    return ProductRating.objects.count()


def sold_counts_refresh(*, now=None) -> int:
    """Units on delivered order lines over the last 12 months, per product; returns how many
    products sold something."""
    now = now or timezone.now()
    sold = dict(
        OrderLine.objects.filter(
            vendor_order__status=VendorOrder.Status.DELIVERED, variant__isnull=False
        )
        .annotate(delivered_at=delivered_at_subquery())
        .filter(delivered_at__gte=now - timedelta(days=SOLD_COUNT_DAYS))
        .values("variant__product_id")
        .annotate(units=Sum("quantity"))
        .values_list("variant__product_id", "units")
    )
    with transaction.atomic():
        before = dict(ProductRating.objects.values_list("product_id", "sold_count"))
        ProductRating.objects.bulk_create(
            [ProductRating(product_id=pk) for pk in sold if pk not in before],
            batch_size=WRITE_BATCH,
            ignore_conflicts=True,  # a review's refresh may have made the row meanwhile
        )
        # Only what changed is written and reindexed, in bulk: a daily run over thousands of
        # products costs a few statements and outbox messages, not some per product.
        changed = {
            pk: sold.get(pk, 0) for pk in {*before, *sold} if sold.get(pk, 0) != before.get(pk, 0)
        }
        ProductRating.objects.bulk_update(
            [
                ProductRating(product_id=pk, sold_count=units, sold_count_updated_at=now)
                for pk, units in sorted(changed.items())
            ],
            ["sold_count", "sold_count_updated_at"],
            batch_size=WRITE_BATCH,
        )
        ProductRating.objects.filter(sold_count__gt=0).update(sold_count_updated_at=now)
        _mark_for_reindex(changed)
    return len(sold)
