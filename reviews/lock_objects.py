"""Row locks of the reviews app, in one place (as Saleor's lock_objects): every query that
locks rows for a transaction is here.

Every change that can move a product's aggregates first locks the product's ProductRating
row, then the review: so the reviews of one product change one at a time (two submissions of
the same order line wait for each other, and the aggregates are recomputed in turn)."""

from reviews.models import ProductRating, ProductReview


def lock_product_rating(product_id: int) -> ProductRating:
    """The product's aggregates row, created if missing, then re-read under its row lock."""
    ProductRating.objects.get_or_create(product_id=product_id)
    return ProductRating.objects.select_for_update().get(product_id=product_id)


def lock_review(review) -> ProductReview:
    """The review, re-read under its row lock (after its product's rating row, when both)."""
    return (
        ProductReview.objects.select_for_update(of=("self",))
        .select_related("product")
        .get(pk=review.pk)
    )
