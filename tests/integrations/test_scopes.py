"""Each scope alone, through the API: an app does what its scopes name for its producer and
nothing more; bad or missing scopes are refused with PERMISSION_DENIED and write nothing."""

import uuid

import pytest
from graphql_relay import to_global_id

from inventory.models import Stock, StockMovement
from orders.models import VendorOrder
from tests.graphql import test_permission_matrix as matrix
from tests.graphql.fulfilment_matrix import a_part
from tests.integrations.support import app_with_token, as_app

pytestmark = pytest.mark.django_db

world = matrix.world

DRAFT = "query($id: ID!) { product(id: $id) { name status } }"
PARTS = "{ vendorOrders { totalCount } }"
CONFIRM = """mutation($id: ID!) { vendorOrderConfirm(id: $id) {
  vendorOrder { status } errors { field code } } }"""
ADJUST = """mutation($input: StockAdjustInput!) { stockAdjust(input: $input) {
  stock { quantity } errors { field code } } }"""


def client(world, *scopes, producer=None):
    producer = world.vendor_a if producer is None else producer
    return as_app(app_with_token(producer=producer, scopes=scopes)[2])


def adjust(world, delta=-2):
    inv = world.inventory
    return {
        "input": {
            "locationId": to_global_id("Location", inv.warehouse.pk),
            "variantId": to_global_id("ProductVariant", inv.variant.pk),
            "delta": delta,
            "reason": "Đếm lại",
        }
    }


def test_catalog_read_shows_its_producers_drafts_only(world):
    mine = matrix.draft(world)
    theirs = matrix.listing(world.vendor_b, "Nháp của B", status=matrix.Status.DRAFT)
    reader = client(world, "catalog:read")
    for product, seen in ((mine, True), (theirs, False)):
        data = reader.execute(DRAFT, {"id": to_global_id("Product", product.pk)})
        assert data["product"] == ({"name": product.name, "status": "DRAFT"} if seen else None)
    for other in (client(world, "orders:read"), client(world), as_app(_unscoped("catalog:read"))):
        assert other.execute(DRAFT, {"id": to_global_id("Product", mine.pk)}) == {"product": None}


def _unscoped(*scopes):
    """A staff-made app for no producer: it reads only what anyone reads."""
    return app_with_token(producer=None, scopes=scopes)[2]


def test_a_scopeless_app_reads_the_public_catalogue(world):
    product = matrix.published(world)
    data = client(world).execute(
        "query($id: ID!) { product(id: $id) { name status } }",
        {"id": to_global_id("Product", product.pk)},
    )
    assert data == {"product": {"name": product.name, "status": None}}


def test_orders_read_lists_its_producers_parts_and_changes_nothing(world):
    a_part(world)
    assert client(world, "orders:read").execute(PARTS) == {"vendorOrders": {"totalCount": 1}}
    assert client(world, "orders:read", producer=world.vendor_b).execute(PARTS) == {
        "vendorOrders": {"totalCount": 0}
    }
    assert client(world, "catalog:read").execute(PARTS) == {"vendorOrders": {"totalCount": 0}}
    assert as_app(_unscoped("orders:read")).execute(PARTS) == {"vendorOrders": {"totalCount": 0}}

    part = VendorOrder.objects.get()
    data = client(world, "orders:read").execute(
        CONFIRM, {"id": to_global_id("VendorOrder", part.pk)}
    )
    assert data["vendorOrderConfirm"] == {
        "vendorOrder": None,
        "errors": [{"field": None, "code": "PERMISSION_DENIED"}],
    }
    part.refresh_from_db()
    assert part.status == VendorOrder.Status.UNCONFIRMED


def test_orders_write_confirms_its_producers_part(world):
    part = a_part(world)
    writer = client(world, "orders:read", "orders:write")
    data = writer.execute(CONFIRM, {"id": to_global_id("VendorOrder", part.pk)})
    assert data["vendorOrderConfirm"] == {"vendorOrder": {"status": "CONFIRMED"}, "errors": []}
    event = part.events.order_by("pk").last()
    assert event.actor_user is None and event.actor_token is None  # an app is no person


def test_stock_write_adjusts_its_producers_warehouse_only(world):
    stock = Stock.objects.get(location=world.inventory.warehouse)
    before = stock.quantity
    data = client(world, "stock:write").execute(ADJUST, adjust(world))
    assert data["stockAdjust"] == {"stock": {"quantity": before - 2}, "errors": []}
    movement = StockMovement.objects.filter(stock=stock).order_by("pk").last()
    assert movement.actor_user is None and movement.actor_token is None

    refused = {
        "catalog:read": "PERMISSION_DENIED",  # the scope is missing: refused before looking
        "": "PERMISSION_DENIED",
    }
    for scopes, code in refused.items():
        answer = client(world, *filter(None, [scopes])).execute(ADJUST, adjust(world))
        assert answer["stockAdjust"]["errors"][0]["code"] == code
    other = client(world, "stock:write", producer=world.vendor_b).execute(ADJUST, adjust(world))
    assert other["stockAdjust"]["errors"] == [{"field": "locationId", "code": "NOT_FOUND"}]
    unscoped = as_app(_unscoped("stock:write")).execute(ADJUST, adjust(world))
    assert unscoped["stockAdjust"]["errors"] == [{"field": "locationId", "code": "NOT_FOUND"}]
    stock.refresh_from_db()
    assert stock.quantity == before - 2


def test_stock_write_syncs_its_warehouse_but_not_a_showroom(world):
    inv = world.inventory
    sync = """mutation($input: StockSyncInput!) { stockSync(input: $input) {
      results { status } errors { code } } }"""

    def variables(location):
        return {
            "input": {
                "locationId": to_global_id("Location", location.pk),
                "mode": "SET",
                "idempotencyKey": uuid.uuid4().hex,
                "items": [{"sku": inv.variant.sku, "quantity": 25}],
            }
        }

    writer = client(world, "stock:write")
    assert writer.execute(sync, variables(inv.warehouse))["stockSync"]["errors"] == []
    assert Stock.objects.get(location=inv.warehouse).quantity == 25
    showroom = writer.execute(sync, variables(inv.showroom))["stockSync"]
    assert showroom["errors"] == [{"code": "PERMISSION_DENIED"}]
    assert Stock.objects.get(location=inv.showroom).quantity == 40


def test_an_app_never_acts_as_a_person(world):
    assert world.inventory.warehouse.name == "Kho A"
    app = client(world, "catalog:read", "orders:read", "orders:write", "stock:write")
    data = app.execute("{ me { email } myLocations { name } vendorApplications { totalCount } }")
    assert data == {
        "me": None,
        "myLocations": [{"name": "Kho A"}],  # where stock:write works
        "vendorApplications": {"totalCount": 0},
    }
    register = app.execute(
        """mutation { accountRegister(input: {email: "moi@example.vn", password: "Ocop-moi-2025!",
        fullName: "Mới"}) { user { id } errors { code } } }"""
    )
    assert register["accountRegister"] == {
        "user": None,
        "errors": [{"code": "PERMISSION_DENIED"}],
    }
