"""Product.availability: the showrooms with a product available, read for a whole page at
once; and the clear errors that bad input to the inventory operations gets."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql_relay import to_global_id

from inventory.services.ledger import stock_allocate
from tests.factories import AgreementFactory, ShowroomFactory, commune
from tests.graphql.catalog_fixtures import NA_RI, listing
from tests.graphql.client import sync_search_index
from tests.graphql.inventory_support import (
    ERRORS,
    STOCK_LEVELS,
    SYNC,
    gid,
    opened,
    scene,
    sync_input,
)
from tests.graphql.vendor_support import in_english

pytestmark = pytest.mark.django_db

AVAILABILITY = """
query($first: Int) {
  products(first: $first) {
    totalCount
    edges { node {
      name
      variants { sku quantityAvailable }
      availability { location { id name kind province { name } } quantity }
    } }
  }
}"""
PRODUCT = """
query($slug: String) {
  product(slug: $slug) { availability { location { name kind } quantity } }
}"""
# Anonymous: the count, the page, its variants, and two for availability (the stock summed per
# product and location, then those locations). A producer's member adds the authentication
# and its memberships (read once).
AVAILABILITY_BUDGET = 5


@pytest.fixture
def gql(gql):
    return in_english(gql)


@pytest.fixture
def s():
    return scene()


def test_availability_lists_the_showrooms_holding_it(gql, s):
    na_ri = ShowroomFactory(name="Điểm bán OCOP Na Rì", commune=commune(NA_RI))
    AgreementFactory(vendor=s.vendor, showroom=na_ri)
    opened(na_ri, s.tea, 4)
    empty = ShowroomFactory(name="Điểm bán hết hàng")
    AgreementFactory(vendor=s.vendor, showroom=empty)
    opened(empty, s.tea, 0)
    closed = ShowroomFactory(name="Điểm bán đã đóng", is_active=False)
    opened(closed, s.tea, 9)
    # What is allocated to orders is not available.
    stock_allocate(lines=[(na_ri.stocks.get(), 1)], reference="order:7")
    slug = s.tea.product.slug
    shopper_view = gql().execute(PRODUCT, {"slug": slug})["product"]["availability"]
    assert shopper_view == [
        {"location": {"name": "Điểm bán OCOP Na Rì", "kind": "SHOWROOM"}, "quantity": 3},
        {"location": {"name": "Điểm bán OCOP Sơn La", "kind": "SHOWROOM"}, "quantity": 28},
    ]
    # The producer's members also see its warehouse; another producer does not.
    owner_view = gql(s.owner).execute(PRODUCT, {"slug": slug})["product"]["availability"]
    assert owner_view == [
        *shopper_view,
        {"location": {"name": "Kho Mộc Châu", "kind": "WAREHOUSE"}, "quantity": 28},
    ]
    assert gql(s.other_owner).execute(PRODUCT, {"slug": slug})["product"]["availability"] == (
        shopper_view
    )


def test_a_page_of_products_costs_the_same_queries_for_5_and_100(gql, s):
    showrooms = [ShowroomFactory(name=f"Điểm OCOP {n}") for n in range(3)]
    for showroom in showrooms:
        AgreementFactory(vendor=s.vendor, showroom=showroom)
    for number in range(12):
        product = listing(s.vendor, f"Sản phẩm {number:02d}", prices=(10_000, 20_000))
        for index, variant in enumerate(product.variants.all()):
            opened(showrooms[(number + index) % 3], variant, number + 1)
            opened(s.warehouse, variant, 2)
    sync_search_index()
    counts = {}
    for viewer in (None, s.owner):
        client = gql(viewer)
        client.sync_search = False
        for first in (5, 100):
            client.execute(AVAILABILITY, {"first": first})  # warm per-process caches
            with CaptureQueriesContext(connection) as queries:
                data = client.execute(AVAILABILITY, {"first": first})
            counts[(viewer is not None, first)] = len(queries.captured_queries)
            edges = data["products"]["edges"]
            assert len(edges) == min(first, 14)
            held = [edge for edge in edges if edge["node"]["availability"]]
            assert len(held) >= len(edges) - 1  # the other producer's honey: only in its warehouse
    assert counts[(False, 5)] == counts[(False, 100)] <= AVAILABILITY_BUDGET, counts
    assert counts[(True, 5)] == counts[(True, 100)] <= AVAILABILITY_BUDGET + 3, counts


# --- bad input: clear errors, never a server error -----------------------------------------


def test_unknown_and_malformed_ids(gql, s):
    client = gql(s.staff)
    unknown = to_global_id("Location", 2_000_000_000)
    for location_id, code in (
        (unknown, "NOT_FOUND"),
        ("not-an-id", "INVALID"),
        (gid(s.tea), "INVALID"),  # an ID of another type
        (to_global_id("Location", "abc"), "INVALID"),
    ):
        result = client.execute(
            SYNC,
            {"input": {**sync_input(s.showroom, [])["input"], "locationId": location_id}},
        )["stockSync"]
        assert [(e["field"], e["code"]) for e in result["errors"]] == [("locationId", code)]
        read = client.post(STOCK_LEVELS, {"locationId": location_id})
        assert read.status_code == 200
        assert read.json()["errors"][0]["extensions"] == {"code": code}
    for document, variables in (
        (f"mutation($id: ID!) {{ transferCancel(id: $id) {{ {ERRORS} }} }}", {"id": unknown}),
        (f"mutation($id: ID!) {{ locationTokenRevoke(id: $id) {{ {ERRORS} }} }}", {"id": "!!"}),
    ):
        (payload,) = client.execute(document, variables).values()
        assert payload["errors"][0]["code"] in {"NOT_FOUND", "INVALID"}


def test_too_large_pages_and_wrong_enums_are_client_errors(gql, s):
    client = gql(s.staff)
    for query in (
        "{ transfers(first: 101) { totalCount } }",
        "{ consignmentAgreements(first: 1000) { totalCount } }",
    ):
        body = client.post(query).json()
        assert body["data"] == {query.split("(")[0][2:]: None}
        assert "between 0 and 100" in body["errors"][0]["message"]
    sale = (
        'mutation { posSaleRecord(input: {locationId: "x", clientSaleId: "1", lines: [], '
        "paidWith: CHEQUE}) { errors { code } } }"
    )
    response = client.post(sale)
    assert response.status_code == 400
    assert "PosPaymentMethod" in response.json()["errors"][0]["message"]


def test_an_anonymous_caller_gets_no_stock_and_no_locations(gql, s):
    assert gql().execute("{ myLocations { id } }") == {"myLocations": []}
    body = gql().post(STOCK_LEVELS, {"locationId": gid(s.showroom)}).json()
    assert body["errors"][0]["extensions"] == {"code": "PERMISSION_DENIED"}
    assert gql(s.owner).execute("{ myLocations { name } }") == {
        "myLocations": [{"name": "Kho Mộc Châu"}]
    }
    assert gql(s.clerk).execute("{ myLocations { name } }") == {
        "myLocations": [{"name": "Điểm bán OCOP Sơn La"}]
    }
