"""Reviews of products by verified buyers: one per delivered order line, with photos, the
producer's reply, shoppers' reports and "helpful" votes, and every change as a ReviewEvent.
ProductRating keeps each product's aggregates (published reviews only) and units sold."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

TITLE_MAX_LENGTH = 120
BODY_MAX_LENGTH = 2000


class ProductReview(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        PENDING = "pending", _("Waiting for moderation")
        HIDDEN = "hidden", _("Hidden")

    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    order_line = models.ForeignKey("orders.OrderLine", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="product_reviews"
    )
    # What was bought, for "Đã mua: Hộp 500g" (the variant may change or go later).
    variant_name = models.CharField(_("variant bought"), max_length=255, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"))
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH, blank=True)
    body = models.TextField(_("review"), max_length=BODY_MAX_LENGTH, blank=True)  # plain text
    status = models.CharField(max_length=16, choices=Status.choices, db_index=True)
    helpful_count = models.PositiveIntegerField(default=0)
    report_count = models.PositiveIntegerField(default=0)
    delivered_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("product review")
        verbose_name_plural = _("product reviews")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["order_line"], name="review_one_per_order_line"),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="review_rating_1_to_5"
            ),
        ]
        indexes = [models.Index(fields=["product", "status", "-created_at"])]

    def __str__(self):
        return f"{self.product_id} {self.rating}★ ({self.status})"


def _photo_path(photo, filename):
    return f"reviews/{photo.review_id}/{filename}"


class ReviewPhoto(models.Model):
    review = models.ForeignKey(ProductReview, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        upload_to=_photo_path, max_length=255, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)
    thumbnails = models.JSONField(default=dict, blank=True)  # {"160": "reviews/…-160.webp"}
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.image.name


class ReviewReply(models.Model):
    """The producer's one public answer to a review (editable)."""

    review = models.OneToOneField(ProductReview, on_delete=models.CASCADE, related_name="reply")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("reply"), max_length=BODY_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"reply to {self.review_id}"


class ReviewReport(models.Model):
    review = models.ForeignKey(ProductReview, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "reporter"], name="review_report_once")
        ]

    def __str__(self):
        return f"report of {self.review_id}"


class ReviewVote(models.Model):
    """A "Hữu ích" (helpful) vote."""

    review = models.ForeignKey(ProductReview, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="review_vote_once")]

    def __str__(self):
        return f"vote for {self.review_id}"


class ReviewEvent(models.Model):
    """Every change and every staff decision. Kept when the review is deleted (review null)."""

    class Kind(models.TextChoices):
        CREATED = "created"
        UPDATED = "updated"
        DELETED = "deleted"
        PUBLISHED = "published"
        HIDDEN = "hidden"
        REPORTED = "reported"
        SENT_TO_PENDING = "sent_to_pending"
        REPLIED = "replied"
        REPLY_UPDATED = "reply_updated"

    review = models.ForeignKey(
        ProductReview, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    # The line reviewed, kept after a deletion: a deleted review's line is not reviewed again.
    order_line = models.ForeignKey(
        "orders.OrderLine", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.review_id} {self.kind}"


class ProductRating(models.Model):
    """A product's published-review aggregates, kept in the transaction of each change, and
    its units delivered over the last 12 months (refreshed daily)."""

    product = models.OneToOneField(
        "catalog.Product", on_delete=models.CASCADE, primary_key=True, related_name="review_rating"
    )
    count = models.PositiveIntegerField(default=0)
    average = models.DecimalField(max_digits=2, decimal_places=1, default=0)
    stars_1 = models.PositiveIntegerField(default=0)
    stars_2 = models.PositiveIntegerField(default=0)
    stars_3 = models.PositiveIntegerField(default=0)
    stars_4 = models.PositiveIntegerField(default=0)
    stars_5 = models.PositiveIntegerField(default=0)
    sold_count = models.PositiveIntegerField(default=0)
    sold_count_updated_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.product_id}: {self.average} ({self.count})"

    @property
    def histogram(self) -> dict[int, int]:
        return {stars: getattr(self, f"stars_{stars}") for stars in range(1, 6)}
