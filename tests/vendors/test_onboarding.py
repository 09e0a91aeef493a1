"""Producer onboarding: draft -> submitted -> approved | rejected | changes requested.

Only the applicant edits and submits; only staff decide; every move is an event with its actor
and note; approval creates the producer and its owner exactly once. Every refusal says why and
changes nothing: no rows, no status change, no event, no stored file.
"""

import threading
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from marketplace.core.errors import ErrorCode, ServiceError
from tests.concurrency import run_in_threads, wait_for_a_blocked_query
from tests.factories import (
    StaffFactory,
    UserFactory,
    VendorFactory,
    application_details,
    draft_application,
    submitted_application,
    with_registration,
)
from tests.files import image_bytes, jpeg_upload, pdf_bytes, pdf_upload, png_upload, upload
from vendors.models import (
    ApplicationDocument,
    ApplicationEvent,
    OnboardingApplication,
    Vendor,
    VendorMember,
)
from vendors.services.onboarding import (
    application_approve,
    application_create,
    application_document_upload,
    application_reject,
    application_request_changes,
    application_submit,
    application_update,
)

Status = OnboardingApplication.Status
Kind = ApplicationDocument.Kind


details = application_details
draft = draft_application
submitted = submitted_application


def stored_files() -> list[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def snapshot(application=None) -> dict:
    """What a refused call must leave as it was."""
    state = {
        "applications": OnboardingApplication.objects.count(),
        "vendors": Vendor.objects.count(),
        "members": VendorMember.objects.count(),
        "events": ApplicationEvent.objects.count(),
        "documents": ApplicationDocument.objects.count(),
        "files": stored_files(),
    }
    if application is not None:
        fresh = OnboardingApplication.objects.get(pk=application.pk)
        state["application"] = {
            field: getattr(fresh, field)
            for field in ("status", "legal_name", "display_name", "tax_code", "phone", "vendor_id")
        }
    return state


def refused(call, code: ErrorCode, field: str | None = None) -> ServiceError:
    with pytest.raises(ServiceError) as exc:
        call()
    assert exc.value.codes == [code], exc.value.errors
    (error,) = exc.value.errors
    assert error.field == field
    assert len(error.message) > 10  # a sentence, not a code
    return exc.value


@pytest.fixture
def applicant(db):
    return UserFactory(email="chu.htx@example.vn")


@pytest.fixture
def stranger(db):
    return UserFactory()


# --- creating and editing a draft -----------------------------------------------------------


def test_applicant_starts_a_draft_with_cleaned_details(applicant):
    application = draft(applicant, tax_code="01.00.233.488", phone="0912 345 678")
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert application.applicant == applicant
    assert application.tax_code == "0100233488"
    assert application.phone == "+84912345678"
    assert application.commune.code == "03980"
    assert application.story == "<p>Chè <strong>Shan tuyết</strong></p>"
    (event,) = application.events.all()
    assert (event.from_status, event.to_status, event.actor) == ("", Status.DRAFT, applicant)


def test_a_draft_may_be_incomplete(applicant):
    application = application_create(applicant=applicant, display_name="HTX Mới")
    assert application.status == Status.DRAFT
    assert application.tax_code == ""


def test_anonymous_cannot_apply(db):
    before = snapshot()
    error = refused(
        lambda: application_create(applicant=AnonymousUser(), **details()),
        ErrorCode.PERMISSION_DENIED,
    )
    assert "Log in" in error.errors[0].message
    assert snapshot() == before


def test_invalid_tax_code_is_refused_and_nothing_is_created(applicant):
    before = snapshot()
    error = refused(lambda: draft(applicant, tax_code="0100233480"), ErrorCode.INVALID, "tax_code")
    assert "0100233480" in error.errors[0].message
    assert "check digit" in error.errors[0].message
    assert snapshot() == before


def test_commune_code_must_exist(applicant):
    refused(lambda: draft(applicant, commune="99999"), ErrorCode.NOT_FOUND, "commune")
    assert not OnboardingApplication.objects.exists()


def test_applicant_edits_a_draft(applicant):
    application = draft(applicant)
    application_update(
        application=application,
        actor=applicant,
        display_name="  HTX Chè Shan  ",
        phone="024 3825 3536",
    )
    application.refresh_from_db()
    assert (application.display_name, application.phone) == ("HTX Chè Shan", "+842438253536")


@pytest.mark.parametrize("who", ["stranger", "staff", "anonymous"])
def test_only_the_applicant_edits(applicant, stranger, staff, who):
    actor = {"stranger": stranger, "staff": staff, "anonymous": AnonymousUser()}[who]
    application = draft(applicant)
    before = snapshot(application)
    refused(
        lambda: application_update(application=application, actor=actor, display_name="Của tôi"),
        ErrorCode.PERMISSION_DENIED,
    )
    assert snapshot(application) == before


def test_invalid_edit_changes_nothing(applicant):
    application = draft(applicant)
    before = snapshot(application)
    with pytest.raises(ServiceError) as exc:
        application_update(
            application=application,
            actor=applicant,
            display_name="Tên mới",
            phone="+1 650 253 0000",
        )
    assert [(e.code, e.field) for e in exc.value.errors] == [(ErrorCode.INVALID, "phone")]
    assert snapshot(application) == before  # the valid display name was not saved either


def test_details_cannot_smuggle_other_fields(applicant):
    application = draft(applicant)
    before = snapshot(application)
    refused(
        lambda: application_update(application=application, actor=applicant, status="approved"),
        ErrorCode.INVALID,
        "status",
    )
    assert snapshot(application) == before


# --- documents ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "content_type", "extension"),
    [
        (lambda: pdf_upload("Giấy ĐKKD.pdf"), "application/pdf", ".pdf"),
        (lambda: jpeg_upload("scan.jpeg"), "image/jpeg", ".jpg"),
        (lambda: png_upload("scan.PNG"), "image/png", ".png"),
    ],
)
def test_documents_pdf_jpeg_and_png_are_accepted(applicant, file, content_type, extension):
    application = draft(applicant)
    upload_ = file()
    document = application_document_upload(
        application=application, actor=applicant, kind=Kind.BUSINESS_REGISTRATION, file=upload_
    )
    document.refresh_from_db()
    assert document.content_type == content_type
    assert document.original_name == upload_.name
    assert document.size == upload_.size
    assert document.uploaded_by == applicant
    assert document.file.name.startswith(f"applications/{application.pk}/")
    assert document.file.name.endswith(extension)
    (path,) = stored_files()
    assert path.read_bytes() == document.file.open("rb").read()
    assert str(path).startswith(str(settings.PRIVATE_MEDIA_ROOT))  # never public media


