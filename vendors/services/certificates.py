"""OCOP certificates: recorded by producers, verified, rejected or revoked by staff.

The rules come from the programme (see `marketplace.core.ocop`): 3-5 stars only; provinces
recognise 3 and 4 stars, the central council 5; the score lies inside its star's band; a
decision is valid 36 months from its date.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.errors import ErrorCode, FieldError, ServiceError
from marketplace.core.files import check_document
from marketplace.core.ocop import certificate_valid_until, scoring
from marketplace.core.permissions import require_staff
from marketplace.core.statistics_cache import statistics_changed
from vendors.access import require_vendor_role
from vendors.lock_objects import lock_certificate
from vendors.models import OcopCertificate

Level = OcopCertificate.Level
Verification = OcopCertificate.Verification


def validate_certificate_rules(
    *, level: str, stars: int, score: int, decision_date: datetime.date, product_set
) -> None:
    """Raise a ServiceError listing every rule of the programme that the values break."""
    rules = scoring()
    errors: list[FieldError] = []
    if level not in Level.values:
        errors.append(
            FieldError(ErrorCode.INVALID, _("Level must be province or central."), "level")
        )
    if stars is None:
        errors.append(FieldError(ErrorCode.REQUIRED, _("Give the number of stars."), "stars"))
    elif stars not in rules.certified_stars:
        errors.append(
            FieldError(
                ErrorCode.INVALID,
                _("OCOP certificates have 3, 4 or 5 stars, not %(stars)s.") % {"stars": stars},
                "stars",
            )
        )
    elif level in Level.values and stars not in rules.stars_by_level[level]:
        message = (
            _("5-star products are recognised by the central council, not by a province.")
            if stars == 5
            else _("%(stars)s-star products are recognised by the province, not centrally.")
            % {"stars": stars}
        )
        errors.append(FieldError(ErrorCode.INVALID, message, "level"))
    if score is None:
        errors.append(FieldError(ErrorCode.REQUIRED, _("Give the score."), "score"))
    elif not 0 <= score <= 100:
        errors.append(FieldError(ErrorCode.INVALID, _("A score is between 0 and 100."), "score"))
    elif stars in rules.certified_stars:
        band = rules.band(stars)
        if not band.min_score <= score <= band.max_score:
            errors.append(
                FieldError(
                    ErrorCode.INVALID,
                    _("A %(stars)s-star score is %(min)s to %(max)s; %(score)s is not.")
                    % {
                        "stars": stars,
                        "min": band.min_score,
                        "max": band.max_score,
                        "score": score,
                    },
                    "score",
                )
            )
    if decision_date is None:
        errors.append(
            FieldError(ErrorCode.REQUIRED, _("The decision date is required."), "decision_date")
        )
    elif decision_date > timezone.localdate():
        errors.append(
            FieldError(
                ErrorCode.INVALID, _("The decision date cannot be in the future."), "decision_date"
            )
        )
    if product_set is None:
        errors.append(FieldError(ErrorCode.REQUIRED, _("Choose a product set."), "product_set"))
    elif not product_set.is_leaf:
        errors.append(
            FieldError(
                ErrorCode.INVALID,
                _("Choose a product set, the most detailed level of the taxonomy."),
                "product_set",
            )
        )
    if errors:
        raise ServiceError(errors)


def certificate_create(
    *,
    vendor,
    actor,
    product_name: str,
    product_set,
    decision_number: str,
    decision_date: datetime.date,
    issuing_body: str,
    level: str,
    stars: int,
    score: int,
    document,
) -> OcopCertificate:
    """Record a recognition decision with its scan (PDF, JPEG or PNG); staff then verify it."""
    require_vendor_role(actor, vendor)
    errors = [
        FieldError(ErrorCode.REQUIRED, _("This field is required."), field)
        for field, value in (
            ("product_name", product_name),
            ("decision_number", decision_number),
            ("issuing_body", issuing_body),
        )
        if not (value or "").strip()
    ]
    if errors:
        raise ServiceError(errors)
    validate_certificate_rules(
        level=level, stars=stars, score=score, decision_date=decision_date, product_set=product_set
    )
    checked = check_document(document, field="document")
    decision_number = decision_number.strip()
    product_name = product_name.strip()
    with transaction.atomic():
        if OcopCertificate.objects.filter(
            vendor=vendor, decision_number=decision_number, product_name=product_name
        ).exists():
            raise ServiceError.single(
                ErrorCode.UNIQUE,
                _("This decision is already recorded for this product."),
                "decision_number",
            )
        certificate = OcopCertificate(
            vendor=vendor,
            product_name=product_name,
            product_set=product_set,
            decision_number=decision_number,
            decision_date=decision_date,
            issuing_body=issuing_body.strip(),
            level=level,
            stars=stars,
            score=score,
            valid_until=certificate_valid_until(decision_date),
            created_by=actor,
        )
        certificate.document.save(f"decision.{checked.extension}", document, save=False)
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:
            # Someone recorded the same decision at the same moment: keep no orphan scan.
            certificate.document.delete(save=False)
            if not OcopCertificate.objects.filter(
                vendor=vendor, decision_number=decision_number, product_name=product_name
            ).exists():
                raise
            raise ServiceError.single(
                ErrorCode.UNIQUE,
                _("This decision is already recorded for this product."),
                "decision_number",
            ) from None
    return certificate


def certificate_verify(*, certificate, actor, note: str = "") -> OcopCertificate:
    return _review(certificate, actor, Verification.VERIFIED, note)


def certificate_reject(*, certificate, actor, note: str) -> OcopCertificate:
    require_staff(actor)  # before judging the input: outsiders learn nothing from the answer
    if not (note or "").strip():
        raise ServiceError.single(ErrorCode.REQUIRED, _("Say why, in a note."), "note")
    return _review(certificate, actor, Verification.REJECTED, note)


def certificate_revoke(*, certificate, actor, reason: str) -> OcopCertificate:
    """Withdraw a certificate (the decision was annulled): its products lose their stars."""
    require_staff(actor)
    if not (reason or "").strip():
        raise ServiceError.single(ErrorCode.REQUIRED, _("Say why, in a note."), "reason")
    with transaction.atomic():
        certificate = lock_certificate(certificate)
        if certificate.revoked:
            raise ServiceError.single(
                ErrorCode.INVALID_TRANSITION, _("This certificate is already revoked."), "revoked"
            )
        certificate.revoked = True
        certificate.revoked_at = timezone.now()
        certificate.revoked_reason = reason.strip()
        certificate.revoked_by = actor
        certificate.save()
        OcopCertificate.mark_for_reindex([certificate])  # its products lose their stars
        statistics_changed()
    return certificate


def _review(certificate, actor, status, note: str) -> OcopCertificate:
    require_staff(actor)
    with transaction.atomic():
        certificate = lock_certificate(certificate)
        if certificate.revoked:
            raise ServiceError.single(
                ErrorCode.INVALID_TRANSITION,
                _("This certificate was revoked; it can no longer be reviewed."),
                "revoked",
            )
        if certificate.verification_status != Verification.PENDING:
            raise ServiceError.single(
                ErrorCode.INVALID_TRANSITION,
                _("This certificate was already reviewed (%(status)s).")
                % {"status": certificate.get_verification_status_display().lower()},
                "verification_status",
            )
        certificate.verification_status = status
        certificate.reviewed_by = actor
        certificate.reviewed_at = timezone.now()
        certificate.review_note = (note or "").strip()
        certificate.save()
        OcopCertificate.mark_for_reindex([certificate])  # stars show, or do not
        if status == Verification.VERIFIED:  # a rejected pending one was never counted
            statistics_changed()
    return certificate
