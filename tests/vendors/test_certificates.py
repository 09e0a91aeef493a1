"""OCOP certificates: the programme's rules, who records them, and staff review.

3-5 stars only; a province recognises 3 and 4 stars, the central council 5; the score lies in
its star's band (3★ 50-69, 4★ 70-89, 5★ 90-100); a decision is valid 36 months from its date;
only a verified, unrevoked, unexpired certificate gives stars.
"""

import datetime
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from catalog.models import Category, Product
from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.core.ocop import add_months, certificate_valid_until, scoring
from tests.assertions import refused
from tests.concurrency import run_in_threads, wait_for_a_blocked_query
from tests.factories import (
    CertificateFactory,
    ProductFactory,
    StaffFactory,
    VendorMemberFactory,
    product_set,
)
from tests.files import jpeg_upload, pdf_bytes, pdf_upload, upload
from vendors.models import OcopCertificate
from vendors.selectors import current_certificates
from vendors.services.certificates import (
    certificate_create,
    certificate_reject,
    certificate_revoke,
    certificate_verify,
)

Level = OcopCertificate.Level
Verification = OcopCertificate.Verification
TODAY = timezone.localdate


def fields(**overrides) -> dict:
    return {
        "product_name": "Chè Shan tuyết Mộc Châu",
        "product_set": product_set(),
        "decision_number": "1234/QĐ-UBND",
        "decision_date": TODAY() - datetime.timedelta(days=30),
        "issuing_body": "UBND tỉnh Sơn La",
        "level": Level.PROVINCE,
        "stars": 4,
        "score": 78,
        "document": pdf_upload("quyet-dinh.pdf"),
        **overrides,
    }


def record(vendor, actor, **overrides) -> OcopCertificate:
    return certificate_create(vendor=vendor, actor=actor, **fields(**overrides))


