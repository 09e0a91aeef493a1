"""Who sees which products: drafts, suspended producers, statuses, notes and certificates."""

import pytest

from tests.factories import StaffFactory, VendorFactory, VendorMemberFactory
from tests.graphql.catalog_fixtures import NAMES, PRODUCT, Status, gid, listing, names
from vendors.models import Vendor, VendorMember

pytestmark = pytest.mark.django_db

ALL_STATUSES = ["DRAFT", "PENDING_REVIEW", "PUBLISHED", "REJECTED", "ARCHIVED"]
NODE = "query($id: ID!) { node(id: $id) { id ... on Product { name status } } }"
VENDOR_PRODUCTS = """
query($slug: String, $filter: ProductFilterInput) {
  vendor(slug: $slug) {
    products(first: 100, filter: $filter) { totalCount edges { node { name } } }
  }
}"""


@pytest.fixture
def listings(vendor, other_vendor):
    """Producer A (`vendor`) with a product in every status, producer B with a draft and a
    published product, and a suspended producer with a published product."""
    products = {
        status: listing(vendor, f"A {status.label}", status=status, review_note=f"note {status}")
        for status in Status
    }
    products["b_draft"] = listing(other_vendor, "B Draft", status=Status.DRAFT)
    products["b_published"] = listing(other_vendor, "B Published")
    suspended = VendorFactory(status=Vendor.Status.SUSPENDED)
    products["suspended"] = listing(suspended, "Suspended published")
    products["suspended_vendor"] = suspended
    return products


@pytest.fixture
def viewers(request, shopper, owner, other_owner, staff):
    return {
        "anonymous": None,
        "shopper": shopper,
        "owner of A": owner,
        "owner of B": other_owner,
        "staff": staff,
    }


def everything(gql, user):
    return names(gql(user).execute(NAMES, {"first": 100, "filter": {"statuses": ALL_STATUSES}}))


def test_by_default_everyone_sees_the_published_products_of_active_producers(
    gql, listings, viewers
):
    for user in (None, viewers["shopper"], viewers["owner of B"]):
        assert names(gql(user).execute(NAMES, {"first": 100})) == ["A Published", "B Published"]


def test_asking_for_other_statuses_shows_only_what_the_viewer_may_see(gql, listings, viewers):
    a_all = ["A Archived", "A Draft", "A Pending review", "A Published", "A Rejected"]
    assert everything(gql, None) == ["A Published", "B Published"]
    assert everything(gql, viewers["shopper"]) == ["A Published", "B Published"]
    assert everything(gql, viewers["owner of A"]) == [*a_all, "B Published"]
    assert everything(gql, viewers["owner of B"]) == ["A Published", "B Draft", "B Published"]
    assert everything(gql, viewers["staff"]) == sorted(
        [*a_all, "B Draft", "B Published", "Suspended published"]
    )


def test_asking_only_for_drafts_never_leaks_another_producers(gql, listings, viewers):
    drafts = {"first": 100, "filter": {"statuses": ["DRAFT"]}}
    assert names(gql(None).execute(NAMES, drafts)) == []
    assert names(gql(viewers["owner of B"]).execute(NAMES, drafts)) == ["B Draft"]


def test_every_member_role_reads_its_producers_drafts(gql, listings, vendor):
    member = VendorMemberFactory(vendor=vendor, role=VendorMember.Role.STAFF).user
    assert "A Draft" in everything(gql, member)


def test_a_suspended_producers_products_show_to_its_members_only(gql, listings):
    member = VendorMemberFactory(vendor=listings["suspended_vendor"]).user
    assert names(gql(member).execute(NAMES, {"first": 100})) == [
        "A Published",
        "B Published",
        "Suspended published",
    ]
    assert gql().execute(PRODUCT, {"id": gid(listings["suspended"])})["product"] is None


@pytest.mark.parametrize(
    ("viewer", "sees"),
    [
        ("anonymous", False),
        ("shopper", False),
        ("owner of B", False),
        ("owner of A", True),
        ("staff", True),
    ],
)
def test_a_draft_by_id_slug_or_node_is_null_to_anyone_who_may_not_see_it(
    gql, listings, viewers, viewer, sees
):
    draft = listings[Status.DRAFT]
    client = gql(viewers[viewer])
    by_id = client.execute(PRODUCT, {"id": gid(draft)})["product"]
    by_slug = client.execute(PRODUCT, {"slug": draft.slug})["product"]
    node = client.execute(NODE, {"id": gid(draft)})["node"]
    if sees:
        assert by_id["status"] == by_slug["status"] == node["status"] == "DRAFT"
        assert by_id["reviewNote"] == "note draft"
    else:
        assert by_id is None and by_slug is None and node is None


def test_status_and_review_note_of_a_published_product_are_for_its_producer_and_staff(
    gql, listings, viewers
):
    published = {"id": gid(listings[Status.PUBLISHED])}
    for viewer in ("anonymous", "shopper", "owner of B"):
        node = gql(viewers[viewer]).execute(PRODUCT, published)["product"]
        assert (node["status"], node["reviewNote"]) == (None, None)
    for viewer in ("owner of A", "staff"):
        node = gql(viewers[viewer]).execute(PRODUCT, published)["product"]
        assert (node["status"], node["reviewNote"]) == ("PUBLISHED", "note published")


def test_an_expired_certificate_shows_to_its_producer_as_not_current(gql, vendor, owner):
    product = listing(vendor, "Rượu ngô", stars=4, expired=True)
    mine = gql(owner).execute(PRODUCT, {"id": gid(product)})["product"]
    assert mine["ocopStars"] is None
    assert mine["certificate"]["isCurrent"] is False
    assert mine["certificate"]["stars"] == 4
    assert gql(StaffFactory()).execute(PRODUCT, {"id": gid(product)})["product"]["certificate"]
    assert gql().execute(PRODUCT, {"id": gid(product)})["product"]["certificate"] is None


def test_vendor_products_are_its_published_ones_unless_its_members_ask(
    gql, listings, vendor, viewers
):
    public = gql().execute(VENDOR_PRODUCTS, {"slug": vendor.slug})["vendor"]["products"]
    assert names({"products": public}) == ["A Published"]
    asked = {"slug": vendor.slug, "filter": {"statuses": ALL_STATUSES}}
    assert names({"products": gql().execute(VENDOR_PRODUCTS, asked)["vendor"]["products"]}) == [
        "A Published"
    ]
    others = gql(viewers["owner of B"]).execute(VENDOR_PRODUCTS, asked)["vendor"]["products"]
    assert others["totalCount"] == 1
    own = gql(viewers["owner of A"]).execute(VENDOR_PRODUCTS, asked)["vendor"]["products"]
    assert own["totalCount"] == 5
