"""The taxonomy (`categories`, `category`) with product counts, and `showrooms`."""

import pytest

from catalog.models import Category
from tests.factories import VendorFactory, WarehouseFactory
from tests.graphql.catalog_fixtures import (
    BA_DINH,
    MOC_CHAU,
    NA_RI,
    Status,
    gid,
    in_english,
    listing,
    showroom,
)
from vendors.models import Vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def gql(gql):
    """Messages are read in English."""
    return in_english(gql)


CATEGORIES = """
query($level: Int, $parent: ID, $first: Int) {
  categories(level: $level, parent: $parent, first: $first) {
    totalCount
    edges { node { id code name nameEn slug level productCount parent { code }
                   children { code productCount } } }
  }
}"""
CATEGORY = """
query($id: ID, $slug: String) {
  category(id: $id, slug: $slug) { code name level parent { code parent { code } } productCount
                                  children { code } }
}"""
SHOWROOMS = """
query($province: String) {
  showrooms(province: $province) {
    totalCount
    edges { node { id name kind streetAddress province { code name } commune { code name } } }
  }
}"""


def codes(data) -> list[str]:
    return [edge["node"]["code"] for edge in data["categories"]["edges"]]


def test_the_whole_taxonomy_comes_on_one_page_in_the_programmes_order(gql):
    data = gql().execute(CATEGORIES)
    assert data["categories"]["totalCount"] == 49
    assert len(data["categories"]["edges"]) == 49
    assert codes(data)[:6] == ["I", "II", "III", "IV", "V", "VI"]


def test_categories_by_level_and_by_parent(gql):
    sectors = gql().execute(CATEGORIES, {"level": 1})
    assert codes(sectors) == ["I", "II", "III", "IV", "V", "VI"]
    first = sectors["categories"]["edges"][0]["node"]
    assert first["parent"] is None and first["level"] == 1
    assert [child["code"] for child in first["children"]] == [
        "I.1", "I.2", "I.3", "I.4", "I.5", "I.6",
    ]  # fmt: skip

    group = Category.objects.get(level=2, code="I.3")
    sets = gql().execute(CATEGORIES, {"parent": gid(group)})
    assert codes(sets) == ["I.3.a", "I.3.b", "I.3.c", "I.3.d"]
    assert all(edge["node"]["children"] == [] for edge in sets["categories"]["edges"])
    assert codes(gql().execute(CATEGORIES, {"parent": gid(group), "level": 1})) == []


def test_product_counts_include_everything_below_and_only_public_products(gql, vendor):
    listing(vendor, "Miến dong", category="I.3.b")
    listing(vendor, "Bánh đa", category="I.3.b")
    listing(vendor, "Chè", category="I.5.a")
    listing(vendor, "Rượu", category="II.1.a")
    listing(vendor, "Nháp", category="I.3.b", status=Status.DRAFT)
    listing(VendorFactory(status=Vendor.Status.SUSPENDED), "Ẩn", category="I.3.b")

    data = gql().execute(CATEGORIES)
    counts = {
        edge["node"]["code"]: edge["node"]["productCount"] for edge in data["categories"]["edges"]
    }
    assert counts["I.3.b"] == 2
    assert counts["I.3"] == 2
    assert counts["I.5"] == 1
    assert counts["I"] == 3
    assert counts["II"] == 1
    assert counts["III"] == 0


def test_category_by_id_or_slug(gql, vendor):
    listing(vendor, "Miến dong", category="I.3.b")
    product_set = Category.objects.get(level=3, code="I.3.b")
    by_id = gql().execute(CATEGORY, {"id": gid(product_set)})["category"]
    assert by_id == {
        "code": "I.3.b",
        "name": product_set.name,
        "level": 3,
        "parent": {"code": "I.3", "parent": {"code": "I"}},
        "productCount": 1,
        "children": [],
    }
    assert gql().execute(CATEGORY, {"slug": product_set.slug})["category"] == by_id
    assert gql().execute(CATEGORY, {"slug": "khong-co"})["category"] is None


def test_category_with_an_id_of_another_type_is_an_error(gql, vendor):
    body = gql().post(CATEGORY, {"id": gid(vendor)}).json()
    assert "Expected an ID of a Category" in body["errors"][0]["message"]


def test_showrooms_are_the_active_ones_by_province(gql, vendor):
    showroom("Điểm OCOP Na Rì", NA_RI)
    showroom("Điểm OCOP Mộc Châu", MOC_CHAU)
    showroom("Điểm OCOP đã đóng", BA_DINH, active=False)
    WarehouseFactory(vendor=vendor)

    everything = gql().execute(SHOWROOMS)["showrooms"]
    assert [edge["node"]["name"] for edge in everything["edges"]] == [
        "Điểm OCOP Mộc Châu",  # Sơn La, 14
        "Điểm OCOP Na Rì",  # Thái Nguyên, 19
    ]
    node = everything["edges"][1]["node"]
    assert node["kind"] == "SHOWROOM"
    assert node["province"] == {"code": "19", "name": "Thái Nguyên"}
    assert node["commune"] == {"code": NA_RI, "name": "Xã Na Rì"}
    assert node["streetAddress"] == "Số 1"

    for province in ("Bắc Kạn", "19", "06", "thai nguyen"):
        found = gql().execute(SHOWROOMS, {"province": province})["showrooms"]
        assert [edge["node"]["name"] for edge in found["edges"]] == ["Điểm OCOP Na Rì"]
    unknown = gql().post(SHOWROOMS, {"province": "Atlantis"}).json()
    assert "There is no province Atlantis." in unknown["errors"][0]["message"]


def test_a_warehouse_is_no_public_node(gql, vendor, owner):
    warehouse = WarehouseFactory(vendor=vendor)
    query = "query($id: ID!) { node(id: $id) { ... on Location { name kind } } }"
    assert gql().execute(query, {"id": gid(warehouse)})["node"] is None
    assert gql(owner).execute(query, {"id": gid(warehouse)})["node"]["kind"] == "WAREHOUSE"
