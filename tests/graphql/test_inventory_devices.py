"""Showroom devices over HTTP: a manager creates a token, the device syncs its own location's
stock with it and nothing else, and a revoked token stops working at once."""

import pytest

from inventory.models import LocationToken, Stock, StockMovement
from marketplace.graphql.core.ids import global_id
from tests.factories import location_token
from tests.graphql.inventory_support import (
    ERRORS,
    STOCK_LEVELS,
    SYNC,
    TOKEN_CREATE,
    TOKEN_REVOKE,
    device,
    gid,
    quantities,
    scene,
    sync_input,
)
from tests.graphql.vendor_support import in_english
from tests.inventory.helpers import assert_ledger_balances

pytestmark = pytest.mark.django_db


@pytest.fixture
def gql(gql):
    return in_english(gql)


@pytest.fixture
def s():
    return scene()


def test_a_device_token_end_to_end(gql, s):
    created = gql(s.manager).execute(
        TOKEN_CREATE, {"locationId": gid(s.showroom), "name": "Quầy thu ngân 1"}
    )["locationTokenCreate"]
    assert created["errors"] == []
    raw = created["token"]
    assert raw.startswith("ocop_loc_")
    token = created["locationToken"]
    assert raw.startswith(token["tokenHint"])
    assert token["name"] == "Quầy thu ngân 1"
    assert token["location"] == {"id": gid(s.showroom), "name": s.showroom.name}
    assert token["revokedAt"] is None and token["lastUsedAt"] is None
    # Stored hashed: the token itself is nowhere in the database.
    assert not LocationToken.objects.filter(token_hash=raw).exists()
    assert raw not in str(list(LocationToken.objects.values()))

    pos = device(gql, raw)
    result = pos.execute(SYNC, sync_input(s.showroom, [{"sku": s.tea.sku, "quantity": 17}]))
    assert result["stockSync"] == {
        "results": [{"sku": s.tea.sku, "status": "APPLIED", "quantity": 17}],
        "replayed": False,
        "errors": [],
    }
    assert quantities(s.showroom)[s.tea.sku] == (17, 0)
    movement = StockMovement.objects.get(reference="sync:dem-cuoi-ngay-1")
    assert movement.actor_token.token_hint == token["tokenHint"]
    assert movement.actor_user is None
    assert LocationToken.objects.get().last_used_at is not None

    # Another showroom, and another producer's warehouse: refused, nothing changed.
    before = list(Stock.objects.order_by("pk").values())
    for location, code in ((s.other_showroom, "PERMISSION_DENIED"), (s.warehouse, "NOT_FOUND")):
        refused = pos.execute(
            SYNC, sync_input(location, [{"sku": s.tea.sku, "quantity": 1}], key="khac")
        )["stockSync"]
        assert [(e["field"], e["code"]) for e in refused["errors"]] == [
            (None if code == "PERMISSION_DENIED" else "locationId", code)
        ]
        assert refused["results"] is None
    assert list(Stock.objects.order_by("pk").values()) == before

    revoked = gql(s.manager).execute(TOKEN_REVOKE, {"id": token["id"]})["locationTokenRevoke"]
    assert revoked["errors"] == []
    assert revoked["locationToken"]["revokedAt"] is not None
    assert revoked["locationToken"]["isActive"] is False

    response = pos.post(SYNC, sync_input(s.showroom, [{"sku": s.tea.sku, "quantity": 1}], key="x"))
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_TOKEN"
    assert quantities(s.showroom)[s.tea.sku] == (17, 0)
    assert_ledger_balances()


@pytest.mark.parametrize("raw", ["ocop_loc_not-a-real-token", "ocop_loc_", "ocop_loc_" + "x" * 500])
def test_an_unknown_device_token_is_the_same_401_as_a_bad_jwt(gql, raw):
    bad_device = device(gql, raw).post("{ myLocations { id } }")
    bad_jwt = device(gql, "eyJ.not.a.jwt").post("{ myLocations { id } }")
    assert bad_device.status_code == bad_jwt.status_code == 401
    assert bad_device.json()["errors"][0]["extensions"] == {"code": "INVALID_TOKEN"}
    assert bad_jwt.json()["errors"][0]["extensions"] == {"code": "INVALID_TOKEN"}


