"""The permission matrix's app column: every mutation row and every read row of
tests/graphql/test_permission_matrix.py, asked by three apps' tokens:

- `app_none`: an app of producer A without any scope;
- `app_a`: an app of producer A with every scope;
- `app_b`: the same app, but of producer B.

A scope-less token is refused everywhere (PERMISSION_DENIED) and reads only what an anonymous
visitor reads. An app of A does exactly what its scopes name for A (fulfilment of A's parts,
stock at A's warehouse, A's unpublished catalogue, A's parts of orders) and nothing else. An
app of B finds none of A's private rows (NOT_FOUND, like an unknown ID)."""

import pytest
from graphql_relay import to_global_id

from tests.graphql import test_permission_matrix as matrix
from tests.graphql.permission_support import ALLOWED, DENIED, HIDDEN, World
from tests.graphql.vendor_support import in_english
from tests.integrations.support import ALL_SCOPES, app_with_token

pytestmark = pytest.mark.django_db

ROWS, READS, check_case = matrix.ROWS, matrix.READS, matrix.check_case
world = matrix.world  # the matrix's producers A and B and its people, as a fixture here

APPS = ("app_none", "app_a", "app_b")

FULFILMENT = (
    "vendorOrderConfirm[unconfirmed]",
    "vendorOrderShip[confirmed]",
    "vendorOrderMarkDelivered[shipped]",
    "vendorOrderCancel[guest order]",
    "vendorOrderCancel[shopper's order]",
    "vendorOrderShipmentCreate[confirmed]",
    "shipmentCancel[created]",
)
WAREHOUSE_STOCK = ("stockSync[warehouse]", "stockAdjust[warehouse]")
# What an app of A with every scope may do; an app of B does not even find these targets.
APP_A_ALLOWED = frozenset(FULFILMENT + WAREHOUSE_STOCK)
APP_B_HIDDEN = APP_A_ALLOWED


def app_outcome(row_name: str, app: str):
    if app == "app_a" and row_name in APP_A_ALLOWED:
        return ALLOWED
    if app == "app_b" and row_name in APP_B_HIDDEN:
        return HIDDEN
    return DENIED


@pytest.fixture
def app_world(world) -> World:
    for name, producer, scopes in (
        ("app_none", world.vendor_a, []),
        ("app_a", world.vendor_a, ALL_SCOPES),
        ("app_b", world.vendor_b, ALL_SCOPES),
    ):
        world.people[name] = app_with_token(producer=producer, scopes=scopes, name=name)[2]
    return world


@pytest.fixture
def as_app(gql):
    make = in_english(gql)

    def client(raw: str):
        app = make(None)
        app.client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        return app

    return client


def test_the_app_columns_name_rows_that_exist():
    names = {row.name for row in ROWS}
    assert names >= APP_A_ALLOWED and names >= APP_B_HIDDEN
    assert set(APP_READS) <= {row.name for row in READS}


@pytest.mark.parametrize(
    ("row", "app"),
    [pytest.param(row, app, id=f"{row.name}-{app}") for row in ROWS for app in APPS],
)
def test_mutation(app_world, as_app, row, app):
    outcome = app_outcome(row.name, app)
    # check_case reads the outcome from the row: give it one with the app's column.
    columned = type(row)(**{**row.__dict__, "roles": {**row.roles, app: outcome}})
    check_case(app_world, columned, app, as_app(app_world.people[app]))


# --- reads ---------------------------------------------------------------------------------
# What an app of A with every scope sees of A: its unpublished catalogue (catalog:read), its
# parts of orders (orders:read), and its warehouse with the stock there and the transfers from
# there (stock:write works there); never members, applications, certificates' scans, device tokens,
# agreements or apps. The others see what an anonymous visitor sees.

APP_READS = {
    "product(id) status and review note": True,
    "product(id|slug) of a draft": True,
    "products(filter: {statuses}) drafts": True,
    "vendor.products(filter: {statuses}) drafts": True,
    "node(id) of a draft": True,
    "node(id) of a draft's variant and image": True,
    "Product.certificate when it is not current": True,
    "vendorOrders of A": True,
}


def _warehouse_records(w, arranged, sees):
    return {
        "stock": {"quantity": 37, "location": {"name": "Kho A"}},
        "token": None,
        "transfer": {"status": "IN_TRANSIT", "lines": [{"quantitySent": 3}]},
        "agreement": None,
    }


def _transfer_lists(w, arranged, sees):
    return {
        "transfers": {"totalCount": 1, "edges": [{"node": {"status": "IN_TRANSIT"}}]},
        "consignmentAgreements": {"totalCount": 0, "edges": []},
    }


APP_A_EXPECTED = {
    "node(id) of a membership and a warehouse": lambda w, arranged, sees: {
        "membership": None,
        "warehouse": {"name": "Kho A", "kind": "WAREHOUSE"},
    },
    "node(id) of A's warehouse stock, its device token, a transfer and an agreement": (
        _warehouse_records
    ),
    "transfers and consignmentAgreements of A": _transfer_lists,
}


@pytest.mark.parametrize(
    ("row", "app"),
    [pytest.param(row, app, id=f"{row.name}-{app}") for row in READS for app in APPS],
)
def test_read(app_world, as_app, row, app):
    arranged = row.arrange(app_world)
    data = as_app(app_world.people[app]).execute(row.document, arranged["variables"])
    if app == "app_a" and row.name in APP_A_EXPECTED:
        assert data == APP_A_EXPECTED[row.name](app_world, arranged, True)
    else:
        sees = app == "app_a" and APP_READS.get(row.name, False)
        assert data == row.expected(app_world, arranged, sees)


def test_an_app_of_a_finds_nothing_of_b_by_id(app_world, as_app):
    """The same app on another producer: B's app sees nothing of A's drafts or parts."""
    from tests.graphql.fulfilment_matrix import a_part

    product = matrix.draft(app_world)
    part = a_part(app_world)
    document = (
        "query($p: ID!, $v: ID!) { product(id: $p) { name } "
        "node(id: $v) { ... on VendorOrder { status } } vendorOrders { totalCount } }"
    )
    variables = {
        "p": to_global_id("Product", product.pk),
        "v": to_global_id("VendorOrder", part.pk),
    }
    assert as_app(app_world.people["app_b"]).execute(document, variables) == {
        "product": None,
        "node": None,
        "vendorOrders": {"totalCount": 0},
    }
    assert as_app(app_world.people["app_a"]).execute(document, variables) == {
        "product": {"name": product.name},
        "node": {"status": "UNCONFIRMED"},
        "vendorOrders": {"totalCount": 1},
    }
