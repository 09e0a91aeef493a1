"""Producer onboarding over HTTP: the applicant drafts, uploads (multipart) and submits; staff
approve, reject or ask for changes. Refusals are payload errors that change nothing, and other
people's applications look exactly like ones that do not exist."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql_relay import to_global_id

from tests.factories import (
    StaffFactory,
    UserFactory,
    draft_application,
    submitted_application,
    valid_tax_code,
)
from tests.files import pdf_bytes, pdf_upload, upload
from tests.graphql.client import payload
from tests.graphql.vendor_support import ERRORS, codes, gid, in_english
from vendors.models import (
    ApplicationDocument,
    ApplicationEvent,
    OnboardingApplication,
    Vendor,
    VendorMember,
)

pytestmark = pytest.mark.django_db

APPLICATION = """
  id status isEditable legalName displayName kind taxCode phone email story streetAddress
  commune { code name province { code name } }
  applicant { email fullName }
  documents { id kind originalName contentType size uploadedAt url }
  events { fromStatus toStatus actor { email fullName } note createdAt }
  vendor { id name slug }
  submittedAt decidedAt
"""
CREATE = f"""
mutation($input: VendorApplicationInput!) {{
  vendorApplicationCreate(input: $input) {{ application {{ {APPLICATION} }} {ERRORS} }}
}}"""
UPDATE = f"""
mutation($id: ID!, $input: VendorApplicationInput!) {{
  vendorApplicationUpdate(id: $id, input: $input) {{ application {{ {APPLICATION} }} {ERRORS} }}
}}"""
UPLOAD = f"""
mutation($applicationId: ID!, $kind: ApplicationDocumentKind!, $file: Upload!) {{
  vendorDocumentUpload(applicationId: $applicationId, kind: $kind, file: $file) {{
    document {{ id kind originalName contentType size url }}
    application {{ id documents {{ id }} }}
    {ERRORS}
  }}
}}"""
SUBMIT = f"""
mutation($id: ID!) {{
  vendorApplicationSubmit(id: $id) {{ application {{ id status submittedAt }} {ERRORS} }}
}}"""
APPROVE = f"""
mutation($id: ID!, $note: String) {{
  vendorApplicationApprove(id: $id, note: $note) {{
    application {{ id status decidedAt vendor {{ id name }} }}
    vendor {{ id name slug kind taxCode status members {{ role user {{ email }} }} }}
    {ERRORS}
  }}
}}"""
REJECT = f"""
mutation($id: ID!, $note: String) {{
  vendorApplicationReject(id: $id, note: $note) {{ application {{ id status decidedAt }} {ERRORS} }}
}}"""
REQUEST_CHANGES = f"""
mutation($id: ID!, $note: String) {{
  vendorApplicationRequestChanges(id: $id, note: $note) {{
    application {{ id status isEditable events {{ toStatus note }} }} {ERRORS}
  }}
}}"""
ONE = f"query($id: ID!) {{ vendorApplication(id: $id) {{ {APPLICATION} }} }}"
LIST = """
query($filter: VendorApplicationFilterInput, $first: Int) {
  vendorApplications(filter: $filter, first: $first) {
    totalCount edges { node { id status displayName applicant { email } } }
  }
}"""
ME = "{ me { vendorMemberships { role vendor { name taxCode } } } }"


def details(**overrides) -> dict:
    """What an applicant types into the form, as API input."""
    return {
        "legalName": "Hợp tác xã Chè Shan tuyết Mộc Châu",
        "displayName": "HTX Chè Mộc Châu",
        "kind": "COOPERATIVE",
        "taxCode": valid_tax_code(),
        "communeCode": "03980",
        "streetAddress": "Tiểu khu 1",
        "phone": "0912 345 678",
        "email": "htx.moc.chau@example.vn",
        "story": "<p>Chè <strong>Shan tuyết</strong></p><script>alert(1)</script>",
        **overrides,
    }


def upload_registration(client, application_id, file=None):
    response = client.upload(
        UPLOAD,
        {"applicationId": application_id, "kind": "BUSINESS_REGISTRATION", "file": None},
        {"file": file or pdf_upload("giay-phep-kinh-doanh.pdf")},
    )
    assert response.status_code == 200, response.content
    return response.json()["data"]["vendorDocumentUpload"]


def snapshot() -> dict:
    """What a refused mutation must leave as it was."""
    return {
        "applications": list(
            OnboardingApplication.objects.order_by("pk").values_list(
                "pk", "status", "legal_name", "tax_code", "vendor_id"
            )
        ),
        "events": ApplicationEvent.objects.count(),
        "documents": ApplicationDocument.objects.count(),
        "vendors": Vendor.objects.count(),
        "members": VendorMember.objects.count(),
    }


@pytest.fixture
def gql(gql):
    return in_english(gql)


@pytest.fixture
def applicant(db):
    return UserFactory(email="chu.htx@example.vn", full_name="Nguyễn Văn Chè")


# --- the journey --------------------------------------------------------------------------


def test_the_whole_journey_from_draft_to_owner(gql, applicant, staff):
    me = gql(applicant)
    created = payload(me.execute(CREATE, {"input": details()}), "vendorApplicationCreate")
    application = created["application"]
    assert application["status"] == "DRAFT"
    assert application["isEditable"] is True
    assert application["phone"] == "+84912345678"
    assert application["story"] == "<p>Chè <strong>Shan tuyết</strong></p>"
    assert application["commune"]["province"] == {"code": "14", "name": "Sơn La"}
    assert application["applicant"] == {"email": applicant.email, "fullName": "Nguyễn Văn Chè"}
    assert application["events"][0]["fromStatus"] is None
    assert application["events"][0]["toStatus"] == "DRAFT"

    uploaded = upload_registration(me, application["id"])
    assert uploaded["errors"] == []
    document = uploaded["document"]
    assert document["kind"] == "BUSINESS_REGISTRATION"
    assert document["originalName"] == "giay-phep-kinh-doanh.pdf"
    assert document["contentType"] == "application/pdf"
    assert document["size"] == len(pdf_bytes())
    assert uploaded["application"]["documents"] == [{"id": document["id"]}]
    # The link serves the file to the applicant's session only: the view checks who asks.
    path = document["url"].removeprefix("http://testserver")
    applicant_browser = me.client
    applicant_browser.force_login(applicant)
    assert applicant_browser.get(path).status_code == 200
    stranger_browser = gql(UserFactory()).client
    stranger_browser.force_login(UserFactory())
    assert stranger_browser.get(path).status_code == 404

    submitted = payload(me.execute(SUBMIT, {"id": application["id"]}), "vendorApplicationSubmit")
    assert submitted["application"]["status"] == "SUBMITTED"
    assert submitted["application"]["submittedAt"]

    # Staff find it in their queue.
    queue = gql(staff).execute(LIST, {"filter": {"status": "SUBMITTED"}})["vendorApplications"]
    assert [edge["node"]["id"] for edge in queue["edges"]] == [application["id"]]

    approved = payload(
        gql(staff).execute(APPROVE, {"id": application["id"], "note": "Hồ sơ đầy đủ."}),
        "vendorApplicationApprove",
    )
    assert approved["application"]["status"] == "APPROVED"
    assert approved["application"]["decidedAt"]
    assert approved["application"]["vendor"]["id"] == approved["vendor"]["id"]
    assert approved["vendor"]["name"] == "HTX Chè Mộc Châu"
    assert approved["vendor"]["kind"] == "COOPERATIVE"
    assert approved["vendor"]["status"] == "ACTIVE"
    assert approved["vendor"]["members"] == [{"role": "OWNER", "user": {"email": applicant.email}}]

    tax_code = OnboardingApplication.objects.get().tax_code
    assert me.execute(ME)["me"]["vendorMemberships"] == [
        {"role": "OWNER", "vendor": {"name": "HTX Chè Mộc Châu", "taxCode": tax_code}}
    ]
    history = me.execute(ONE, {"id": application["id"]})["vendorApplication"]
    assert [(e["fromStatus"], e["toStatus"]) for e in history["events"]] == [
        (None, "DRAFT"),
        ("DRAFT", "SUBMITTED"),
        ("SUBMITTED", "APPROVED"),
    ]
    assert history["events"][-1]["actor"]["email"] == staff.email
    assert history["events"][-1]["note"] == "Hồ sơ đầy đủ."


def test_changes_requested_then_updated_and_submitted_again(gql, applicant, staff):
    application = submitted_application(applicant)
    application_id = gid(application)

    asked = payload(
        gql(staff).execute(
            REQUEST_CHANGES, {"id": application_id, "note": "Ghi rõ địa chỉ xưởng."}
        ),
        "vendorApplicationRequestChanges",
    )
    assert asked["application"]["status"] == "CHANGES_REQUESTED"
    assert asked["application"]["isEditable"] is True
    assert asked["application"]["events"][-1] == {
        "toStatus": "CHANGES_REQUESTED",
        "note": "Ghi rõ địa chỉ xưởng.",
    }

    me = gql(applicant)
    updated = payload(
        me.execute(
            UPDATE, {"id": application_id, "input": {"streetAddress": "Xưởng chè, Tiểu khu 3"}}
        ),
        "vendorApplicationUpdate",
    )["application"]
    assert updated["streetAddress"] == "Xưởng chè, Tiểu khu 3"
    # Fields left out of the input stay as they were.
    assert updated["displayName"] == "HTX Chè Mộc Châu"
    assert updated["phone"] == "+84912345678"

    resubmitted = payload(me.execute(SUBMIT, {"id": application_id}), "vendorApplicationSubmit")
    assert resubmitted["application"]["status"] == "SUBMITTED"


def test_staff_reject_with_a_note(gql, applicant, staff):
    application = submitted_application(applicant)
    result = payload(
        gql(staff).execute(REJECT, {"id": gid(application), "note": "Không phải sản phẩm OCOP."}),
        "vendorApplicationReject",
    )
    assert result["application"]["status"] == "REJECTED"
    assert result["application"]["decidedAt"]
    assert not Vendor.objects.exists()


def test_a_draft_may_be_incomplete_and_null_clears_a_field(gql, applicant):
    me = gql(applicant)
    created = payload(
        me.execute(CREATE, {"input": {"displayName": "HTX Mới", "phone": "0912345678"}}),
        "vendorApplicationCreate",
    )["application"]
    assert created["kind"] is None
    assert created["commune"] is None
    assert created["taxCode"] == ""

    cleared = payload(
        me.execute(UPDATE, {"id": created["id"], "input": {"phone": None}}),
        "vendorApplicationUpdate",
    )["application"]
    assert cleared["phone"] == ""
    assert cleared["displayName"] == "HTX Mới"


# --- bad input: payload errors, nothing written -------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"taxCode": "0100233480"}, "taxCode", "INVALID"),
        ({"taxCode": "12345"}, "taxCode", "INVALID"),
        ({"communeCode": "99999"}, "communeCode", "NOT_FOUND"),
        ({"phone": "12"}, "phone", "INVALID"),
        ({"email": "not-an-email"}, "email", "INVALID"),
        ({"displayName": "x" * 151}, "displayName", "INVALID"),
    ],
)
def test_bad_details_are_refused_and_nothing_is_created(gql, applicant, overrides, field, code):
    before = snapshot()
    result = gql(applicant).execute(CREATE, {"input": details(**overrides)})
    result = result["vendorApplicationCreate"]
    assert result["application"] is None
    assert codes(result) == [(field, code)]
    assert result["errors"][0]["message"]
    assert snapshot() == before


def test_an_invalid_tax_code_says_what_is_wrong(gql, applicant):
    result = gql(applicant).execute(CREATE, {"input": details(taxCode="0100233480")})
    (error,) = result["vendorApplicationCreate"]["errors"]
    assert "check digit" in error["message"]


def test_anonymous_visitors_cannot_apply(gql):
    result = gql().execute(CREATE, {"input": details()})["vendorApplicationCreate"]
    assert codes(result) == [(None, "PERMISSION_DENIED")]
    assert not OnboardingApplication.objects.exists()


def test_an_update_with_bad_details_changes_nothing(gql, applicant):
    application = draft_application(applicant)
    before = snapshot()
    result = gql(applicant).execute(
        UPDATE, {"id": gid(application), "input": {"legalName": "Mới", "taxCode": "123"}}
    )["vendorApplicationUpdate"]
    assert codes(result) == [("taxCode", "INVALID")]
    assert snapshot() == before


def test_a_pdf_named_png_is_refused_and_no_document_is_kept(gql, applicant):
    application = draft_application(applicant)
    before = snapshot()
    result = upload_registration(
        gql(applicant), gid(application), upload("giay-phep.png", pdf_bytes(), "image/png")
    )
    assert result["document"] is None
    assert codes(result) == [("file", "UNSUPPORTED_FILE_TYPE")]
    assert ".png" in result["errors"][0]["message"]
    assert snapshot() == before


def test_a_text_file_is_refused(gql, applicant):
    application = draft_application(applicant)
    result = upload_registration(
        gql(applicant), gid(application), upload("giay-phep.pdf", b"hello", "application/pdf")
    )
    assert codes(result) == [("file", "UNSUPPORTED_FILE_TYPE")]
    assert not ApplicationDocument.objects.exists()


def test_submitting_without_the_registration_is_refused(gql, applicant):
    application = draft_application(applicant)
    result = gql(applicant).execute(SUBMIT, {"id": gid(application)})["vendorApplicationSubmit"]
    assert codes(result) == [("documents", "REQUIRED")]
    application.refresh_from_db()
    assert application.status == "draft"


def test_submitting_an_incomplete_draft_names_every_missing_field(gql, applicant):
    me = gql(applicant)
    created = payload(
        me.execute(CREATE, {"input": {"displayName": "HTX Mới"}}), "vendorApplicationCreate"
    )
    upload_registration(me, created["application"]["id"])
    result = me.execute(SUBMIT, {"id": created["application"]["id"]})["vendorApplicationSubmit"]
    assert set(codes(result)) == {
        ("legalName", "REQUIRED"),
        ("kind", "REQUIRED"),
        ("taxCode", "REQUIRED"),
        ("communeCode", "REQUIRED"),
        ("phone", "REQUIRED"),
    }


@pytest.mark.parametrize(
    ("make_id", "code"),
    [
        (lambda application: to_global_id("OnboardingApplication", 999_999), "NOT_FOUND"),
        (lambda application: to_global_id("Vendor", application.pk), "INVALID"),
        (lambda application: "not-an-id", "INVALID"),
    ],
)
def test_unknown_and_wrong_type_ids_are_payload_errors(gql, applicant, staff, make_id, code):
    application = submitted_application(applicant)
    before = snapshot()
    bad_id = make_id(application)
    approve = gql(staff).execute(APPROVE, {"id": bad_id})["vendorApplicationApprove"]
    assert codes(approve) == [("id", code)]
    assert approve["application"] is None
    result = upload_registration(gql(applicant), bad_id)
    assert codes(result) == [("applicationId", code)]
    assert snapshot() == before


def test_approving_twice_is_refused_and_creates_one_producer(gql, applicant, staff):
    application = submitted_application(applicant)
    payload(gql(staff).execute(APPROVE, {"id": gid(application)}), "vendorApplicationApprove")
    before = snapshot()
    again = gql(StaffFactory()).execute(APPROVE, {"id": gid(application)})
    again = again["vendorApplicationApprove"]
    assert codes(again) == [("status", "INVALID_TRANSITION")]
    assert again["vendor"] is None
    assert snapshot() == before
    assert Vendor.objects.count() == 1


def test_rejecting_needs_a_note(gql, applicant, staff):
    application = submitted_application(applicant)
    result = gql(staff).execute(REJECT, {"id": gid(application)})["vendorApplicationReject"]
    assert codes(result) == [("note", "REQUIRED")]
    application.refresh_from_db()
    assert application.status == "submitted"


def test_a_submitted_application_cannot_be_edited(gql, applicant):
    application = submitted_application(applicant)
    result = gql(applicant).execute(
        UPDATE, {"id": gid(application), "input": {"displayName": "Khác"}}
    )["vendorApplicationUpdate"]
    assert codes(result) == [("status", "INVALID_TRANSITION")]


def test_wrong_graphql_types_are_graphql_errors_not_500s(gql, applicant):
    response = gql(applicant).post(CREATE, {"input": {"kind": "FACTORY"}})
    assert response.status_code == 400
    assert "FACTORY" in response.json()["errors"][0]["message"]


# --- who sees and decides what ------------------------------------------------------------


def test_applicants_cannot_decide_their_own_application(gql, applicant):
    application = submitted_application(applicant)
    result = gql(applicant).execute(APPROVE, {"id": gid(application)})
    assert codes(result["vendorApplicationApprove"]) == [(None, "PERMISSION_DENIED")]
    assert not Vendor.objects.exists()


def test_someone_elses_application_looks_unknown(gql, applicant):
    application = draft_application(applicant)
    stranger = gql(UserFactory())
    before = snapshot()
    assert stranger.execute(ONE, {"id": gid(application)})["vendorApplication"] is None
    node = stranger.execute("query($id: ID!) { node(id: $id) { id } }", {"id": gid(application)})[
        "node"
    ]
    assert node is None
    for query, variables, name in [
        (UPDATE, {"id": gid(application), "input": {"displayName": "Của tôi"}},
         "vendorApplicationUpdate"),
        (SUBMIT, {"id": gid(application)}, "vendorApplicationSubmit"),
        (APPROVE, {"id": gid(application)}, "vendorApplicationApprove"),
    ]:  # fmt: skip
        result = stranger.execute(query, variables)[name]
        assert codes(result) == [("id", "NOT_FOUND")], name
        # Exactly the message an unknown ID gets, with nothing of the application in it.
        assert "There is no OnboardingApplication" in result["errors"][0]["message"]
    assert codes(upload_registration(stranger, gid(application))) == [
        ("applicationId", "NOT_FOUND")
    ]
    assert snapshot() == before


def test_lists_show_staff_everything_people_their_own_and_anonymous_nothing(gql, applicant, staff):
    mine = draft_application(applicant, display_name="Của tôi")
    other = submitted_application(UserFactory(), display_name="Của người khác")

    def listed(user):
        result = gql(user).execute(LIST)["vendorApplications"]
        assert result["totalCount"] == len(result["edges"])
        return {edge["node"]["id"] for edge in result["edges"]}

    assert listed(staff) == {gid(mine), gid(other)}
    assert listed(applicant) == {gid(mine)}
    assert listed(UserFactory()) == set()
    assert listed(None) == set()
    assert gql().execute(ONE, {"id": gid(mine)})["vendorApplication"] is None


def test_staff_filter_by_status(gql, applicant, staff):
    draft_application(applicant)
    submitted = submitted_application(UserFactory())
    result = gql(staff).execute(LIST, {"filter": {"status": "SUBMITTED"}})["vendorApplications"]
    assert [edge["node"]["id"] for edge in result["edges"]] == [gid(submitted)]


def test_documents_of_an_application_are_private_through_node(gql, applicant, staff):
    application = submitted_application(applicant)
    document = application.documents.get()
    query = "query($id: ID!) { node(id: $id) { ... on ApplicationDocument { kind url } } }"
    document_id = to_global_id("ApplicationDocument", document.pk)
    assert gql(applicant).execute(query, {"id": document_id})["node"]["kind"] == (
        "BUSINESS_REGISTRATION"
    )
    assert gql(staff).execute(query, {"id": document_id})["node"] is not None
    assert gql(UserFactory()).execute(query, {"id": document_id})["node"] is None
    assert gql().execute(query, {"id": document_id})["node"] is None


def test_the_application_list_costs_the_same_whatever_the_page_size(gql, staff):
    applicants = UserFactory.create_batch(6)
    for person in applicants:
        submitted_application(person)
    query = f"""query($first: Int) {{ vendorApplications(first: $first) {{
        edges {{ node {{ {APPLICATION} }} }} }} }}"""
    client = gql(staff)
    with CaptureQueriesContext(connection) as small:
        client.execute(query, {"first": 2})
    with CaptureQueriesContext(connection) as large:
        assert len(client.execute(query, {"first": 6})["vendorApplications"]["edges"]) == 6
    assert len(small) == len(large)
