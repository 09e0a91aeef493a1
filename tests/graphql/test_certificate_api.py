"""OCOP certificates over HTTP: a producer records one with its scan (multipart), staff verify,
reject or revoke it; verified ones are public, the rest only their producer's and staff's."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from graphql_relay import to_global_id

from catalog.models import Category
from tests.factories import (
    CertificateFactory,
    UserFactory,
    VendorFactory,
    VendorMemberFactory,
    product_set,
)
from tests.files import image_bytes, pdf_bytes, pdf_upload, upload
from tests.graphql.client import payload
from tests.graphql.vendor_support import ERRORS, codes, gid, in_english
from vendors.models import OcopCertificate

pytestmark = pytest.mark.django_db

Verification = OcopCertificate.Verification

CERTIFICATE = """
  id productName decisionNumber decisionDate issuingBody level stars score validUntil isCurrent
  verificationStatus revoked reviewNote revokedReason documentUrl createdAt
  productSet { id code name }
  vendor { id name province { code } }
"""
CREATE = f"""
mutation($input: OcopCertificateCreateInput!) {{
  ocopCertificateCreate(input: $input) {{ certificate {{ {CERTIFICATE} }} {ERRORS} }}
}}"""
VERIFY = f"""
mutation($id: ID!, $note: String) {{
  ocopCertificateVerify(id: $id, note: $note) {{ certificate {{ {CERTIFICATE} }} {ERRORS} }}
}}"""
REJECT = f"""
mutation($id: ID!, $note: String) {{
  ocopCertificateReject(id: $id, note: $note) {{ certificate {{ {CERTIFICATE} }} {ERRORS} }}
}}"""
REVOKE = f"""
mutation($id: ID!, $reason: String) {{
  ocopCertificateRevoke(id: $id, reason: $reason) {{ certificate {{ {CERTIFICATE} }} {ERRORS} }}
}}"""
LIST = f"""
query($filter: OcopCertificateFilterInput, $first: Int) {{
  ocopCertificates(filter: $filter, first: $first) {{
    totalCount edges {{ node {{ {CERTIFICATE} }} }}
  }}
}}"""
NODE = "query($id: ID!) { node(id: $id) { ... on OcopCertificate { id verificationStatus } } }"


@pytest.fixture
def gql(gql):
    return in_english(gql)


def category_id(category: Category) -> str:
    return to_global_id("Category", category.pk)


def certificate_input(vendor, **overrides) -> dict:
    return {
        "vendorId": gid(vendor),
        "productName": "Chè Shan tuyết Mộc Châu",
        "productSetId": category_id(product_set()),
        "decisionNumber": "1234/QĐ-UBND",
        "decisionDate": (timezone.localdate() - datetime.timedelta(days=30)).isoformat(),
        "issuingBody": "UBND tỉnh Sơn La",
        "level": "PROVINCE",
        "stars": 4,
        "score": 78,
        "document": None,
        **overrides,
    }


def create(client, vendor, document=None, **overrides) -> dict:
    response = client.upload(
        CREATE,
        {"input": certificate_input(vendor, **overrides)},
        {"input.document": document or pdf_upload("quyet-dinh-1234.pdf")},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]["ocopCertificateCreate"]


def listed(client, **filters) -> list[str]:
    result = client.execute(LIST, {"filter": filters})["ocopCertificates"]
    assert result["totalCount"] == len(result["edges"])
    return [edge["node"]["id"] for edge in result["edges"]]


def stored_scans() -> list[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


# --- the journey --------------------------------------------------------------------------


def test_record_verify_and_show_publicly(gql, vendor, owner, staff):
    created = payload({"c": create(gql(owner), vendor)}, "c")["certificate"]
    assert created["verificationStatus"] == "PENDING"
    assert created["isCurrent"] is False
    assert created["level"] == "PROVINCE"
    assert (created["stars"], created["score"]) == (4, 78)
    assert created["productSet"]["code"] == "I.5.a"
    assert created["vendor"]["id"] == gid(vendor)
    decision = datetime.date.fromisoformat(created["decisionDate"])
    valid_until = datetime.date.fromisoformat(created["validUntil"])
    assert (valid_until.year - decision.year) * 12 + valid_until.month - decision.month == 36
    assert created["documentUrl"].startswith("http://testserver/tai-lieu/chung-nhan/")

    # Pending: the public does not see it yet.
    assert listed(gql()) == []
    assert gql().execute(NODE, {"id": created["id"]})["node"] is None

    verified = payload(
        gql(staff).execute(VERIFY, {"id": created["id"], "note": "Khớp quyết định."}),
        "ocopCertificateVerify",
    )["certificate"]
    assert verified["verificationStatus"] == "VERIFIED"
    assert verified["isCurrent"] is True

    public = gql().execute(LIST)["ocopCertificates"]["edges"]
    assert [edge["node"]["id"] for edge in public] == [created["id"]]
    node = public[0]["node"]
    assert node["stars"] == 4 and node["isCurrent"] is True
    # What backs the badge is public; the scan and staff's note are not.
    assert node["documentUrl"] is None
    assert node["reviewNote"] is None
    assert gql(owner).execute(LIST)["ocopCertificates"]["edges"][0]["node"]["reviewNote"] == (
        "Khớp quyết định."
    )


def test_the_scan_link_serves_members_and_staff_only(gql, vendor, owner, staff):
    created = create(gql(owner), vendor)["certificate"]
    path = created["documentUrl"].removeprefix("http://testserver")
    for user, status in ((owner, 200), (staff, 200), (UserFactory(), 404)):
        browser = gql(user).client
        browser.force_login(user)
        assert browser.get(path).status_code == status
    assert gql().client.get(path).status_code == 404


def test_a_jpeg_scan_and_a_5_star_central_decision(gql, vendor, owner):
    result = create(
        gql(owner),
        vendor,
        document=upload("scan.jpg", image_bytes("JPEG"), "image/jpeg"),
        level="CENTRAL",
        stars=5,
        score=93,
        issuingBody="Bộ Nông nghiệp và Môi trường",
    )
    assert payload({"c": result}, "c")["certificate"]["level"] == "CENTRAL"


# --- bad input: payload errors, nothing written -------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"stars": 6, "score": 95}, [("stars", "INVALID")]),
        ({"stars": 2, "score": 40}, [("stars", "INVALID")]),
        ({"stars": 5, "score": 95}, [("level", "INVALID")]),  # a province never gives 5 stars
        ({"level": "CENTRAL"}, [("level", "INVALID")]),  # nor the central council 4
        ({"score": 92}, [("score", "INVALID")]),  # 4 stars is 70-89
        ({"score": 101}, [("score", "INVALID")]),
        ({"productName": "  "}, [("productName", "REQUIRED")]),
        ({"decisionDate": "2999-01-01"}, [("decisionDate", "INVALID")]),
        (
            {"stars": 6, "score": 101, "decisionDate": "2999-01-01"},
            [("stars", "INVALID"), ("score", "INVALID"), ("decisionDate", "INVALID")],
        ),
    ],
)
def test_rule_breaking_certificates_are_refused_and_nothing_is_stored(
    gql, vendor, owner, overrides, expected
):
    result = create(gql(owner), vendor, **overrides)
    assert result["certificate"] is None
    assert codes(result) == expected
    assert all(error["message"] for error in result["errors"])
    assert not OcopCertificate.objects.exists()
    assert stored_scans() == []


def test_a_5_star_provincial_decision_says_who_recognises_5_stars(gql, vendor, owner):
    result = create(gql(owner), vendor, stars=5, score=95)
    assert "central council" in result["errors"][0]["message"]


@pytest.mark.parametrize(
    ("document", "code"),
    [
        (lambda: upload("quyet-dinh.png", pdf_bytes(), "image/png"), "UNSUPPORTED_FILE_TYPE"),
        (
            lambda: upload("quyet-dinh.pdf", b"hello, not a pdf", "application/pdf"),
            "UNSUPPORTED_FILE_TYPE",
        ),
        (lambda: upload("quyet-dinh.pdf", b"", "application/pdf"), "INVALID"),
    ],
)
def test_the_scan_is_judged_by_its_content(gql, vendor, owner, document, code):
    result = create(gql(owner), vendor, document=document())
    assert codes(result) == [("document", code)]
    assert not OcopCertificate.objects.exists()
    assert stored_scans() == []


def test_an_oversized_scan_is_refused(gql, vendor, owner, settings):
    settings.MAX_DOCUMENT_UPLOAD_BYTES = 100
    result = create(gql(owner), vendor)
    assert codes(result) == [("document", "FILE_TOO_LARGE")]
    assert not OcopCertificate.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"vendorId": to_global_id("Vendor", 999_999)}, [("vendorId", "NOT_FOUND")]),
        ({"vendorId": to_global_id("Category", 1)}, [("vendorId", "INVALID")]),
        ({"vendorId": "garbage"}, [("vendorId", "INVALID")]),
        ({"productSetId": to_global_id("Category", 999_999)}, [("productSetId", "NOT_FOUND")]),
        ({"productSetId": to_global_id("Vendor", 1)}, [("productSetId", "INVALID")]),
    ],
)
def test_unknown_and_wrong_type_ids_are_payload_errors(gql, vendor, owner, overrides, expected):
    result = create(gql(owner), vendor, **overrides)
    assert codes(result) == expected
    assert not OcopCertificate.objects.exists()


def test_the_product_set_must_be_the_most_detailed_level(gql, vendor, owner):
    sector = Category.objects.filter(level=Category.Level.SECTOR).first()
    result = create(gql(owner), vendor, productSetId=category_id(sector))
    assert codes(result) == [("productSetId", "INVALID")]


def test_the_same_decision_is_recorded_once(gql, vendor, owner):
    payload({"c": create(gql(owner), vendor)}, "c")
    again = create(gql(owner), vendor)
    assert codes(again) == [("decisionNumber", "UNIQUE")]
    assert OcopCertificate.objects.count() == 1


# --- who records, reviews and sees --------------------------------------------------------


def test_only_owners_managers_and_staff_record_certificates(gql, vendor, owner, other_owner):
    staff_member = VendorMemberFactory(vendor=vendor, role="staff").user
    for user in (None, UserFactory(), other_owner, staff_member):
        assert codes(create(gql(user), vendor)) == [(None, "PERMISSION_DENIED")]
    assert not OcopCertificate.objects.exists()
    assert stored_scans() == []


def test_recording_for_a_suspended_producer_of_others_looks_unknown(gql, other_owner):
    suspended = VendorFactory(status="suspended")
    assert codes(create(gql(other_owner), suspended)) == [("vendorId", "NOT_FOUND")]


def test_pending_certificates_are_seen_only_by_the_producer_s_members_and_staff(
    gql, vendor, owner, other_owner, staff
):
    pending = CertificateFactory(vendor=vendor, verification_status=Verification.PENDING)
    rejected = CertificateFactory(
        vendor=vendor, verification_status=Verification.REJECTED, review_note="Sai số."
    )
    verified = CertificateFactory(vendor=vendor)
    everyone = {gid(verified)}
    assert set(listed(gql())) == everyone
    assert set(listed(gql(UserFactory()))) == everyone
    assert set(listed(gql(other_owner))) == everyone
    assert set(listed(gql(owner))) == {gid(pending), gid(rejected), gid(verified)}
    assert set(listed(gql(staff))) == {gid(pending), gid(rejected), gid(verified)}
    for user in (None, UserFactory(), other_owner):
        assert gql(user).execute(NODE, {"id": gid(pending)})["node"] is None
    assert gql(owner).execute(NODE, {"id": gid(pending)})["node"]["verificationStatus"] == (
        "PENDING"
    )


def test_reviewing_what_one_cannot_see_looks_unknown_and_what_one_can_is_denied(
    gql, vendor, owner, other_owner
):
    pending = CertificateFactory(vendor=vendor, verification_status=Verification.PENDING)
    for user in (None, UserFactory(), other_owner):
        result = gql(user).execute(VERIFY, {"id": gid(pending)})["ocopCertificateVerify"]
        assert codes(result) == [("id", "NOT_FOUND")]
    # The producer sees its certificate but does not verify it.
    result = gql(owner).execute(VERIFY, {"id": gid(pending)})["ocopCertificateVerify"]
    assert codes(result) == [(None, "PERMISSION_DENIED")]
    # Anyone sees a verified one, but only staff revoke it.
    verified = CertificateFactory(vendor=vendor)
    result = gql(other_owner).execute(REVOKE, {"id": gid(verified), "reason": "Tôi muốn thế"})
    assert codes(result["ocopCertificateRevoke"]) == [(None, "PERMISSION_DENIED")]
    pending.refresh_from_db()
    verified.refresh_from_db()
    assert pending.verification_status == Verification.PENDING
    assert not verified.revoked


def test_staff_reject_with_a_note_the_producer_reads(gql, vendor, owner, staff):
    pending = CertificateFactory(vendor=vendor, verification_status=Verification.PENDING)
    no_note = gql(staff).execute(REJECT, {"id": gid(pending)})["ocopCertificateReject"]
    assert codes(no_note) == [("note", "REQUIRED")]
    rejected = payload(
        gql(staff).execute(REJECT, {"id": gid(pending), "note": "Số quyết định không khớp."}),
        "ocopCertificateReject",
    )["certificate"]
    assert rejected["verificationStatus"] == "REJECTED"
    owner_view = gql(owner).execute(LIST)["ocopCertificates"]["edges"][0]["node"]
    assert owner_view["reviewNote"] == "Số quyết định không khớp."


def test_reviewing_twice_is_refused(gql, vendor, staff):
    pending = CertificateFactory(vendor=vendor, verification_status=Verification.PENDING)
    payload(gql(staff).execute(VERIFY, {"id": gid(pending)}), "ocopCertificateVerify")
    again = gql(staff).execute(REJECT, {"id": gid(pending), "note": "Nhầm."})
    assert codes(again["ocopCertificateReject"]) == [("verificationStatus", "INVALID_TRANSITION")]
    pending.refresh_from_db()
    assert pending.verification_status == Verification.VERIFIED


def test_revoking_takes_the_certificate_out_of_public_view(gql, vendor, owner, staff):
    certificate = CertificateFactory(vendor=vendor)
    no_reason = gql(staff).execute(REVOKE, {"id": gid(certificate)})["ocopCertificateRevoke"]
    assert codes(no_reason) == [("reason", "REQUIRED")]
    revoked = payload(
        gql(staff).execute(REVOKE, {"id": gid(certificate), "reason": "Quyết định bị hủy."}),
        "ocopCertificateRevoke",
    )["certificate"]
    assert revoked["revoked"] is True
    assert revoked["isCurrent"] is False
    assert revoked["revokedReason"] == "Quyết định bị hủy."
    assert listed(gql()) == []
    assert listed(gql(owner)) == [gid(certificate)]
    again = gql(staff).execute(REVOKE, {"id": gid(certificate), "reason": "Lần nữa."})
    assert codes(again["ocopCertificateRevoke"]) == [("revoked", "INVALID_TRANSITION")]


def test_certificates_of_a_suspended_producer_are_not_public(gql, owner, vendor):
    certificate = CertificateFactory(vendor=vendor)
    vendor.status = "suspended"
    vendor.save()
    assert listed(gql()) == []
    assert listed(gql(owner)) == [gid(certificate)]


# --- filters and budget -------------------------------------------------------------------


def test_filters_by_producer_status_and_currency(gql, vendor, other_vendor, staff):
    today = timezone.localdate()
    current = CertificateFactory(vendor=vendor)
    expired = CertificateFactory(
        vendor=vendor,
        decision_date=today - datetime.timedelta(days=4 * 365),
        valid_until=today - datetime.timedelta(days=1),
    )
    pending = CertificateFactory(vendor=vendor, verification_status=Verification.PENDING)
    elsewhere = CertificateFactory(vendor=other_vendor)

    assert set(listed(gql(), vendor=gid(vendor))) == {gid(current), gid(expired)}
    assert set(listed(gql(), current=True)) == {gid(current), gid(elsewhere)}
    assert set(listed(gql(), current=False)) == {gid(expired)}
    assert set(listed(gql(staff), verificationStatus="PENDING")) == {gid(pending)}
    assert set(listed(gql(staff), vendor=gid(vendor), current=False)) == {
        gid(expired),
        gid(pending),
    }
    assert listed(gql(), vendor=to_global_id("Vendor", 999_999)) == []


def test_a_wrong_type_producer_filter_is_a_graphql_error(gql, vendor):
    response = gql().post(LIST, {"filter": {"vendor": to_global_id("Category", 1)}})
    body = response.json()
    assert body["data"]["ocopCertificates"] is None
    assert "Vendor" in body["errors"][0]["message"]


def test_the_list_costs_the_same_for_5_or_50(gql, staff):
    vendors = VendorFactory.create_batch(5)
    for n in range(50):
        CertificateFactory(vendor=vendors[n % 5])
    query = """query($first: Int) { ocopCertificates(first: $first) { edges { node {
        id productName stars isCurrent documentUrl reviewNote
        productSet { id code name parent { name parent { name } } }
        vendor { id name province { code name } commune { name } taxCode members { role } }
    } } } }"""
    for user in (None, staff):
        client = gql(user)
        with CaptureQueriesContext(connection) as five:
            client.execute(query, {"first": 5})
        with CaptureQueriesContext(connection) as fifty:
            assert len(client.execute(query, {"first": 50})["ocopCertificates"]["edges"]) == 50
        assert len(five) == len(fifty), [q["sql"] for q in fifty.captured_queries]
