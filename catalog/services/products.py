"""Listing products: create, edit, submit for review, moderate, archive.

draft -> pending review -> published | rejected; a rejected product can be fixed and submitted
again; anything but an archived product can be archived. Producers (owners and managers) edit
their own products; staff moderate.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.lock_objects import lock_product, lock_product_with_vendor
from catalog.models import Category, Product
from catalog.validators import normalize_gtin
from marketplace.core.cleaning import clean_fields
from marketplace.core.errors import ErrorCode, FieldError, ServiceError
from marketplace.core.html import sanitize_html
from marketplace.core.permissions import require_staff
from marketplace.core.slugs import save_with_unique_slug
from marketplace.core.statistics_cache import statistics_changed
from marketplace.core.transitions import record_transition, require_transition
from marketplace.geography.models import Commune
from marketplace.outbox.events import Event, emit
from vendors.access import require_vendor_role
from vendors.models import OcopCertificate

Status = Product.Status

_PRODUCER_MOVES = {
    Status.DRAFT: {Status.PENDING_REVIEW, Status.ARCHIVED},
    Status.REJECTED: {Status.PENDING_REVIEW, Status.ARCHIVED},
    Status.PENDING_REVIEW: {Status.ARCHIVED},
    Status.PUBLISHED: {Status.ARCHIVED},
    Status.ARCHIVED: {Status.DRAFT},
}
_MODERATION_MOVES = {Status.PENDING_REVIEW: {Status.PUBLISHED, Status.REJECTED}}
EDITABLE_FIELDS = (
    "name",
    "category",
    "description",
    "origin_commune",
    "certificate",
    "season_months",
    "gtin",
    "batch",
)
MAX_BATCH_LENGTH = 100
# What the programme statistics group or filter a published product by.
STATISTICS_FIELDS = {"certificate", "category", "origin_commune"}


def product_create(*, vendor, actor, name: str, category, **fields) -> Product:
    """A draft product of `vendor`. Its origin defaults to the producer's commune."""
    require_vendor_role(actor, vendor)
    cleaned = _clean(vendor, {"name": name, "category": category, **fields})
    cleaned.setdefault("origin_commune", vendor.commune)
    _check_certificate(cleaned.get("certificate"), cleaned["category"])
    season_months = cleaned.pop("season_months", None)
    with transaction.atomic():
        product = Product(vendor=vendor, **cleaned)
        product.season_months = season_months or []
        save_with_unique_slug(product, product.name)
        product.events.create(to_status=Status.DRAFT, actor=actor)
        Product.mark_for_reindex([product])
    return product


def product_update(*, product, actor, **fields) -> Product:
    require_vendor_role(actor, product.vendor)
    cleaned = _clean(product.vendor, fields)
    with transaction.atomic():
        product = lock_product(product)
        if product.status == Status.ARCHIVED:
            raise ServiceError.single(
                ErrorCode.INVALID_TRANSITION,
                _("Restore an archived product before editing it."),
                "status",
            )
        for field, value in cleaned.items():
            setattr(product, field, value)
        # Only when the link changes: a certificate revoked after it was attached must not stop
        # the producer from editing the description (the badge already disappeared).
        if {"certificate", "category"} & set(cleaned):
            _check_certificate(product.certificate, product.category)
        if "name" in cleaned:
            save_with_unique_slug(product, product.name)
        else:
            product.save()
        Product.mark_for_reindex([product])
        if product.status == Status.PUBLISHED and STATISTICS_FIELDS & set(cleaned):
            statistics_changed()
        if product.status == Status.PUBLISHED:
            emit(Event.PRODUCT_UPDATED, product_id=product.pk)
    return product


def product_submit_for_review(*, product, actor) -> Product:
    require_vendor_role(actor, product.vendor)
    with transaction.atomic():
        product = lock_product_with_vendor(product)
        require_transition(product, Status.PENDING_REVIEW, _PRODUCER_MOVES)
        _require_listable(product)
        return _move(product, Status.PENDING_REVIEW, actor)


def product_approve(*, product, actor, note: str = "") -> Product:
    require_staff(actor)
    with transaction.atomic():
        product = lock_product_with_vendor(product)
        require_transition(product, Status.PUBLISHED, _MODERATION_MOVES)
        _require_listable(product)
        product.published_at = product.published_at or timezone.now()
        product.review_note = (note or "").strip()
        emit(Event.PRODUCT_PUBLISHED, product_id=product.pk)
        return _move(product, Status.PUBLISHED, actor, note=product.review_note)


