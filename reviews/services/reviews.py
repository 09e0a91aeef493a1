"""Writing, editing, deleting and moderating a product review.

Only the shopper whose order line was delivered writes its review, once, within
REVIEW_WINDOW_DAYS of the delivery, and edits it within EDIT_WINDOW_DAYS of writing it. The
text is checked: too long is refused; phone numbers, links and banned words hold it for staff
(PENDING), else it is published at once. Every change is a ReviewEvent and recomputes the
product's aggregates in the same transaction, under the product's rating lock."""

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageOps

from catalog.services.media import write_thumbnails
from marketplace.core.errors import ErrorCode, PermissionDeniedError, ServiceError
from marketplace.core.files import check_image
from marketplace.core.permissions import is_staff, require_authenticated, require_staff
from marketplace.outbox.events import Event, emit
from orders.models import OrderLine
from reviews.events import record_event
from reviews.lock_objects import lock_product_rating, lock_review
from reviews.models import ProductReview, ReviewEvent, ReviewPhoto
from reviews.selectors import EDIT_WINDOW_DAYS, REVIEW_WINDOW_DAYS, delivered_at
from reviews.services.ratings import product_rating_refresh
from reviews.text_checks import clean_rating, clean_text, hold_reasons

MAX_PHOTOS = 5
S = ProductReview.Status


def review_create(
    *, actor, order_line: OrderLine, rating, title: str = "", body: str = "", photos=()
) -> ProductReview:
    require_authenticated(actor)
    line = OrderLine.objects.select_related("vendor_order__order", "variant").get(pk=order_line.pk)
    if line.vendor_order.order.user_id != actor.pk:
        raise PermissionDeniedError(_("Only the shopper who bought this can review it."))
    rating = clean_rating(rating)
    title, body = clean_text(title=title, body=body)
    checked = _check_photos(photos)
    received_at = delivered_at(line)
    if received_at is None:
        raise ServiceError.single(
            ErrorCode.NOT_DELIVERED,
            _("You can review this product once it has been delivered to you."),
            "order_line",
        )
    if line.variant is None:
        raise ServiceError.single(
            ErrorCode.INVALID, _("This product is no longer listed."), "order_line"
        )
    if timezone.now() > received_at + timedelta(days=REVIEW_WINDOW_DAYS):
        raise ServiceError.single(
            ErrorCode.WINDOW_CLOSED,
            _("Reviews can be written within %(days)s days of delivery.")
            % {"days": REVIEW_WINDOW_DAYS},
            "order_line",
        )
    reasons = hold_reasons(title=title, body=body)
    written: list[str] = []
    try:
        with transaction.atomic():
            product_rating = lock_product_rating(line.variant.product_id)
            if _reviewed_before(line):
                raise _already_reviewed()
            try:
                with transaction.atomic():
                    review = ProductReview.objects.create(
                        product_id=line.variant.product_id,
                        order_line=line,
                        author=actor,
                        variant_name=line.variant_name,
                        rating=rating,
                        title=title,
                        body=body,
                        status=S.PENDING if reasons else S.PUBLISHED,
                        delivered_at=received_at,
                    )
            except IntegrityError:  # the unique constraint: a review written meanwhile
                raise _already_reviewed() from None
            _save_photos(review, checked, written)
            record_event(review, ReviewEvent.Kind.CREATED, actor, held_for=reasons, rating=rating)
            if review.status == S.PUBLISHED:
                emit(Event.REVIEW_PUBLISHED, review_id=review.pk)
            product_rating_refresh(rating=product_rating)
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    return review


def review_update(
    *, actor, review: ProductReview, rating=None, title=None, body=None, photos=None
) -> ProductReview:
    """The author edits (None leaves a field as it is; `photos` replaces them all)."""
    require_authenticated(actor)
    if review.author_id != actor.pk:
        raise PermissionDeniedError(_("Only the author can edit a review."))
    if timezone.now() > review.created_at + timedelta(days=EDIT_WINDOW_DAYS):
        raise ServiceError.single(
            ErrorCode.WINDOW_CLOSED,
            _("A review can be edited within %(days)s days of writing it.")
            % {"days": EDIT_WINDOW_DAYS},
        )
    new_rating = review.rating if rating is None else clean_rating(rating)
    title, body = clean_text(
        title=review.title if title is None else title,
        body=review.body if body is None else body,
    )
    checked = None if photos is None else _check_photos(photos)
    reasons = hold_reasons(title=title, body=body)
    written: list[str] = []
    removed: list[str] = []
    try:
        with transaction.atomic():
            product_rating = lock_product_rating(review.product_id)
            review = lock_review(review)
            before = {"rating": review.rating, "title": review.title, "body": review.body}
            was_published = review.status == S.PUBLISHED
            review.rating, review.title, review.body = new_rating, title, body
            review.status = _status_after_edit(review, reasons)
            review.save(update_fields=["rating", "title", "body", "status", "updated_at"])
            if checked is not None:
                for photo in review.photos.all():
                    removed += [photo.image.name, *photo.thumbnails.values()]
                review.photos.all().delete()
                _save_photos(review, checked, written)
            record_event(review, ReviewEvent.Kind.UPDATED, actor, held_for=reasons, before=before)
            if review.status == S.PUBLISHED and not was_published:
                emit(Event.REVIEW_PUBLISHED, review_id=review.pk)
            product_rating_refresh(rating=product_rating)
            transaction.on_commit(lambda: _delete_files(removed))
    except BaseException:
        _delete_files(written)
        raise
    return review


