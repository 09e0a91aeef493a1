"""What others do with a review: shoppers report it or find it helpful; its producer replies.

A report is made once per shopper; the REVIEW_REPORTS_TO_PENDING-th report sends a published
review back to staff (PENDING), out of the aggregates. A producer (owner or manager of the
product's vendor) replies once and may edit the reply, but never touches the review."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from marketplace.core.errors import ErrorCode, PermissionDeniedError, ServiceError
from marketplace.core.permissions import require_authenticated
from reviews.events import record_event
from reviews.lock_objects import lock_product_rating, lock_review
from reviews.models import (
    ProductReview,
    ReviewEvent,
    ReviewReply,
    ReviewReport,
    ReviewVote,
)
from reviews.services.ratings import product_rating_refresh
from reviews.text_checks import clean_reply
from vendors.access import require_vendor_role

S = ProductReview.Status


def review_report(*, actor, review: ProductReview, reason: str) -> ProductReview:
    require_authenticated(actor)
    if review.author_id == actor.pk:
        raise PermissionDeniedError(_("You cannot report your own review."))
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError.single(ErrorCode.REQUIRED, _("Say what is wrong with it."), "reason")
    if len(reason) > 500:
        raise ServiceError.single(
            ErrorCode.INVALID, _("Keep the reason under 500 characters."), "reason"
        )
    with transaction.atomic():
        product_rating = lock_product_rating(review.product_id)
        review = lock_review(review)
        if ReviewReport.objects.filter(review=review, reporter=actor).exists():
            raise _once(_("You have already reported this review."), "review")
        ReviewReport.objects.create(review=review, reporter=actor, reason=reason)
        review.report_count += 1
        fields = ["report_count"]
        record_event(review, ReviewEvent.Kind.REPORTED, actor, reason=reason)
        if (
            review.status == S.PUBLISHED
            and review.report_count == settings.REVIEW_REPORTS_TO_PENDING
        ):
            review.status = S.PENDING
            fields.append("status")
            record_event(
                review, ReviewEvent.Kind.SENT_TO_PENDING, None, reports=review.report_count
            )
        review.save(update_fields=[*fields, "updated_at"])
        if "status" in fields:
            product_rating_refresh(rating=product_rating)
    return review


def review_vote(*, actor, review: ProductReview) -> ProductReview:
    """A "Hữu ích" vote: once per signed-in user, never on one's own review."""
    require_authenticated(actor)
    if review.author_id == actor.pk:
        raise PermissionDeniedError(_("You cannot vote for your own review."))
    with transaction.atomic():
        review = lock_review(review)
        if review.status != S.PUBLISHED:
            raise ServiceError.single(ErrorCode.INVALID, _("This review is not published."))
        try:
            with transaction.atomic():
                ReviewVote.objects.create(review=review, user=actor)
        except IntegrityError:
            raise _once(_("You have already found this review helpful."), "review") from None
        ProductReview.objects.filter(pk=review.pk).update(helpful_count=F("helpful_count") + 1)
        review.refresh_from_db(fields=["helpful_count"])
    return review


def review_reply_save(*, actor, review: ProductReview, body: str) -> ReviewReply:
    """The producer's reply: written once, then edited."""
    review = ProductReview.objects.select_related("product__vendor").get(pk=review.pk)
    require_vendor_role(actor, review.product.vendor, allow_staff=False)
    body = clean_reply(body)
    with transaction.atomic():
        review = lock_review(review)
        reply = ReviewReply.objects.filter(review=review).first()
        if reply is None:
            reply = ReviewReply.objects.create(review=review, author=actor, body=body)
            record_event(review, ReviewEvent.Kind.REPLIED, actor)
        else:
            before = reply.body
            reply.body, reply.author = body, actor
            reply.save(update_fields=["body", "author", "updated_at"])
            record_event(review, ReviewEvent.Kind.REPLY_UPDATED, actor, before=before)
    return reply


def _once(message, field) -> ServiceError:
    return ServiceError.single(ErrorCode.INVALID, message, field)
