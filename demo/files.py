"""The demo's files: every document, scan and image its rows point at exists on disk.

A database kept while the media folders were not (a fresh clone next to an old db.sqlite3, a
restore without the volume) leaves rows whose files are gone; running seed_demo again draws
them anew at the paths the rows name."""

from django.core.files.base import ContentFile

from catalog.models import ProductMedia
from catalog.services.media import make_thumbnails, write_thumbnails
from demo.images import product_image, review_photo, scanned_document
from reviews.models import ReviewPhoto
from vendors.models import ApplicationDocument, OcopCertificate


def _missing(field_file) -> bool:
    return bool(field_file) and not field_file.storage.exists(field_file.name)


def _rewrite(instance, field_name: str, upload) -> None:
    """Write `upload` where the row's file should be (the same name, as it is free now)."""
    field_file = getattr(instance, field_name)
    name = field_file.storage.save(field_file.name, ContentFile(upload.read()))
    if name != field_file.name:
        type(instance).objects.filter(pk=instance.pk).update(**{field_name: name})


def repair_files(*, applicant_ids, vendor_ids, reviewer_ids=()) -> int:
    """Draw again the missing files of the demo's applications (by applicant), producers and
    reviews (by author); returns how many files were written."""
    written = 0
    documents = ApplicationDocument.objects.filter(
        application__applicant_id__in=applicant_ids
    ).select_related("application")
    for document in documents:
        if _missing(document.file):
            title = f"Giấy chứng nhận đăng ký – {document.application.legal_name}"
            _rewrite(document, "file", scanned_document(title))
            written += 1
    for certificate in OcopCertificate.objects.filter(vendor_id__in=vendor_ids):
        if _missing(certificate.document):
            title = f"Quyết định công nhận OCOP – {certificate.product_name}"
            _rewrite(certificate, "document", scanned_document(title))
            written += 1
    images = ProductMedia.objects.filter(product__vendor_id__in=vendor_ids).select_related(
        "product__category"
    )
    for media in images:
        storage = media.image.storage
        if _missing(media.image):
            _rewrite(media, "image", product_image(media.product.name, media.product.category.code))
            media.refresh_from_db()
            written += 1
        lost = [name for name in media.thumbnails.values() if not storage.exists(name)]
        if lost or not media.thumbnails:
            media.thumbnails = make_thumbnails(media=media)
            media.save(update_fields=["thumbnails"])
            written += len(lost) or len(media.thumbnails)
    return written + _repair_review_photos(reviewer_ids)


def _repair_review_photos(reviewer_ids) -> int:
    written = 0
    photos = ReviewPhoto.objects.filter(review__author_id__in=reviewer_ids).select_related(
        "review__product"
    )
    for photo in photos:
        if _missing(photo.image):
            _rewrite(photo, "image", review_photo(photo.review.product.name, photo.position))
            photo.refresh_from_db()
            written += 1
        lost = [n for n in photo.thumbnails.values() if not photo.image.storage.exists(n)]
        if lost or not photo.thumbnails:
            photo.thumbnails = write_thumbnails(
                image=photo.image,
                name_pattern=f"reviews/{photo.review_id}/thumbs/{photo.pk}-{{size}}.webp",
            )
            photo.save(update_fields=["thumbnails"])
            written += len(lost) or len(photo.thumbnails)
    return written