def review_delete(*, actor, review: ProductReview) -> None:
    """The author (or staff) deletes a review; its event stays, without the review."""
    require_authenticated(actor)
    if review.author_id != actor.pk and not is_staff(actor):
        raise PermissionDeniedError(_("Only the author can delete a review."))
    with transaction.atomic():
        product_rating = lock_product_rating(review.product_id)
        review = lock_review(review)
        names = [n for p in review.photos.all() for n in [p.image.name, *p.thumbnails.values()]]
        record_event(review, ReviewEvent.Kind.DELETED, actor, rating=review.rating)
        review.delete()
        product_rating_refresh(rating=product_rating)
        transaction.on_commit(lambda: _delete_files(names))


MODERATION_ACTIONS = {"PUBLISH": S.PUBLISHED, "HIDE": S.HIDDEN}


def review_moderate(*, actor, review: ProductReview, action: str, reason: str) -> ProductReview:
    """Staff publish or hide a review, saying why (the reason is required to hide)."""
    require_staff(actor)
    if action not in MODERATION_ACTIONS:
        raise ServiceError.single(ErrorCode.INVALID, _("Choose publish or hide."), "action")
    reason = (reason or "").strip()
    if len(reason) > 500:
        raise ServiceError.single(
            ErrorCode.INVALID, _("Keep the reason under 500 characters."), "reason"
        )
    if action == "HIDE" and not reason:
        raise ServiceError.single(ErrorCode.REQUIRED, _("Say why the review is hidden."), "reason")
    with transaction.atomic():
        product_rating = lock_product_rating(review.product_id)
        review = lock_review(review)
        if action == "PUBLISH" and review.status != S.PUBLISHED:
            emit(Event.REVIEW_PUBLISHED, review_id=review.pk)
        review.status = MODERATION_ACTIONS[action]
        review.save(update_fields=["status", "updated_at"])
        kind = ReviewEvent.Kind.PUBLISHED if action == "PUBLISH" else ReviewEvent.Kind.HIDDEN
        record_event(review, kind, actor, reason=reason)
        product_rating_refresh(rating=product_rating)
    return review


def _status_after_edit(review: ProductReview, reasons: list[str]) -> str:
    """Held text waits for staff; a review staff hid, or reports sent to them, stays with
    them; otherwise an edit is published at once."""
    if reasons or review.status == S.HIDDEN:
        return S.PENDING
    if review.status == S.PENDING and _held_by_reports(review):
        return S.PENDING
    return S.PUBLISHED


def _held_by_reports(review: ProductReview) -> bool:
    last = (
        review.events.filter(
            kind__in=[
                ReviewEvent.Kind.SENT_TO_PENDING,
                ReviewEvent.Kind.PUBLISHED,
                ReviewEvent.Kind.HIDDEN,
            ]
        )
        .order_by("-pk")
        .first()
    )
    return last is not None and last.kind == ReviewEvent.Kind.SENT_TO_PENDING


def _reviewed_before(line: OrderLine) -> bool:
    """A review of the line exists, or was deleted by its author (no second review, which
    would also reopen the edit window)."""
    return (
        ProductReview.objects.filter(order_line=line).exists()
        or ReviewEvent.objects.filter(
            order_line=line, kind=ReviewEvent.Kind.DELETED, actor_id=line.vendor_order.order.user_id
        ).exists()
    )


def _already_reviewed() -> ServiceError:
    return ServiceError.single(
        ErrorCode.ALREADY_REVIEWED, _("You have already reviewed this purchase."), "order_line"
    )


def _check_photos(photos) -> list:
    photos = list(photos or ())
    if len(photos) > MAX_PHOTOS:
        raise ServiceError.single(
            ErrorCode.INVALID,
            ngettext(
                "A review has at most %(n)s photo.",
                "A review has at most %(n)s photos.",
                MAX_PHOTOS,
            )
            % {"n": MAX_PHOTOS},
            "photos",
        )
    checked = [(upload, check_image(upload, field="photos")) for upload in photos]
    return [(_without_metadata(upload, info), info) for upload, info in checked]


_PILLOW_FORMATS = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}
# What a re-encoded photo keeps of the original's metadata: how to show its colours.
_KEPT_INFO = ("icc_profile", "transparency")


def _without_metadata(upload, info) -> ContentFile:
    """The photo re-encoded from its pixels, turned upright: the original is published too,
    and a phone's EXIF carries where (GPS) and when it was taken, and with what."""
    upload.seek(0)
    with Image.open(upload) as original:
        upright = ImageOps.exif_transpose(original)
        upright.info = {key: original.info[key] for key in _KEPT_INFO if key in original.info}
        options = {"exif": b""} if info.extension == "png" else {"exif": b"", "quality": 90}
        buffer = io.BytesIO()
        upright.save(buffer, _PILLOW_FORMATS[info.extension], **options)
    upload.seek(0)
    # Named: Django reads the dimensions of an unnamed file as none.
    return ContentFile(buffer.getvalue(), name=f"photo.{info.extension}")


def _save_photos(review: ProductReview, checked: list, written: list[str]) -> None:
    for position, (content, info) in enumerate(checked):
        photo = ReviewPhoto(review=review, position=position)
        photo.image.save(f"photo.{info.extension}", content, save=False)
        written.append(photo.image.name)
        photo.save()
        photo.thumbnails = write_thumbnails(
            image=photo.image,
            name_pattern=f"reviews/{review.pk}/thumbs/{photo.pk}-{{size}}.webp",
            written=written,
        )
        photo.save(update_fields=["thumbnails"])


def _delete_files(names) -> None:
    for name in names:
        if name:
            default_storage.delete(name)