def stored_files() -> list[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def snapshot(certificate=None) -> dict:
    state = {"certificates": OcopCertificate.objects.count(), "files": stored_files()}
    if certificate is not None:
        fresh = OcopCertificate.objects.get(pk=certificate.pk)
        state["certificate"] = (
            fresh.verification_status,
            fresh.reviewed_by_id,
            fresh.reviewed_at,
            fresh.review_note,
            fresh.revoked,
            fresh.revoked_at,
            fresh.revoked_reason,
        )
    return state


@pytest.fixture
def pending(vendor):
    return CertificateFactory(vendor=vendor, verification_status=Verification.PENDING)


# --- recording ------------------------------------------------------------------------------


def test_owner_records_a_certificate_pending_review(vendor, owner):
    decision_date = TODAY() - datetime.timedelta(days=30)
    scan = pdf_bytes()
    certificate = record(
        vendor,
        owner,
        decision_date=decision_date,
        product_name="  Chè  ",
        document=upload("quyet-dinh.pdf", scan),
    )
    certificate.refresh_from_db()
    assert certificate.verification_status == Verification.PENDING
    assert certificate.product_name == "Chè"
    assert certificate.valid_until == add_months(decision_date, 36)
    assert certificate.created_by == owner
    assert certificate.reviewed_by is None
    assert not certificate.is_current()  # not until staff verify it
    assert certificate.document.name.startswith(f"certificates/{vendor.pk}/decision")
    assert certificate.document.name.endswith(".pdf")
    (path,) = stored_files()
    assert path.read_bytes() == scan


def test_a_jpeg_scan_is_accepted(vendor, owner):
    certificate = record(vendor, owner, document=jpeg_upload("scan.jpg"))
    assert certificate.document.name.endswith(".jpg")


@pytest.mark.parametrize("role", ["owner", "manager"])
def test_owners_and_managers_record_certificates(vendor, role):
    member = VendorMemberFactory(vendor=vendor, role=role)
    assert record(vendor, member.user).vendor == vendor


def test_platform_staff_record_certificates(vendor, staff):
    assert record(vendor, staff).created_by == staff


@pytest.mark.parametrize(
    "who", ["staff member", "other producer's owner", "shopper", "anonymous", "deactivated owner"]
)
def test_others_cannot_record_certificates(vendor, other_owner, shopper, who):
    if who == "staff member":
        actor = VendorMemberFactory(vendor=vendor, role="staff").user
    elif who == "deactivated owner":
        actor = VendorMemberFactory(vendor=vendor, role="owner", user__is_active=False).user
    else:
        actor = {"other producer's owner": other_owner, "shopper": shopper}.get(
            who, AnonymousUser()
        )
    before = snapshot()
    message = refused(lambda: record(vendor, actor), ErrorCode.PERMISSION_DENIED, None)
    assert "producer" in message
    assert snapshot() == before


# --- the programme's rules ------------------------------------------------------------------


@pytest.mark.parametrize("stars", [6, 2, 1, 0])
def test_only_3_to_5_stars_are_certified(vendor, owner, stars):
    before = snapshot()
    message = refused(lambda: record(vendor, owner, stars=stars), ErrorCode.INVALID, "stars")
    assert message == f"OCOP certificates have 3, 4 or 5 stars, not {stars}."
    assert snapshot() == before


def test_stars_are_required(vendor, owner):
    refused(lambda: record(vendor, owner, stars=None), ErrorCode.REQUIRED, "stars")


def test_a_province_does_not_recognise_5_stars(vendor, owner):
    before = snapshot()
    message = refused(
        lambda: record(vendor, owner, level=Level.PROVINCE, stars=5, score=92),
        ErrorCode.INVALID,
        "level",
    )
    assert "central council" in message
    assert snapshot() == before


@pytest.mark.parametrize(("stars", "score"), [(3, 60), (4, 80)])
def test_the_central_council_does_not_recognise_3_or_4_stars(vendor, owner, stars, score):
    before = snapshot()
    message = refused(
        lambda: record(vendor, owner, level=Level.CENTRAL, stars=stars, score=score),
        ErrorCode.INVALID,
        "level",
    )
    assert f"{stars}-star products are recognised by the province" in message
    assert snapshot() == before


def test_level_must_be_known(vendor, owner):
    message = refused(lambda: record(vendor, owner, level="district"), ErrorCode.INVALID, "level")
    assert "province or central" in message


def _level(stars):
    return Level.CENTRAL if stars == 5 else Level.PROVINCE


@pytest.mark.parametrize(
    ("stars", "score"), [(3, 50), (3, 69), (4, 70), (4, 89), (5, 90), (5, 100)]
)
def test_scores_at_both_edges_of_their_band_are_accepted(vendor, owner, stars, score):
    certificate = record(vendor, owner, stars=stars, score=score, level=_level(stars))
    assert (certificate.stars, certificate.score) == (stars, score)


@pytest.mark.parametrize(
    ("stars", "score", "band"),
    [
        (3, 49, "50 to 69"),
        (3, 70, "50 to 69"),
        (4, 69, "70 to 89"),
        (4, 90, "70 to 89"),
        (5, 89, "90 to 100"),
        (3, 0, "50 to 69"),
    ],
)
def test_scores_outside_their_band_are_refused(vendor, owner, stars, score, band):
    before = snapshot()
    message = refused(
        lambda: record(vendor, owner, stars=stars, score=score, level=_level(stars)),
        ErrorCode.INVALID,
        "score",
    )
    assert message == f"A {stars}-star score is {band}; {score} is not."
    assert snapshot() == before


@pytest.mark.parametrize("score", [101, 150, -1])
def test_scores_are_out_of_100(vendor, owner, score):
    message = refused(
        lambda: record(vendor, owner, stars=5, score=score, level=Level.CENTRAL),
        ErrorCode.INVALID,
        "score",
    )
    assert "between 0 and 100" in message


def test_bands_come_from_the_taxonomy_file():
    rules = scoring()
    assert [(b.stars, b.min_score, b.max_score) for b in rules.bands.values()] == [
        (1, 0, 29),
        (2, 30, 49),
        (3, 50, 69),
        (4, 70, 89),
        (5, 90, 100),
    ]
    assert rules.certified_stars == (3, 4, 5)
    assert rules.stars_by_level == {"province": (3, 4), "central": (5,)}
    assert rules.stars_for_score(89) == 4
    assert rules.stars_for_score(101) is None


def test_every_broken_rule_is_reported_at_once(vendor, owner):
    with pytest.raises(ServiceError) as exc:
        record(
            vendor,
            owner,
            stars=5,
            score=70,
            level=Level.PROVINCE,
            decision_date=TODAY() + datetime.timedelta(days=1),
            product_set=Category.objects.get(level=1, code="I"),
        )
    assert {(e.code, e.field) for e in exc.value.errors} == {
        (ErrorCode.INVALID, "level"),
        (ErrorCode.INVALID, "score"),
        (ErrorCode.INVALID, "decision_date"),
        (ErrorCode.INVALID, "product_set"),
    }
    assert stored_files() == []


def test_a_decision_dated_in_the_future_is_refused(vendor, owner):
    before = snapshot()
    message = refused(
        lambda: record(vendor, owner, decision_date=TODAY() + datetime.timedelta(days=1)),
        ErrorCode.INVALID,
        "decision_date",
    )
    assert "future" in message
    assert snapshot() == before
    assert record(vendor, owner, decision_date=TODAY()).valid_until == add_months(TODAY(), 36)


def test_decision_date_is_required(vendor, owner):
    refused(lambda: record(vendor, owner, decision_date=None), ErrorCode.REQUIRED, "decision_date")


@pytest.mark.parametrize(("level", "code"), [(1, "I"), (2, "I.5")])
def test_the_product_set_must_be_a_leaf_of_the_taxonomy(vendor, owner, level, code):
    before = snapshot()
    message = refused(
        lambda: record(vendor, owner, product_set=Category.objects.get(level=level, code=code)),
        ErrorCode.INVALID,
        "product_set",
    )
    assert "product set" in message
    assert snapshot() == before


def test_a_group_that_is_its_own_product_set_is_accepted(vendor, owner):
    leaf = Category.objects.filter(
        level=3, code__in=Category.objects.filter(level=2).values("code")
    )
    certificate = record(vendor, owner, product_set=leaf.first())
    assert certificate.product_set.is_leaf


@pytest.mark.parametrize("field", ["product_name", "decision_number", "issuing_body"])
@pytest.mark.parametrize("value", ["", "   ", None])
def test_text_fields_are_required(vendor, owner, field, value):
    refused(lambda: record(vendor, owner, **{field: value}), ErrorCode.REQUIRED, field)
    assert snapshot() == {"certificates": 0, "files": []}


@pytest.mark.parametrize(
    ("document", "code"),
    [
        (lambda: upload("quyet-dinh.png", pdf_bytes()), ErrorCode.UNSUPPORTED_FILE_TYPE),
        (
            lambda: upload("quyet-dinh.pdf", b"not a pdf at all " * 20),
            ErrorCode.UNSUPPORTED_FILE_TYPE,
        ),
        (lambda: upload("quyet-dinh.pdf", b""), ErrorCode.INVALID),
        (lambda: None, ErrorCode.REQUIRED),
    ],
    ids=["pdf-named-png", "text", "empty", "missing"],
)
def test_the_scan_is_checked_by_content(vendor, owner, document, code):
    refused(lambda: record(vendor, owner, document=document()), code, "document")
    assert snapshot() == {"certificates": 0, "files": []}


def test_an_oversized_scan_is_refused(vendor, owner, settings):
    settings.MAX_DOCUMENT_UPLOAD_BYTES = 1000
    message = refused(
        lambda: record(vendor, owner, document=upload("qd.pdf", pdf_bytes()[:1001])),
        ErrorCode.FILE_TOO_LARGE,
        "document",
    )
    assert "1000 bytes" in message
    assert snapshot() == {"certificates": 0, "files": []}


def test_the_same_decision_for_the_same_product_is_recorded_once(vendor, owner, other_owner):
    record(vendor, owner)
    before = snapshot()
    message = refused(lambda: record(vendor, owner), ErrorCode.UNIQUE, "decision_number")
    assert "already recorded" in message
    assert snapshot() == before
    # One decision often recognises several products; and another producer is another matter.
    record(vendor, owner, product_name="Chè xanh Mộc Châu")
    assert record(other_owner.vendor_memberships.get().vendor, other_owner).pk


# --- 36 months ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2024, 2, 29), 36, datetime.date(2027, 2, 28)),  # leap day, no leap year
        (datetime.date(2024, 2, 29), 48, datetime.date(2028, 2, 29)),
        (datetime.date(2023, 1, 31), 1, datetime.date(2023, 2, 28)),
        (datetime.date(2024, 1, 31), 1, datetime.date(2024, 2, 29)),
        (datetime.date(2023, 8, 31), 1, datetime.date(2023, 9, 30)),
        (datetime.date(2022, 3, 31), 36, datetime.date(2025, 3, 31)),
        (datetime.date(2023, 12, 15), 1, datetime.date(2024, 1, 15)),
        (datetime.date(2023, 11, 30), 36, datetime.date(2026, 11, 30)),
        (datetime.date(2024, 3, 31), -1, datetime.date(2024, 2, 29)),
        (datetime.date(2024, 5, 17), 0, datetime.date(2024, 5, 17)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert add_months(day, months) == expected


def test_a_decision_of_29_february_is_valid_until_28_february_three_years_on(vendor, owner):
    certificate = record(vendor, owner, decision_date=datetime.date(2024, 2, 29))
    certificate.refresh_from_db()
    assert certificate.valid_until == datetime.date(2027, 2, 28)
    assert certificate_valid_until(datetime.date(2025, 10, 31)) == datetime.date(2028, 10, 31)


# --- review ---------------------------------------------------------------------------------


def test_staff_verify_a_certificate(pending, staff):
    result = certificate_verify(certificate=pending, actor=staff, note=" Đã đối chiếu ")
    pending.refresh_from_db()
    assert result.verification_status == pending.verification_status == Verification.VERIFIED
    assert (pending.reviewed_by, pending.review_note) == (staff, "Đã đối chiếu")
    assert pending.reviewed_at is not None
    assert pending.is_current()


def test_staff_reject_a_certificate_with_a_note(pending, staff):
    before = snapshot(pending)
    for note in ("", "  ", None):
        message = refused(
            lambda note=note: certificate_reject(certificate=pending, actor=staff, note=note),
            ErrorCode.REQUIRED,
            "note",
        )
        assert "note" in message
    assert snapshot(pending) == before
    certificate_reject(certificate=pending, actor=staff, note="Số quyết định không khớp")
    pending.refresh_from_db()
    assert pending.verification_status == Verification.REJECTED
    assert (pending.reviewed_by, pending.review_note) == (staff, "Số quyết định không khớp")
    assert not pending.is_current()


@pytest.mark.parametrize(
    "review",
    [
        lambda c, a: certificate_verify(certificate=c, actor=a),
        lambda c, a: certificate_reject(certificate=c, actor=a, note="Sai"),
        lambda c, a: certificate_revoke(certificate=c, actor=a, reason="Bị thu hồi"),
    ],
    ids=["verify", "reject", "revoke"],
)
@pytest.mark.parametrize("who", ["owner", "manager", "shopper", "anonymous", "former staff"])
def test_only_staff_review(vendor, pending, owner, shopper, review, who):
    actor = {
        "owner": owner,
        "manager": VendorMemberFactory(vendor=vendor, role="manager").user,
        "shopper": shopper,
        "anonymous": AnonymousUser(),
        "former staff": StaffFactory(is_active=False),
    }[who]
    before = snapshot(pending)
    message = refused(lambda: review(pending, actor), ErrorCode.PERMISSION_DENIED, None)
    assert "staff" in message
    assert snapshot(pending) == before


@pytest.mark.parametrize(
    ("first", "second"),
    [("verify", "verify"), ("verify", "reject"), ("reject", "verify"), ("reject", "reject")],
)
def test_reviewing_twice_is_refused(pending, staff, first, second):
    reviews = {
        "verify": lambda actor: certificate_verify(certificate=pending, actor=actor),
        "reject": lambda actor: certificate_reject(certificate=pending, actor=actor, note="Sai"),
    }
    reviews[first](staff)
    before = snapshot(pending)
    message = refused(
        lambda: reviews[second](StaffFactory()), ErrorCode.INVALID_TRANSITION, "verification_status"
    )
    assert "already reviewed" in message
    assert snapshot(pending) == before


def test_revoking_takes_the_stars_away_once(vendor, staff):
    certificate = CertificateFactory(vendor=vendor)
    assert certificate.is_current()
    message = refused(
        lambda: certificate_revoke(certificate=certificate, actor=staff, reason=" "),
        ErrorCode.REQUIRED,
        "reason",
    )
    assert "note" in message
    certificate_revoke(certificate=certificate, actor=staff, reason="  QĐ bị hủy  ")
    certificate.refresh_from_db()
    assert (certificate.revoked, certificate.revoked_reason) == (True, "QĐ bị hủy")
    assert certificate.revoked_at is not None
    assert certificate.revoked_by == staff
    assert certificate.verification_status == Verification.VERIFIED  # history is kept
    assert not certificate.is_current()
    assert certificate not in current_certificates(vendor)
    before = snapshot(certificate)
    message = refused(
        lambda: certificate_revoke(certificate=certificate, actor=staff, reason="Lần nữa"),
        ErrorCode.INVALID_TRANSITION,
        "revoked",
    )
    assert "already revoked" in message
    assert snapshot(certificate) == before


def test_a_revoked_certificate_cannot_be_verified(pending, staff):
    certificate_revoke(certificate=pending, actor=staff, reason="Hồ sơ giả")
    before = snapshot(pending)
    message = refused(
        lambda: certificate_verify(certificate=pending, actor=staff),
        ErrorCode.INVALID_TRANSITION,
        "revoked",
    )
    assert "revoked" in message
    assert snapshot(pending) == before


# --- is it current? -------------------------------------------------------------------------


def test_is_current_only_while_verified_unrevoked_and_unexpired(vendor):
    today = TODAY()
    decided = add_months(today, -36)  # valid until today, inclusive
    current = CertificateFactory(vendor=vendor, decision_date=decided)
    assert current.valid_until == today
    assert current.is_current()
    assert not current.is_current(on=today + datetime.timedelta(days=1))
    expired = CertificateFactory(vendor=vendor, decision_date=decided - datetime.timedelta(days=1))
    pending = CertificateFactory(vendor=vendor, verification_status=Verification.PENDING)
    rejected = CertificateFactory(vendor=vendor, verification_status=Verification.REJECTED)
    revoked = CertificateFactory(vendor=vendor, revoked=True)
    for certificate in (expired, pending, rejected, revoked):
        assert not certificate.is_current(), certificate
    assert list(current_certificates(vendor)) == [current]


def test_products_lose_their_stars_when_the_certificate_expires_or_is_revoked(vendor, staff):
    certificate = CertificateFactory(vendor=vendor, stars=5, score=95, level=Level.CENTRAL)
    product = ProductFactory(vendor=vendor, certificate=certificate)

    def stars(on=None):
        return Product.objects.with_current_stars(on).get(pk=product.pk).current_stars

    assert stars() == 5
    assert stars(on=certificate.valid_until + datetime.timedelta(days=1)) is None
    certificate_revoke(certificate=certificate, actor=staff, reason="Thu hồi")
    assert stars() is None


# --- the database refuses what the services refuse ------------------------------------------


@pytest.mark.parametrize(
    ("level", "stars", "score"),
    [
        (Level.PROVINCE, 5, 95),  # 5★ from a province
        (Level.CENTRAL, 4, 80),  # 4★ from the central council
        (Level.PROVINCE, 6, 95),  # no such star
        (Level.PROVINCE, 4, 95),  # score outside 4★'s band
        (Level.PROVINCE, 3, 49),
        (Level.CENTRAL, 5, 101),
    ],
)
def test_check_constraints_refuse_rule_breaking_rows_written_directly(vendor, level, stars, score):
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateFactory(vendor=vendor, level=level, stars=stars, score=score)
    assert not OcopCertificate.objects.exists()


def test_check_constraint_refuses_valid_until_before_the_decision(vendor):
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateFactory(vendor=vendor, valid_until=TODAY() - datetime.timedelta(days=365))
    assert not OcopCertificate.objects.exists()


# --- concurrency (PostgreSQL) ---------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_staff_reviewing_at_once_make_one_decision():
    certificate = CertificateFactory(verification_status=Verification.PENDING)
    first, second = StaffFactory(), StaffFactory()
    results = run_in_threads(
        lambda: certificate_verify(certificate=certificate, actor=first),
        lambda: certificate_reject(certificate=certificate, actor=second, note="Sai số"),
    )
    done = [r for r in results if isinstance(r, OcopCertificate)]
    errors = [r for r in results if isinstance(r, ServiceError)]
    assert len(done) == 1 and len(errors) == 1, results
    assert errors[0].codes == [ErrorCode.INVALID_TRANSITION]
    certificate.refresh_from_db()
    assert certificate.verification_status == done[0].verification_status
    assert certificate.reviewed_by == done[0].reviewed_by


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_recording_one_decision_twice_at_once_keeps_one_certificate_and_one_scan():
    owner = VendorMemberFactory().user
    vendor = owner.vendor_memberships.get().vendor
    ready = threading.Event()

    def first():
        with transaction.atomic():
            certificate = record(vendor, owner)
            ready.set()
            wait_for_a_blocked_query()
        return certificate

    results = run_in_threads(first, lambda: ready.wait(10) and record(vendor, owner))
    assert isinstance(results[0], OcopCertificate), results
    assert isinstance(results[1], ServiceError), results
    assert [(e.code, e.field) for e in results[1].errors] == [(ErrorCode.UNIQUE, "decision_number")]
    assert OcopCertificate.objects.count() == 1
    assert len(stored_files()) == 1  # the refused scan was not left behind