def test_who_may_create_and_revoke_tokens(gql, s):
    variables = {"locationId": gid(s.showroom), "name": "Máy tính bảng"}
    codes = {}
    for who, user in {
        "clerk": s.clerk,
        "producer": s.owner,
        "staff": s.staff,
        "other producer": s.other_owner,
    }.items():
        result = gql(user).execute(TOKEN_CREATE, variables)["locationTokenCreate"]
        codes[who] = [error["code"] for error in result["errors"]]
    assert codes == {
        "clerk": ["PERMISSION_DENIED"],
        "producer": ["PERMISSION_DENIED"],
        "staff": [],
        "other producer": ["PERMISSION_DENIED"],
    }
    # A device never manages tokens, not even its own location's.
    _token, raw = location_token(s.showroom)
    result = device(gql, raw).execute(TOKEN_CREATE, variables)["locationTokenCreate"]
    assert [e["code"] for e in result["errors"]] == ["PERMISSION_DENIED"]
    assert result["token"] is None
    # The producer's owner makes tokens for its warehouse, another producer cannot see it.
    warehouse = {"locationId": gid(s.warehouse), "name": "Kho"}
    ok = gql(s.owner).execute(TOKEN_CREATE, warehouse)["locationTokenCreate"]
    assert ok["errors"] == [] and ok["token"].startswith("ocop_loc_")
    hidden = gql(s.other_owner).execute(TOKEN_CREATE, warehouse)["locationTokenCreate"]
    assert [(e["field"], e["code"]) for e in hidden["errors"]] == [("locationId", "NOT_FOUND")]


def test_a_clerk_cannot_revoke_and_a_revoked_token_cannot_be_revoked_again(gql, s):
    token, _raw = location_token(s.showroom)
    refused = gql(s.clerk).execute(TOKEN_REVOKE, {"id": gid(token)})["locationTokenRevoke"]
    assert [e["code"] for e in refused["errors"]] == ["PERMISSION_DENIED"]
    token.refresh_from_db()
    assert token.revoked_at is None
    for _ in range(2):
        result = gql(s.manager).execute(TOKEN_REVOKE, {"id": gid(token)})["locationTokenRevoke"]
        assert result["locationToken"]["isActive"] is False or result["errors"]


def test_a_device_reads_only_its_own_location(gql, s):
    _token, raw = location_token(s.showroom)
    pos = device(gql, raw)
    assert pos.execute("{ myLocations { id } }") == {"myLocations": [{"id": gid(s.showroom)}]}
    own = pos.execute(STOCK_LEVELS, {"locationId": gid(s.showroom)})["stockLevels"]
    assert own["totalCount"] == 2
    response = pos.post(STOCK_LEVELS, {"locationId": gid(s.other_showroom)})
    body = response.json()
    assert response.status_code == 200
    assert body["data"] == {"stockLevels": None}
    assert body["errors"][0]["extensions"] == {"code": "PERMISSION_DENIED"}
    hidden = pos.post(STOCK_LEVELS, {"locationId": gid(s.warehouse)}).json()
    assert hidden["errors"][0]["extensions"] == {"code": "NOT_FOUND"}
    # Nothing private through node(id) either.
    stock = Stock.objects.get(location=s.warehouse, variant=s.tea)
    data = pos.execute("query($id: ID!) { node(id: $id) { id } }", {"id": gid(stock)})
    assert data == {"node": None}


# The rest of the API: a device is not a person, and gets nothing private (and no server
# error) wherever request.user is read.


def test_a_device_elsewhere_in_the_api_gets_nothing_private(gql, s):
    # Its primary key is a person's too: node(User:<pk>) must still find nobody.
    token, raw = location_token(s.showroom, pk=s.owner.pk)
    pos = device(gql, raw)
    assert pos.execute("{ me { email } }") == {"me": None}
    assert pos.execute("{ vendorApplications { totalCount } }") == {
        "vendorApplications": {"totalCount": 0}
    }
    same_pk_user = global_id("User", token.pk)
    assert pos.execute("query($id: ID!) { node(id: $id) { id } }", {"id": same_pk_user}) == {
        "node": None
    }
    products = pos.execute("{ products { totalCount } }")["products"]
    assert products["totalCount"] >= 1
    for document in (
        f'mutation {{ vendorApplicationCreate(input: {{displayName: "HTX"}}) {{ {ERRORS} }} }}',
        f"mutation($id: ID!) {{ transferCancel(id: $id) {{ {ERRORS} }} }}",
    ):
        response = pos.post(document, {"id": gid(s.showroom)})
        assert response.status_code == 200, response.content
        body = response.json()
        assert "errors" not in body, body
        (payload,) = body["data"].values()
        assert payload["errors"][0]["code"] in {"PERMISSION_DENIED", "INVALID"}