@pytest.mark.parametrize(
    ("make", "code", "says"),
    [
        (lambda: upload("giay-phep.png", pdf_bytes()), ErrorCode.UNSUPPORTED_FILE_TYPE, ".png"),
        (
            lambda: upload("giay-phep.pdf", "Giấy phép kinh doanh số 123".encode() * 10),
            ErrorCode.UNSUPPORTED_FILE_TYPE,
            "PDF",
        ),
        (
            lambda: upload("giay-phep.txt", b"plain text " * 50),
            ErrorCode.UNSUPPORTED_FILE_TYPE,
            "not recognised",
        ),
        (lambda: upload("giay-phep.pdf", b""), ErrorCode.INVALID, "empty"),
        (
            lambda: upload("scan.png", image_bytes("PNG")[:60] + b"\x00" * 200),
            ErrorCode.INVALID,
            "damaged",
        ),
        (
            lambda: upload("giay-phep.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024)),
            ErrorCode.FILE_TOO_LARGE,
            "10 MB",
        ),
    ],
    ids=["pdf-named-png", "text-named-pdf", "text", "empty", "damaged-png", "over-10-mb"],
)
def test_bad_documents_are_refused_and_nothing_is_stored(applicant, make, code, says):
    application = draft(applicant)
    before = snapshot(application)
    error = refused(
        lambda: application_document_upload(
            application=application, actor=applicant, kind=Kind.BUSINESS_REGISTRATION, file=make()
        ),
        code,
        "file",
    )
    assert says in error.errors[0].message
    assert snapshot(application) == before
    assert stored_files() == []


def test_document_size_limit_comes_from_settings(applicant, settings):
    settings.MAX_DOCUMENT_UPLOAD_BYTES = 1024
    application = draft(applicant)
    refused(
        lambda: application_document_upload(
            application=application,
            actor=applicant,
            kind=Kind.FOOD_SAFETY,
            file=upload("atvstp.pdf", b"%PDF-1.4\n" + b"0" * 1024),
        ),
        ErrorCode.FILE_TOO_LARGE,
        "file",
    )
    assert stored_files() == []


def test_an_application_holds_a_limited_number_of_documents(applicant, monkeypatch):
    monkeypatch.setattr("vendors.services.onboarding.MAX_DOCUMENTS", 2)
    application = with_registration(with_registration(draft(applicant)))
    before = snapshot(application)
    error = refused(
        lambda: application_document_upload(
            application=application, actor=applicant, kind=Kind.OTHER, file=pdf_upload()
        ),
        ErrorCode.INVALID,
        "file",
    )
    assert "at most 2 documents" in error.errors[0].message
    assert snapshot(application) == before


def test_unknown_document_kind_is_refused(applicant):
    application = draft(applicant)
    refused(
        lambda: application_document_upload(
            application=application, actor=applicant, kind="passport", file=pdf_upload()
        ),
        ErrorCode.INVALID,
        "kind",
    )
    assert stored_files() == []


@pytest.mark.parametrize("who", ["stranger", "staff", "anonymous"])
def test_only_the_applicant_uploads(applicant, stranger, staff, who):
    actor = {"stranger": stranger, "staff": staff, "anonymous": AnonymousUser()}[who]
    application = draft(applicant)
    refused(
        lambda: application_document_upload(
            application=application, actor=actor, kind=Kind.OTHER, file=pdf_upload()
        ),
        ErrorCode.PERMISSION_DENIED,
    )
    assert not ApplicationDocument.objects.exists()
    assert stored_files() == []


# --- submitting -----------------------------------------------------------------------------


def test_applicant_submits_a_complete_application(applicant):
    application = with_registration(draft(applicant))
    result = application_submit(application=application, actor=applicant, note="Mong sớm duyệt")
    application.refresh_from_db()
    assert result.status == application.status == Status.SUBMITTED
    assert application.submitted_at is not None
    event = application.events.last()
    assert (event.from_status, event.to_status) == (Status.DRAFT, Status.SUBMITTED)
    assert (event.actor, event.note) == (applicant, "Mong sớm duyệt")
    assert event.created_at is not None


@pytest.mark.parametrize("who", ["stranger", "staff", "anonymous"])
def test_only_the_applicant_submits(applicant, stranger, staff, who):
    actor = {"stranger": stranger, "staff": staff, "anonymous": AnonymousUser()}[who]
    application = with_registration(draft(applicant))
    before = snapshot(application)
    refused(
        lambda: application_submit(application=application, actor=actor),
        ErrorCode.PERMISSION_DENIED,
    )
    assert snapshot(application) == before


def test_a_deactivated_applicant_cannot_submit(applicant):
    application = with_registration(draft(applicant))
    applicant.is_active = False
    applicant.save()
    refused(
        lambda: application_submit(application=application, actor=applicant),
        ErrorCode.PERMISSION_DENIED,
    )
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_submitting_needs_every_required_detail(applicant):
    application = with_registration(
        application_create(applicant=applicant, display_name="HTX Mới", street_address="Bản Áng")
    )
    before = snapshot(application)
    with pytest.raises(ServiceError) as exc:
        application_submit(application=application, actor=applicant)
    assert {(e.code, e.field) for e in exc.value.errors} == {
        (ErrorCode.REQUIRED, field)
        for field in ("legal_name", "kind", "tax_code", "commune", "phone")
    }
    assert snapshot(application) == before


def test_submitting_needs_the_business_registration(applicant):
    application = draft(applicant)
    application_document_upload(
        application=application, actor=applicant, kind=Kind.FOOD_SAFETY, file=pdf_upload()
    )
    before = snapshot(application)
    error = refused(
        lambda: application_submit(application=application, actor=applicant),
        ErrorCode.REQUIRED,
        "documents",
    )
    assert "business registration" in error.errors[0].message
    assert snapshot(application) == before


def test_submitting_a_tax_code_already_on_the_marketplace_is_refused(applicant):
    VendorFactory(tax_code="0100233488")
    application = with_registration(draft(applicant, tax_code="0100233488"))
    before = snapshot(application)
    error = refused(
        lambda: application_submit(application=application, actor=applicant),
        ErrorCode.UNIQUE,
        "tax_code",
    )
    assert "0100233488" in error.errors[0].message
    assert snapshot(application) == before


def test_submitting_twice_is_refused(applicant):
    application = submitted(applicant)
    before = snapshot(application)
    error = refused(
        lambda: application_submit(application=application, actor=applicant),
        ErrorCode.INVALID_TRANSITION,
        "status",
    )
    assert "submitted" in error.errors[0].message
    assert snapshot(application) == before


def test_a_submitted_application_cannot_be_edited_or_given_documents(applicant):
    application = submitted(applicant)
    files = stored_files()
    before = snapshot(application)
    error = refused(
        lambda: application_update(application=application, actor=applicant, display_name="Khác"),
        ErrorCode.INVALID_TRANSITION,
        "status",
    )
    assert "submitted cannot be changed" in error.errors[0].message
    refused(
        lambda: application_document_upload(
            application=application, actor=applicant, kind=Kind.OTHER, file=pdf_upload()
        ),
        ErrorCode.INVALID_TRANSITION,
        "status",
    )
    assert snapshot(application) == before
    assert stored_files() == files


# --- approving ------------------------------------------------------------------------------


def test_staff_approval_creates_the_active_producer_and_its_owner(applicant, staff):
    application = submitted(applicant, email="")
    vendor = application_approve(application=application, actor=staff, note="  Hồ sơ đầy đủ ")
    application.refresh_from_db()
    vendor.refresh_from_db()
    assert application.status == Status.APPROVED
    assert application.vendor == vendor
    assert application.decided_at is not None
    assert vendor.status == Vendor.Status.ACTIVE
    assert vendor.commission_rate == Decimal(settings.PLATFORM_COMMISSION_RATE)
    assert (vendor.legal_name, vendor.name) == (application.legal_name, application.display_name)
    assert (vendor.kind, vendor.tax_code, vendor.phone) == (
        "cooperative",
        application.tax_code,
        "+84912345678",
    )
    assert vendor.commune.code == "03980"
    assert vendor.slug == "htx-che-moc-chau"
    assert vendor.story == "<p>Chè <strong>Shan tuyết</strong></p>"
    assert vendor.email == applicant.email  # the applicant's, since the application had none
    (member,) = VendorMember.objects.all()
    assert (member.vendor, member.user, member.role) == (vendor, applicant, "owner")
    event = application.events.last()
    assert (event.from_status, event.to_status, event.actor, event.note) == (
        Status.SUBMITTED,
        Status.APPROVED,
        staff,
        "Hồ sơ đầy đủ",
    )


def test_approving_twice_is_refused_and_still_one_producer(applicant, staff):
    application = submitted(applicant)
    application_approve(application=application, actor=staff)
    before = snapshot(application)
    for actor in (staff, StaffFactory()):
        error = refused(
            lambda actor=actor: application_approve(application=application, actor=actor),
            ErrorCode.INVALID_TRANSITION,
            "status",
        )
        assert "already approved" in error.errors[0].message
    assert snapshot(application) == before
    assert Vendor.objects.count() == 1
    assert VendorMember.objects.filter(role="owner").count() == 1


@pytest.mark.parametrize("who", ["applicant", "stranger", "anonymous", "former staff"])
def test_only_staff_approve(applicant, stranger, who):
    actor = {
        "applicant": applicant,
        "stranger": stranger,
        "anonymous": AnonymousUser(),
        "former staff": StaffFactory(is_active=False),
    }[who]
    application = submitted(applicant)
    before = snapshot(application)
    error = refused(
        lambda: application_approve(application=application, actor=actor),
        ErrorCode.PERMISSION_DENIED,
    )
    assert "staff" in error.errors[0].message
    assert snapshot(application) == before


def test_a_draft_cannot_be_approved(applicant, staff):
    application = with_registration(draft(applicant))
    before = snapshot(application)
    error = refused(
        lambda: application_approve(application=application, actor=staff),
        ErrorCode.INVALID_TRANSITION,
        "status",
    )
    assert "draft cannot become approved" in error.errors[0].message
    assert snapshot(application) == before


def test_approving_when_the_tax_code_was_taken_meanwhile_is_refused(applicant, staff):
    application = submitted(applicant, tax_code="0100233488")
    VendorFactory(tax_code="0100233488")  # approved from another application in the meantime
    before = snapshot(application)
    refused(
        lambda: application_approve(application=application, actor=staff),
        ErrorCode.UNIQUE,
        "tax_code",
    )
    assert snapshot(application) == before


def test_approval_picks_a_free_slug(applicant, staff):
    VendorFactory(slug="htx-che-moc-chau")
    vendor = application_approve(application=submitted(applicant), actor=staff)
    assert vendor.slug == "htx-che-moc-chau-2"


# --- rejecting and requesting changes -------------------------------------------------------


@pytest.mark.parametrize("decide", [application_reject, application_request_changes])
@pytest.mark.parametrize("note", ["", "   ", None])
def test_reject_and_request_changes_need_a_note(applicant, staff, decide, note):
    application = submitted(applicant)
    before = snapshot(application)
    error = refused(
        lambda: decide(application=application, actor=staff, note=note),
        ErrorCode.REQUIRED,
        "note",
    )
    assert "note" in error.errors[0].message
    assert snapshot(application) == before


@pytest.mark.parametrize("decide", [application_reject, application_request_changes])
@pytest.mark.parametrize("who", ["applicant", "stranger", "anonymous"])
def test_only_staff_reject_or_request_changes(applicant, stranger, decide, who):
    actor = {"applicant": applicant, "stranger": stranger, "anonymous": AnonymousUser()}[who]
    application = submitted(applicant)
    before = snapshot(application)
    refused(
        lambda: decide(application=application, actor=actor, note="Thiếu giấy tờ"),
        ErrorCode.PERMISSION_DENIED,
    )
    assert snapshot(application) == before


def test_staff_reject_with_a_note_and_rejection_is_final(applicant, staff):
    application = submitted(applicant)
    application_reject(application=application, actor=staff, note=" Không phải sản phẩm OCOP ")
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    assert application.decided_at is not None
    event = application.events.last()
    assert (event.from_status, event.to_status, event.actor, event.note) == (
        Status.SUBMITTED,
        Status.REJECTED,
        staff,
        "Không phải sản phẩm OCOP",
    )
    before = snapshot(application)
    for call in (
        lambda: application_submit(application=application, actor=applicant),
        lambda: application_approve(application=application, actor=staff),
        lambda: application_request_changes(application=application, actor=staff, note="x"),
        lambda: application_update(application=application, actor=applicant, phone="0912345678"),
    ):
        refused(call, ErrorCode.INVALID_TRANSITION, "status")
    assert snapshot(application) == before
    assert not Vendor.objects.exists()


@pytest.mark.parametrize("decide", [application_reject, application_request_changes])
def test_a_draft_cannot_be_rejected_or_sent_back(applicant, staff, decide):
    application = draft(applicant)
    before = snapshot(application)
    refused(
        lambda: decide(application=application, actor=staff, note="Chưa nộp"),
        ErrorCode.INVALID_TRANSITION,
        "status",
    )
    assert snapshot(application) == before


def test_changes_requested_then_fixed_and_resubmitted_then_approved(applicant, staff):
    application = submitted(applicant, phone="0912 345 678")
    application_request_changes(
        application=application, actor=staff, note="Bổ sung giấy ATTP và sửa số điện thoại"
    )
    application.refresh_from_db()
    assert application.status == Status.CHANGES_REQUESTED
    assert application.decided_at is None  # not decided yet
    # The applicant may edit and add documents again.
    application_update(application=application, actor=applicant, phone="0386 123 456")
    application_document_upload(
        application=application, actor=applicant, kind=Kind.FOOD_SAFETY, file=jpeg_upload()
    )
    application_submit(application=application, actor=applicant, note="Đã bổ sung")
    vendor = application_approve(application=application, actor=staff)
    assert vendor.phone == "+84386123456"
    events = list(application.events.values_list("from_status", "to_status", "actor_id", "note"))
    assert events == [
        ("", Status.DRAFT, applicant.pk, ""),
        (Status.DRAFT, Status.SUBMITTED, applicant.pk, ""),
        (
            Status.SUBMITTED,
            Status.CHANGES_REQUESTED,
            staff.pk,
            "Bổ sung giấy ATTP và sửa số điện thoại",
        ),
        (Status.CHANGES_REQUESTED, Status.SUBMITTED, applicant.pk, "Đã bổ sung"),
        (Status.SUBMITTED, Status.APPROVED, staff.pk, ""),
    ]
    assert application.documents.count() == 2


def test_an_application_waiting_for_changes_cannot_be_approved(applicant, staff):
    application = submitted(applicant)
    application_request_changes(application=application, actor=staff, note="Thiếu ảnh")
    before = snapshot(application)
    refused(
        lambda: application_approve(application=application, actor=staff),
        ErrorCode.INVALID_TRANSITION,
        "status",
    )
    assert snapshot(application) == before


# --- concurrency (PostgreSQL) ---------------------------------------------------------------


def approve_holding_the_transaction(application, actor, ready: threading.Event):
    """Approve, then keep the transaction open until another approval is blocked behind it."""

    def call():
        with transaction.atomic():
            vendor = application_approve(application=application, actor=actor)
            ready.set()
            wait_for_a_blocked_query()
        return vendor

    return call


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_staff_approving_at_once_make_one_producer():
    applicant = UserFactory()
    application = submitted(applicant)
    first, second = StaffFactory(), StaffFactory()
    results = run_in_threads(
        lambda: application_approve(application=application, actor=first),
        lambda: application_approve(application=application, actor=second),
    )
    vendors = [r for r in results if isinstance(r, Vendor)]
    errors = [r for r in results if isinstance(r, ServiceError)]
    assert len(vendors) == 1 and len(errors) == 1, results
    assert errors[0].codes == [ErrorCode.INVALID_TRANSITION]
    assert "already approved" in errors[0].errors[0].message
    assert Vendor.objects.count() == 1
    assert list(VendorMember.objects.values_list("user_id", "role")) == [(applicant.pk, "owner")]
    assert application.events.filter(to_status=Status.APPROVED).count() == 1
    application.refresh_from_db()
    assert application.vendor == vendors[0]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_applications_with_one_tax_code_approved_at_once_make_one_producer():
    staff = StaffFactory()
    one = submitted(UserFactory(), tax_code="0100233488", display_name="HTX Một")
    two = submitted(UserFactory(), tax_code="0100233488", display_name="HTX Hai")
    ready = threading.Event()
    results = run_in_threads(
        approve_holding_the_transaction(one, staff, ready),
        lambda: ready.wait(10) and application_approve(application=two, actor=staff),
    )
    assert isinstance(results[0], Vendor), results
    assert isinstance(results[1], ServiceError), results
    assert results[1].codes == [ErrorCode.UNIQUE]
    assert results[1].errors[0].field == "tax_code"
    assert list(Vendor.objects.values_list("tax_code", flat=True)) == ["0100233488"]
    two.refresh_from_db()
    assert (two.status, two.vendor) == (Status.SUBMITTED, None)
    assert VendorMember.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_producers_with_one_name_approved_at_once_get_different_slugs():
    staff = StaffFactory()
    one = submitted(UserFactory(), display_name="HTX Chè Mộc Châu")
    two = submitted(UserFactory(), display_name="HTX Chè Mộc Châu")
    ready = threading.Event()
    results = run_in_threads(
        approve_holding_the_transaction(one, staff, ready),
        lambda: ready.wait(10) and application_approve(application=two, actor=staff),
    )
    assert all(isinstance(r, Vendor) for r in results), results
    assert sorted(Vendor.objects.values_list("slug", flat=True)) == [
        "htx-che-moc-chau",
        "htx-che-moc-chau-2",
    ]


@pytest.mark.parametrize(
    "decide",
    [
        lambda a, s: application_approve(application=a, actor=s),
        lambda a, s: application_reject(application=a, actor=s, note="Tự duyệt"),
        lambda a, s: application_request_changes(application=a, actor=s, note="Tự duyệt"),
    ],
    ids=["approve", "reject", "request_changes"],
)
def test_staff_never_decide_on_their_own_application(db, decide):
    staff_applicant = StaffFactory()
    application = submitted(staff_applicant)
    before = snapshot(application)
    with pytest.raises(ServiceError) as exc:
        decide(application, staff_applicant)
    assert exc.value.codes == [ErrorCode.PERMISSION_DENIED]
    assert "Another staff member" in exc.value.errors[0].message
    assert snapshot(application) == before
    assert not Vendor.objects.filter(tax_code=application.tax_code).exists()
    decide(application, StaffFactory())  # a colleague may
