"""Producers over HTTP: the public directory and its filters, private details for members and
staff only, self-service updates and members, and a query budget that ignores page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql_relay import to_global_id

from tests.factories import (
    StaffFactory,
    UserFactory,
    VendorFactory,
    VendorMemberFactory,
    commune,
)
from tests.files import pdf_upload, png_upload
from tests.graphql.client import payload
from tests.graphql.vendor_support import ERRORS, codes, gid, in_english
from vendors.models import Vendor, VendorMember

pytestmark = pytest.mark.django_db

PUBLIC = """id name legalName slug kind streetAddress story logoUrl createdAt
  province { code name } commune { code name }"""
PRIVATE = "taxCode phone email status commissionRate members { id role user { email fullName } }"
VENDORS = f"""
query($filter: VendorFilterInput, $first: Int, $after: String) {{
  vendors(filter: $filter, first: $first, after: $after) {{
    totalCount pageInfo {{ hasNextPage endCursor }}
    edges {{ node {{ {PUBLIC} {PRIVATE} }} }}
  }}
}}"""
VENDOR = (
    f"query($id: ID, $slug: String) {{ vendor(id: $id, slug: $slug) {{ {PUBLIC} {PRIVATE} }} }}"
)
UPDATE = f"""
mutation($id: ID!, $input: VendorUpdateInput!) {{
  vendorUpdate(id: $id, input: $input) {{ vendor {{ {PUBLIC} phone }} {ERRORS} }}
}}"""
MEMBER_ADD = f"""
mutation($vendorId: ID!, $email: String!, $role: VendorMemberRole!) {{
  vendorMemberAdd(vendorId: $vendorId, email: $email, role: $role) {{
    membership {{ id role user {{ email }} vendor {{ id }} }} {ERRORS}
  }}
}}"""
MEMBER_REMOVE = f"""
mutation($membershipId: ID!) {{
  vendorMemberRemove(membershipId: $membershipId) {{
    vendor {{ id members {{ id }} }} removedMembershipId {ERRORS}
  }}
}}"""


@pytest.fixture
def gql(gql):
    return in_english(gql)


def names(result) -> list[str]:
    return [edge["node"]["name"] for edge in result["vendors"]["edges"]]


# --- the directory --------------------------------------------------------------------------


def test_anyone_lists_active_producers_by_name_with_public_details(gql):
    VendorFactory(name="HTX Chè Mộc Châu", legal_name="Hợp tác xã Chè Mộc Châu")
    VendorFactory(name="Cơ sở Miến dong", status=Vendor.Status.SUSPENDED)
    VendorFactory(name="Công ty Nước mắm Lê Gia")
    result = gql().execute(VENDORS)
    assert names(result) == ["Công ty Nước mắm Lê Gia", "HTX Chè Mộc Châu"]
    node = result["vendors"]["edges"][1]["node"]
    assert node["legalName"] == "Hợp tác xã Chè Mộc Châu"
    assert node["kind"] == "COOPERATIVE"
    assert node["province"] == {"code": "14", "name": "Sơn La"}
    assert node["commune"] == {"code": "03980", "name": "Phường Mộc Châu"}
    assert node["logoUrl"] is None
    # Private details are null for the public.
    for field in ("taxCode", "phone", "email", "status", "commissionRate", "members"):
        assert node[field] is None, field


def test_search_ignores_diacritics_and_case_on_both_names(gql):
    VendorFactory(name="HTX Chè Mộc Châu", legal_name="Hợp tác xã Chè Shan tuyết Mộc Châu")
    VendorFactory(name="Miến dong Côn Minh", legal_name="Hợp tác xã Miến dong Côn Minh")
    VendorFactory(name="Nước mắm Lê Gia", legal_name="Công ty TNHH Lê Gia")

    def search(text):
        return names(gql().execute(VENDORS, {"filter": {"search": text}}))

    assert search("moc chau") == ["HTX Chè Mộc Châu"]
    assert search("MIẾN DONG") == ["Miến dong Côn Minh"]
    assert search("shan tuyet") == ["HTX Chè Mộc Châu"]  # only in the legal name
    assert search("cong ty tnhh") == ["Nước mắm Lê Gia"]
    assert search("hop tac xa") == ["HTX Chè Mộc Châu", "Miến dong Côn Minh"]
    assert search("nothing like it") == []


def test_search_columns_follow_renames(gql, owner, vendor):
    payload(
        gql(owner).execute(UPDATE, {"id": gid(vendor), "input": {"displayName": "Đặc sản Đà Lạt"}}),
        "vendorUpdate",
    )
    assert names(gql().execute(VENDORS, {"filter": {"search": "dac san da lat"}})) == [
        "Đặc sản Đà Lạt"
    ]


def test_filter_by_province_code_legacy_code_or_name(gql):
    VendorFactory(name="HTX Ba Bể", commune=commune("01906"))  # Thái Nguyên, once Bắc Kạn
    VendorFactory(name="HTX Mộc Châu")  # Sơn La

    def in_provinces(*values):
        return names(gql().execute(VENDORS, {"filter": {"provinces": list(values)}}))

    assert in_provinces("19") == ["HTX Ba Bể"]
    assert in_provinces("06") == ["HTX Ba Bể"]  # Bắc Kạn's pre-2025 code
    assert in_provinces("Bắc Kạn") == ["HTX Ba Bể"]
    assert in_provinces("thai nguyen", "Sơn La") == ["HTX Ba Bể", "HTX Mộc Châu"]
    assert in_provinces("Atlantis") == []  # an unknown province matches nothing, not everything


def test_filter_by_kind(gql):
    VendorFactory(name="HTX", kind="cooperative")
    VendorFactory(name="Hộ kinh doanh", kind="household")
    result = gql().execute(VENDORS, {"filter": {"kinds": ["HOUSEHOLD"]}})
    assert names(result) == ["Hộ kinh doanh"]


def test_staff_filter_by_status_others_always_get_active_producers(gql, staff):
    VendorFactory(name="Đang bán")
    VendorFactory(name="Tạm ngừng", status=Vendor.Status.SUSPENDED)
    suspended = {"filter": {"statuses": ["SUSPENDED"]}}
    both = {"filter": {"statuses": ["ACTIVE", "SUSPENDED"]}}
    assert names(gql(staff).execute(VENDORS)) == ["Đang bán"]
    assert names(gql(staff).execute(VENDORS, suspended)) == ["Tạm ngừng"]
    # Alphabetically as Vietnamese readers expect: "Đ" among the "D"s, before "T".
    assert names(gql(staff).execute(VENDORS, both)) == ["Đang bán", "Tạm ngừng"]
    assert names(gql().execute(VENDORS, suspended)) == []
    assert names(gql(UserFactory()).execute(VENDORS, both)) == ["Đang bán"]


def test_pages_follow_cursors(gql):
    for n in range(5):
        VendorFactory(name=f"HTX {n}")
    first = gql().execute(VENDORS, {"first": 2})["vendors"]
    assert first["totalCount"] == 5
    assert first["pageInfo"]["hasNextPage"] is True
    second = gql().execute(VENDORS, {"first": 2, "after": first["pageInfo"]["endCursor"]})
    assert names(second) == ["HTX 2", "HTX 3"]


def test_more_than_100_a_page_is_a_clear_error(gql):
    response = gql().post(VENDORS, {"first": 101})
    assert "between 0 and 100" in response.json()["errors"][0]["message"]


def test_the_directory_costs_the_same_for_5_or_50_producers(gql, staff):
    for n in range(50):
        VendorMemberFactory(vendor=VendorFactory(name=f"HTX {n:02d}"))
    client = gql(staff)  # staff see every private field, members included
    with CaptureQueriesContext(connection) as five:
        assert len(client.execute(VENDORS, {"first": 5})["vendors"]["edges"]) == 5
    with CaptureQueriesContext(connection) as fifty:
        result = client.execute(VENDORS, {"first": 50})["vendors"]["edges"]
        assert len(result) == 50
        assert all(len(edge["node"]["members"]) == 1 for edge in result)
    assert len(five) == len(fifty)
    # The token's user, the count, the page, the members with their users.
    assert len(fifty) == 4, [q["sql"] for q in fifty.captured_queries]


def test_a_member_s_page_of_the_directory_costs_the_same_for_5_or_50(gql):
    vendors = [VendorFactory(name=f"HTX {n:02d}") for n in range(50)]
    member = VendorMemberFactory(vendor=vendors[3]).user
    client = gql(member)
    with CaptureQueriesContext(connection) as five:
        client.execute(VENDORS, {"first": 5})
    with CaptureQueriesContext(connection) as fifty:
        edges = client.execute(VENDORS, {"first": 50})["vendors"]["edges"]
    assert len(five) == len(fifty)
    visible = [edge["node"]["name"] for edge in edges if edge["node"]["taxCode"]]
    assert visible == ["HTX 03"]


# --- one producer ---------------------------------------------------------------------------


def test_one_producer_by_id_or_slug(gql, vendor):
    by_slug = gql().execute(VENDOR, {"slug": vendor.slug})["vendor"]
    by_id = gql().execute(VENDOR, {"id": gid(vendor)})["vendor"]
    assert by_slug == by_id
    assert by_id["name"] == vendor.name
    assert gql().execute(VENDOR, {"slug": "no-such-producer"})["vendor"] is None
    assert gql().execute(VENDOR, {"id": to_global_id("Vendor", 999_999)})["vendor"] is None


@pytest.mark.parametrize(
    "variables",
    [{}, {"id": "VmVuZG9yOjE=", "slug": "x"}, {"id": "not-an-id"}, {"id": "UHJvdmluY2U6MDE="}],
)
def test_asking_for_a_producer_wrongly_is_a_graphql_error(gql, vendor, variables):
    response = gql().post(VENDOR, variables)
    body = response.json()
    assert response.status_code == 200
    assert body["data"]["vendor"] is None
    assert body["errors"][0]["message"]


def test_members_and_staff_see_private_details(gql, vendor, owner, staff):
    manager = VendorMemberFactory(vendor=vendor, role="manager").user
    for user in (owner, manager, staff):
        node = gql(user).execute(VENDOR, {"slug": vendor.slug})["vendor"]
        assert node["taxCode"] == vendor.tax_code
        assert node["phone"] == "+84912345678"
        assert node["status"] == "ACTIVE"
        assert node["commissionRate"] is not None
        assert {m["user"]["email"] for m in node["members"]} == {owner.email, manager.email}


def test_others_see_no_private_details(gql, vendor, owner, other_owner):
    for user in (None, UserFactory(), other_owner):
        node = gql(user).execute(VENDOR, {"slug": vendor.slug})["vendor"]
        assert node["name"] == vendor.name
        assert [node[f] for f in ("taxCode", "phone", "email", "status", "members")] == [None] * 5


def test_a_suspended_producer_is_seen_only_by_its_members_and_staff(gql, vendor, owner, staff):
    vendor.status = Vendor.Status.SUSPENDED
    vendor.save()
    for user in (None, UserFactory()):
        assert gql(user).execute(VENDOR, {"slug": vendor.slug})["vendor"] is None
        node = gql(user).execute("query($id: ID!) { node(id: $id) { id } }", {"id": gid(vendor)})
        assert node["node"] is None
    for user in (owner, staff):
        assert gql(user).execute(VENDOR, {"slug": vendor.slug})["vendor"]["status"] == "SUSPENDED"


def test_a_membership_is_a_node_its_producer_s_members_see(gql, vendor, owner, other_owner):
    membership = VendorMember.objects.get(user=owner)
    query = "query($id: ID!) { node(id: $id) { ... on VendorMembership { role vendor { id } } } }"
    assert gql(owner).execute(query, {"id": gid(membership)})["node"]["role"] == "OWNER"
    assert gql(other_owner).execute(query, {"id": gid(membership)})["node"] is None
    assert gql().execute(query, {"id": gid(membership)})["node"] is None


# --- self-service updates -------------------------------------------------------------------


def test_owner_updates_public_details_and_logo(gql, vendor, owner):
    response = gql(owner).upload(
        UPDATE,
        {
            "id": gid(vendor),
            "input": {
                "displayName": "HTX Chè Shan tuyết",
                "phone": "0987 654 321",
                "communeCode": "01906",
                "story": "<p>Chè cổ thụ</p><script>alert(1)</script>",
                "logo": None,
            },
        },
        {"input.logo": png_upload("logo.png")},
    )
    result = payload(response.json()["data"], "vendorUpdate")["vendor"]
    assert result["name"] == "HTX Chè Shan tuyết"
    assert result["phone"] == "+84987654321"
    assert result["province"]["code"] == "19"
    assert result["story"] == "<p>Chè cổ thụ</p>"
    assert result["logoUrl"].startswith("http://testserver/")
    assert result["logoUrl"].endswith(".png")
    vendor.refresh_from_db()
    assert vendor.name_folded == "htx che shan tuyet"


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"phone": "12"}, "phone", "INVALID"),
        ({"displayName": ""}, "displayName", "REQUIRED"),
        ({"communeCode": "99999"}, "communeCode", "NOT_FOUND"),
    ],
)
def test_bad_updates_change_nothing(gql, vendor, owner, fields, field, code):
    before = Vendor.objects.filter(pk=vendor.pk).values().get()
    result = gql(owner).execute(UPDATE, {"id": gid(vendor), "input": fields})["vendorUpdate"]
    assert codes(result) == [(field, code)]
    assert result["vendor"] is None
    assert Vendor.objects.filter(pk=vendor.pk).values().get() == before


def test_a_pdf_is_not_a_logo(gql, vendor, owner):
    response = gql(owner).upload(
        UPDATE, {"id": gid(vendor), "input": {"logo": None}}, {"input.logo": pdf_upload()}
    )
    result = response.json()["data"]["vendorUpdate"]
    assert codes(result) == [("logo", "UNSUPPORTED_FILE_TYPE")]
    vendor.refresh_from_db()
    assert not vendor.logo


def test_only_members_with_a_listing_role_update(gql, vendor, other_owner):
    staff_member = VendorMemberFactory(vendor=vendor, role="staff").user
    for user in (None, UserFactory(), other_owner, staff_member):
        result = gql(user).execute(UPDATE, {"id": gid(vendor), "input": {"displayName": "Của tôi"}})
        assert codes(result["vendorUpdate"]) == [(None, "PERMISSION_DENIED")]
    vendor.refresh_from_db()
    assert vendor.name != "Của tôi"


def test_updating_a_suspended_producer_of_others_looks_unknown(gql, vendor, other_owner):
    vendor.status = Vendor.Status.SUSPENDED
    vendor.save()
    result = gql(other_owner).execute(UPDATE, {"id": gid(vendor), "input": {"phone": "0912"}})
    assert codes(result["vendorUpdate"]) == [("id", "NOT_FOUND")]


# --- members --------------------------------------------------------------------------------


def test_owner_adds_and_removes_a_member(gql, vendor, owner):
    colleague = UserFactory(email="ke.toan@example.vn")
    added = payload(
        gql(owner).execute(
            MEMBER_ADD,
            {"vendorId": gid(vendor), "email": " Ke.Toan@Example.VN ", "role": "MANAGER"},
        ),
        "vendorMemberAdd",
    )["membership"]
    assert added["role"] == "MANAGER"
    assert added["user"]["email"] == "ke.toan@example.vn"
    assert VendorMember.objects.get(user=colleague).role == "manager"

    removed = payload(
        gql(owner).execute(MEMBER_REMOVE, {"membershipId": added["id"]}), "vendorMemberRemove"
    )
    assert removed["removedMembershipId"] == added["id"]
    assert added["id"] not in {m["id"] for m in removed["vendor"]["members"]}
    assert not VendorMember.objects.filter(user=colleague).exists()


def test_adding_someone_without_an_account_is_not_found(gql, vendor, owner):
    result = gql(owner).execute(
        MEMBER_ADD, {"vendorId": gid(vendor), "email": "nobody@example.vn", "role": "STAFF"}
    )["vendorMemberAdd"]
    assert codes(result) == [("email", "NOT_FOUND")]
    assert "register" in result["errors"][0]["message"]


def test_adding_a_member_twice_is_refused(gql, vendor, owner):
    result = gql(owner).execute(
        MEMBER_ADD, {"vendorId": gid(vendor), "email": owner.email, "role": "STAFF"}
    )["vendorMemberAdd"]
    assert codes(result) == [("email", "UNIQUE")]


def test_only_owners_manage_members_and_nobody_else_learns_who_has_an_account(
    gql, vendor, other_owner
):
    manager = VendorMemberFactory(vendor=vendor, role="manager").user
    UserFactory(email="co.tai.khoan@example.vn")
    for user in (None, UserFactory(), other_owner, manager):
        for email in ("co.tai.khoan@example.vn", "khong.co@example.vn"):
            result = gql(user).execute(
                MEMBER_ADD, {"vendorId": gid(vendor), "email": email, "role": "OWNER"}
            )["vendorMemberAdd"]
            assert codes(result) == [(None, "PERMISSION_DENIED")]
    assert VendorMember.objects.filter(vendor=vendor).count() == 1


def test_a_manager_cannot_remove_members(gql, vendor, owner):
    manager = VendorMemberFactory(vendor=vendor, role="manager").user
    membership = VendorMember.objects.get(user=owner)
    result = gql(manager).execute(MEMBER_REMOVE, {"membershipId": gid(membership)})
    assert codes(result["vendorMemberRemove"]) == [(None, "PERMISSION_DENIED")]
    assert VendorMember.objects.filter(pk=membership.pk).exists()


def test_another_producer_s_membership_looks_unknown(gql, vendor, owner, other_owner):
    membership = VendorMember.objects.get(user=owner)
    result = gql(other_owner).execute(MEMBER_REMOVE, {"membershipId": gid(membership)})
    assert codes(result["vendorMemberRemove"]) == [("membershipId", "NOT_FOUND")]
    assert VendorMember.objects.filter(pk=membership.pk).exists()


def test_the_last_owner_stays(gql, vendor, owner):
    membership = VendorMember.objects.get(user=owner)
    result = gql(owner).execute(MEMBER_REMOVE, {"membershipId": gid(membership)})
    assert codes(result["vendorMemberRemove"]) == [("membershipId", "INVALID")]
    assert VendorMember.objects.filter(pk=membership.pk).exists()


def test_wrong_type_ids_are_invalid(gql, vendor, owner):
    result = gql(owner).execute(
        MEMBER_ADD, {"vendorId": gid(owner.vendor_memberships.get()), "email": "a@b.vn",
                     "role": "STAFF"}
    )["vendorMemberAdd"]  # fmt: skip
    assert codes(result) == [("vendorId", "INVALID")]
    result = gql(owner).execute(MEMBER_REMOVE, {"membershipId": gid(vendor)})
    assert codes(result["vendorMemberRemove"]) == [("membershipId", "INVALID")]


def test_staff_manage_any_producer_s_members(gql, vendor, owner):
    colleague = UserFactory()
    result = gql(StaffFactory()).execute(
        MEMBER_ADD, {"vendorId": gid(vendor), "email": colleague.email, "role": "OWNER"}
    )
    assert payload(result, "vendorMemberAdd")["membership"]["role"] == "OWNER"
