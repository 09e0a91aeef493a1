"""Stock through the API: stockSync's statuses and replays, stockAdjust, stockLevels (filters,
pages, a query budget that does not grow with the page), and producers kept apart."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import ProductVariant
from inventory.models import Stock, StockMovement
from inventory.services.ledger import stock_allocate
from tests.factories import ProductVariantFactory
from tests.graphql.catalog_fixtures import listing
from tests.graphql.inventory_support import (
    ERRORS,
    STOCK_LEVELS,
    SYNC,
    gid,
    opened,
    quantities,
    scene,
    sync_input,
)
from tests.graphql.vendor_support import in_english
from tests.inventory.helpers import assert_ledger_balances

pytestmark = pytest.mark.django_db

ADJUST = f"""
mutation($input: StockAdjustInput!) {{
  stockAdjust(input: $input) {{
    stock {{ quantity quantityAvailable variant {{ sku }} location {{ name }} }} {ERRORS}
  }}
}}
"""


@pytest.fixture
def gql(gql):
    return in_english(gql)


@pytest.fixture
def s():
    return scene()


def statuses(result) -> list[tuple[str, str, int | None]]:
    return [(r["sku"], r["status"], r["quantity"]) for r in result["stockSync"]["results"]]


def test_every_sync_status_through_the_api(gql, s):
    other_sku = ProductVariant.objects.get(vendor=s.other_vendor).sku
    # Two of the box are allocated to an order: a count below that is refused.
    stock_allocate(
        lines=[(Stock.objects.get(location=s.showroom, variant=s.tea_box), 2)],
        reference="order:1",
    )
    items = [
        {"sku": s.tea.sku, "quantity": 18, "expectedQuantity": 20},  # compare-and-set holds
        {"sku": s.tea_box.sku, "quantity": 1},  # below the 2 allocated
        {"sku": "KHONG-CO", "quantity": 3},
        {"sku": other_sku, "quantity": 3},  # another producer, no agreement here
        {"sku": "AM", "quantity": -1},
    ]
    result = gql(s.clerk).execute(SYNC, sync_input(s.showroom, items))
    assert statuses(result) == [
        (s.tea.sku, "APPLIED", 18),
        (s.tea_box.sku, "WOULD_GO_NEGATIVE", 8),
        ("KHONG-CO", "UNKNOWN_SKU", None),
        (other_sku, "NOT_CONSIGNED", None),
        ("AM", "INVALID", None),
    ]
    stale = gql(s.clerk).execute(
        SYNC,
        sync_input(
            s.showroom, [{"sku": s.tea.sku, "quantity": 5, "expectedQuantity": 20}], key="k2"
        ),
    )
    assert statuses(stale) == [(s.tea.sku, "STALE", 18)]
    adjust = gql(s.clerk).execute(
        SYNC,
        sync_input(
            s.showroom,
            [{"sku": s.tea.sku, "quantity": -3}, {"sku": s.tea_box.sku, "quantity": -7}],
            key="k3",
            mode="ADJUST",
        ),
    )
    assert statuses(adjust) == [
        (s.tea.sku, "APPLIED", 15),
        (s.tea_box.sku, "WOULD_GO_NEGATIVE", 8),
    ]
    assert quantities(s.showroom) == {s.tea.sku: (15, 0), s.tea_box.sku: (8, 2)}
    assert_ledger_balances()


def test_a_replayed_sync_returns_the_first_results_and_applies_nothing(gql, s):
    variables = sync_input(s.showroom, [{"sku": s.tea.sku, "quantity": -4}], mode="ADJUST")
    first = gql(s.clerk).execute(SYNC, variables)["stockSync"]
    movements = StockMovement.objects.count()
    again = gql(s.manager).execute(SYNC, variables)["stockSync"]
    assert first["replayed"] is False and again["replayed"] is True
    assert (
        again["results"]
        == first["results"]
        == [{"sku": s.tea.sku, "status": "APPLIED", "quantity": 16}]
    )
    assert StockMovement.objects.count() == movements
    assert quantities(s.showroom)[s.tea.sku] == (16, 0)
    # The same key with another request is a mistake, said on the key.
    reused = sync_input(s.showroom, [{"sku": s.tea.sku, "quantity": -5}], mode="ADJUST")
    result = gql(s.clerk).execute(SYNC, reused)["stockSync"]
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("idempotencyKey", "INVALID")]
    assert result["results"] is None and result["replayed"] is None


def test_sync_input_errors_are_payload_errors(gql, s):
    client = gql(s.clerk)
    empty_key = sync_input(s.showroom, [{"sku": s.tea.sku, "quantity": 1}], key=" ")
    result = client.execute(SYNC, empty_key)["stockSync"]
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("idempotencyKey", "INVALID")]
    response = client.post(SYNC, sync_input(s.showroom, [{"sku": "A", "quantity": 1}], mode="SUM"))
    assert response.status_code == 400  # a value the enum does not have: a GraphQL error
    assert "StockSyncMode" in response.json()["errors"][0]["message"]


def test_stock_adjust(gql, s):
    variables = {
        "input": {
            "locationId": gid(s.warehouse),
            "variantId": gid(s.tea),
            "delta": -5,
            "reason": "Hỏng do ẩm",
        }
    }
    result = gql(s.owner).execute(ADJUST, variables)["stockAdjust"]
    assert result == {
        "stock": {
            "quantity": 15,
            "quantityAvailable": 15,
            "variant": {"sku": s.tea.sku},
            "location": {"name": "Kho Mộc Châu"},
        },
        "errors": [],
    }
    too_many = {"input": {**variables["input"], "delta": -16}}
    result = gql(s.owner).execute(ADJUST, too_many)["stockAdjust"]
    assert [e["code"] for e in result["errors"]] == ["INSUFFICIENT_STOCK"]
    no_reason = {"input": {**variables["input"], "reason": " "}}
    result = gql(s.owner).execute(ADJUST, no_reason)["stockAdjust"]
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("reason", "REQUIRED")]
    # Another producer's variant is not one this warehouse may hold: as if it did not exist.
    foreign = ProductVariant.objects.get(vendor=s.other_vendor)
    result = gql(s.owner).execute(
        ADJUST, {"input": {**variables["input"], "variantId": gid(foreign)}}
    )["stockAdjust"]
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("variantId", "NOT_FOUND")]
    assert quantities(s.warehouse)[s.tea.sku] == (15, 0)
    assert_ledger_balances()


def test_a_producer_never_reads_or_writes_another_producers_warehouse(gql, s):
    before = list(Stock.objects.order_by("pk").values())
    intruder = gql(s.other_owner)
    sync = intruder.execute(SYNC, sync_input(s.warehouse, [{"sku": s.tea.sku, "quantity": 0}]))
    adjust = intruder.execute(
        ADJUST,
        {
            "input": {
                "locationId": gid(s.warehouse),
                "variantId": gid(s.tea),
                "delta": -1,
                "reason": "x",
            }
        },
    )
    for result in (sync["stockSync"], adjust["stockAdjust"]):
        assert [(e["field"], e["code"]) for e in result["errors"]] == [("locationId", "NOT_FOUND")]
    read = intruder.post(STOCK_LEVELS, {"locationId": gid(s.warehouse)}).json()
    assert read["data"] == {"stockLevels": None}
    assert read["errors"][0]["extensions"] == {"code": "NOT_FOUND"}
    stock = Stock.objects.get(location=s.warehouse, variant=s.tea)
    assert intruder.execute("query($id: ID!) { node(id: $id) { id } }", {"id": gid(stock)}) == {
        "node": None
    }
    # Nor through its own warehouse: A's SKU there is not consigned to B.
    own = intruder.execute(SYNC, sync_input(s.other_warehouse, [{"sku": s.tea.sku, "quantity": 1}]))
    assert statuses(own) == [(s.tea.sku, "NOT_CONSIGNED", None)]
    assert list(Stock.objects.order_by("pk").values()) == before


def test_stock_levels_filters_and_pages(gql, s):
    product = listing(s.vendor, "Miến dong Bình Liêu", prices=(45_000,))
    for n in range(6):
        variant = ProductVariantFactory(product=product, sku=f"MIEN-{n}", name=f"Gói {n}")
        opened(s.warehouse, variant, n * 2, low_stock_threshold=4)
    client = gql(s.owner)
    data = client.execute(STOCK_LEVELS, {"locationId": gid(s.warehouse)})["stockLevels"]
    assert data["totalCount"] == 8
    skus = [edge["node"]["variant"]["sku"] for edge in data["edges"]]
    assert skus == sorted(skus)
    low = client.execute(
        STOCK_LEVELS, {"locationId": gid(s.warehouse), "filter": {"lowStock": True}}
    )["stockLevels"]
    assert [e["node"]["variant"]["sku"] for e in low["edges"]] == ["MIEN-0", "MIEN-1", "MIEN-2"]
    assert all(e["node"]["isLow"] for e in low["edges"])
    found = client.execute(
        STOCK_LEVELS, {"locationId": gid(s.warehouse), "filter": {"search": "mien-4"}}
    )["stockLevels"]
    node = found["edges"][0]["node"]
    assert found["totalCount"] == 1
    assert node["quantity"] == node["quantityAvailable"] == 8
    assert node["quantityAllocated"] == 0 and node["lowStockThreshold"] == 4
    assert node["location"]["name"] == "Kho Mộc Châu"
    # Pages
    seen, after = [], None
    while True:
        page = client.execute(
            STOCK_LEVELS, {"locationId": gid(s.warehouse), "first": 3, "after": after}
        )["stockLevels"]
        seen += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 8
    too_many = client.post(STOCK_LEVELS, {"locationId": gid(s.warehouse), "first": 101}).json()
    assert "between 0 and 100" in too_many["errors"][0]["message"]


STOCK_LEVEL_BUDGET = 4  # the count, the page (with variant, product, location), the
# location's own look-up, and the access check


@pytest.mark.parametrize("rows", [3, 40])
def test_stock_levels_cost_the_same_queries_for_any_page(
    gql, s, rows, django_assert_max_num_queries
):
    product = listing(s.vendor, "Mật ong", prices=(150_000,))
    for n in range(rows):
        opened(s.warehouse, ProductVariantFactory(product=product, sku=f"MO-{n:03d}"), 5)
    client = gql(s.owner)
    variables = {"locationId": gid(s.warehouse), "first": 100}
    client.execute(STOCK_LEVELS, variables)  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        data = client.execute(STOCK_LEVELS, variables)["stockLevels"]
    assert data["totalCount"] == rows + 2
    # Authentication (the user row) comes on top of the resolver's own queries.
    resolver = [q for q in queries.captured_queries if "accounts_user" not in q["sql"]]
    assert len(resolver) <= STOCK_LEVEL_BUDGET, [q["sql"] for q in resolver]
    with django_assert_max_num_queries(STOCK_LEVEL_BUDGET + 1):
        client.execute(STOCK_LEVELS, variables)
