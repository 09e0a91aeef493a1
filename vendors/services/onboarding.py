"""Producer onboarding: draft -> submitted -> approved | rejected | changes requested.

Only the applicant edits and submits; only staff decide. Every transition is recorded with its
actor, time and note. Approval creates the producer and its owner membership exactly once.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.errors import ErrorCode, PermissionDeniedError, ServiceError
from marketplace.core.files import check_document
from marketplace.core.permissions import require_authenticated, require_staff
from marketplace.core.slugs import save_with_unique_slug
from marketplace.core.transitions import record_transition, require_transition
from vendors.details import clean_details, require_details
from vendors.lock_objects import lock_onboarding_application
from vendors.models import (
    ApplicationDocument,
    OnboardingApplication,
    Vendor,
    VendorMember,
)

Status = OnboardingApplication.Status

# Who moves an application from where to where.
_APPLICANT_MOVES = {Status.DRAFT: {Status.SUBMITTED}, Status.CHANGES_REQUESTED: {Status.SUBMITTED}}
_STAFF_MOVES = {Status.SUBMITTED: {Status.APPROVED, Status.REJECTED, Status.CHANGES_REQUESTED}}

MAX_DOCUMENTS = 20


def application_create(*, applicant, **details) -> OnboardingApplication:
    require_authenticated(applicant)
    cleaned = clean_details(details)
    with transaction.atomic():
        application = OnboardingApplication.objects.create(applicant=applicant, **cleaned)
        application.events.create(to_status=Status.DRAFT, actor=applicant)
    return application


def application_update(*, application, actor, **details) -> OnboardingApplication:
    _require_applicant(application, actor)
    cleaned = clean_details(details)
    with transaction.atomic():
        application = lock_onboarding_application(application)
        _require_editable(application)
        for field, value in cleaned.items():
            setattr(application, field, value)
        application.save()
    return application


def application_document_upload(*, application, actor, kind, file) -> ApplicationDocument:
    _require_applicant(application, actor)
    if kind not in ApplicationDocument.Kind.values:
        raise ServiceError.single(ErrorCode.INVALID, _("Unknown document kind."), "kind")
    checked = check_document(file, field="file")
    with transaction.atomic():
        application = lock_onboarding_application(application)
        _require_editable(application)
        if application.documents.count() >= MAX_DOCUMENTS:
            raise ServiceError.single(
                ErrorCode.INVALID,
                _("An application holds at most %(n)s documents.") % {"n": MAX_DOCUMENTS},
                "file",
            )
        document = ApplicationDocument(
            application=application,
            kind=kind,
            original_name=(getattr(file, "name", "") or "document")[-255:],
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=actor,
        )
        document.file.save(f"{kind}.{checked.extension}", file, save=False)
        document.save()
    return document


def application_submit(*, application, actor, note: str = "") -> OnboardingApplication:
    _require_applicant(application, actor)
    with transaction.atomic():
        application = lock_onboarding_application(application)
        _require_move(application, Status.SUBMITTED, _APPLICANT_MOVES)
        require_details(application)
        if not application.documents.filter(
            kind=ApplicationDocument.Kind.BUSINESS_REGISTRATION
        ).exists():
            raise ServiceError.single(
                ErrorCode.REQUIRED,
                _("Upload the business registration certificate before submitting."),
                "documents",
            )
        _require_free_tax_code(application.tax_code)
        application.submitted_at = timezone.now()
        return _move(application, Status.SUBMITTED, actor, note)


def application_approve(*, application, actor, note: str = "") -> Vendor:
    """Create the active producer and its owner from a submitted application, once."""
    _require_other_staff(application, actor)
    with transaction.atomic():
        application = lock_onboarding_application(application)
        _require_move(application, Status.APPROVED, _STAFF_MOVES)
        require_details(application)
        _require_free_tax_code(application.tax_code)
        vendor = _create_vendor(application)
        VendorMember.objects.create(
            vendor=vendor, user=application.applicant, role=VendorMember.Role.OWNER
        )
        application.vendor = vendor
        application.decided_at = timezone.now()
        _move(application, Status.APPROVED, actor, (note or "").strip())
    return vendor


def _create_vendor(application) -> Vendor:
    """Create the producer. Another approval committing the same tax code between our check and
    our insert makes the insert fail: say UNIQUE for the tax code; a taken slug is retried."""
    vendor = Vendor(
        legal_name=application.legal_name,
        name=application.display_name,
        kind=application.kind,
        tax_code=application.tax_code,
        commune=application.commune,
        street_address=application.street_address,
        phone=application.phone,
        email=application.email or application.applicant.email,
        story=application.story,
    )
    return save_with_unique_slug(
        vendor,
        application.display_name,
        on_integrity_error=lambda: _require_free_tax_code(application.tax_code),
    )


def application_reject(*, application, actor, note: str) -> OnboardingApplication:
    return _decide(application, actor, Status.REJECTED, note)


def application_request_changes(*, application, actor, note: str) -> OnboardingApplication:
    return _decide(application, actor, Status.CHANGES_REQUESTED, note)


def _require_other_staff(application, actor) -> None:
    """Staff decide; but nobody decides on their own application."""
    require_staff(actor)
    if application.applicant_id == actor.pk:
        raise PermissionDeniedError(_("Another staff member must decide on your own application."))


def _decide(application, actor, to_status, note: str) -> OnboardingApplication:
    _require_other_staff(application, actor)
    if not (note or "").strip():
        raise ServiceError.single(
            ErrorCode.REQUIRED, _("Tell the applicant why, in a note."), "note"
        )
    with transaction.atomic():
        application = lock_onboarding_application(application)
        _require_move(application, to_status, _STAFF_MOVES)
        if to_status == Status.REJECTED:
            application.decided_at = timezone.now()
        return _move(application, to_status, actor, note.strip())


def _require_applicant(application, actor) -> None:
    require_authenticated(actor)
    if application.applicant_id != actor.pk:
        raise PermissionDeniedError(_("Only the applicant can change this application."))


def _require_editable(application) -> None:
    if not application.is_editable:
        raise ServiceError.single(
            ErrorCode.INVALID_TRANSITION,
            _("An application that is %(status)s cannot be changed.")
            % {"status": application.get_status_display().lower()},
            "status",
        )


def _require_move(application, to_status, moves) -> None:
    if application.status == Status.APPROVED and to_status == Status.APPROVED:
        raise ServiceError.single(
            ErrorCode.INVALID_TRANSITION, _("This application was already approved."), "status"
        )
    require_transition(application, to_status, moves)


def _require_free_tax_code(tax_code: str) -> None:
    if Vendor.objects.filter(tax_code=tax_code).exists():
        raise ServiceError.single(
            ErrorCode.UNIQUE,
            _("A producer with tax code %(code)s is already on the marketplace.")
            % {"code": tax_code},
            "tax_code",
        )


def _move(application, to_status, actor, note: str = "") -> OnboardingApplication:
    return record_transition(application, to_status, actor=actor, note=note)