def product_reject(*, product, actor, note: str) -> Product:
    require_staff(actor)
    if not (note or "").strip():
        raise ServiceError.single(
            ErrorCode.REQUIRED, _("Tell the producer why, in a note."), "note"
        )
    with transaction.atomic():
        product = lock_product_with_vendor(product)
        require_transition(product, Status.REJECTED, _MODERATION_MOVES)
        product.review_note = note.strip()
        return _move(product, Status.REJECTED, actor, note=product.review_note)


def product_archive(*, product, actor, note: str = "") -> Product:
    require_vendor_role(actor, product.vendor)
    with transaction.atomic():
        product = lock_product_with_vendor(product)
        require_transition(product, Status.ARCHIVED, _PRODUCER_MOVES)
        return _move(product, Status.ARCHIVED, actor, note=note)


def product_restore(*, product, actor) -> Product:
    """Bring an archived product back as a draft; it goes through review again."""
    require_vendor_role(actor, product.vendor)
    with transaction.atomic():
        product = lock_product_with_vendor(product)
        require_transition(product, Status.DRAFT, _PRODUCER_MOVES)
        return _move(product, Status.DRAFT, actor)


def _move(product, to_status, actor, note: str = "") -> Product:
    """Record the transition; whether a product is listed changes its search document."""
    listed = Status.PUBLISHED in {product.status, to_status}
    record_transition(product, to_status, actor=actor, note=note)
    Product.mark_for_reindex([product])
    if listed:  # the programme statistics count published products only
        statistics_changed()
    return product


def _require_listable(product) -> None:
    errors = []
    if not product.variants.exists():
        errors.append(
            FieldError(ErrorCode.REQUIRED, _("Add at least one variant with a price."), "variants")
        )
    if not product.vendor.is_active:
        errors.append(FieldError(ErrorCode.INVALID, _("The producer is suspended."), "vendor"))
    if errors:
        raise ServiceError(errors)


def _clean(vendor, fields: dict) -> dict:
    return clean_fields(
        fields, allowed=EDITABLE_FIELDS, clean=lambda f, v: _clean_field(vendor, f, v)
    )


def _clean_field(vendor, field: str, value):
    if field == "name":
        value = (value or "").strip()
        if not value:
            raise ServiceError.single(ErrorCode.REQUIRED, _("A product needs a name."), field)
        if len(value) > 255:
            raise ServiceError.single(ErrorCode.INVALID, _("At most 255 characters."), field)
        return value
    if field == "category":
        if not isinstance(value, Category) or not value.is_leaf:
            raise ServiceError.single(
                ErrorCode.INVALID,
                _("Choose a product set, the most detailed level of the taxonomy."),
                field,
            )
        return value
    if field == "description":
        return sanitize_html(value)
    if field == "origin_commune":
        if not isinstance(value, Commune):
            raise ServiceError.single(ErrorCode.NOT_FOUND, _("Choose a commune."), field)
        return value
    if field == "certificate":
        if value is None:
            return None
        # Read afresh: whether it is rejected or revoked is decided now, not when the caller
        # loaded it.
        certificate = (
            OcopCertificate.objects.select_related("product_set")
            .filter(pk=value.pk, vendor_id=vendor.pk)
            .first()
            if isinstance(value, OcopCertificate) and value.pk is not None
            else None
        )
        if certificate is None:
            raise ServiceError.single(
                ErrorCode.NOT_FOUND, _("This producer has no such certificate."), field
            )
        return certificate
    if field == "season_months":
        # A list of months 1-12. A bare number, a string ("5" would read as ["5"]) or True (an
        # int to Python) is refused rather than misread.
        iterable = not isinstance(value, str | bytes | dict) and hasattr(value, "__iter__")
        months = list(value) if iterable else []
        if (value is not None and not iterable) or any(
            isinstance(m, bool) or not isinstance(m, int) or not 1 <= m <= 12 for m in months
        ):
            raise ServiceError.single(
                ErrorCode.INVALID, _("Months are numbers from 1 to 12."), field
            )
        return sorted(set(months))
    if field == "gtin":
        return normalize_gtin(value) if (value or "").strip() else ""
    if field == "batch":
        value = " ".join(str(value or "").split())
        if len(value) > MAX_BATCH_LENGTH:
            raise ServiceError.single(
                ErrorCode.INVALID, _("At most %(n)s characters.") % {"n": MAX_BATCH_LENGTH}, field
            )
        return value
    return value


def _check_certificate(certificate, category) -> None:
    if certificate is None:
        return
    if certificate.product_set_id != category.pk:
        raise ServiceError.single(
            ErrorCode.INVALID,
            _("The certificate covers another product set (%(set)s).")
            % {"set": certificate.product_set.name},
            "certificate",
        )
    if certificate.revoked or certificate.verification_status == "rejected":
        raise ServiceError.single(
            ErrorCode.INVALID,
            _("This certificate was rejected or revoked and cannot be attached."),
            "certificate",
        )
