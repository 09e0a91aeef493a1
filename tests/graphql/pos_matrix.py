"""Permission-matrix rows of a showroom's POS set-up: connections, the mapping table, syncs on
demand and the counter's bank account. The showroom's manager and platform staff change them;
its clerk and its device see them (a device may start a sync); producers and shoppers do not
see them at all."""

from graphql_relay import to_global_id

from inventory.models import PosSkuMapping
from tests.factories import PosConnectionFactory
from tests.graphql.permission_support import (
    ALLOWED,
    DENIED,
    HIDDEN,
    MutationRow,
    World,
    expect,
    mutation_op,
    roles,
    showroom_roles,
)

A, D, H = ALLOWED, DENIED, HIDDEN
CONNECTION = "posConnection { id provider credentialsSet }"


def _connection(w: World):
    return PosConnectionFactory(location=w.inventory.showroom)


def _connection_id(w: World) -> str:
    return to_global_id("PosConnection", _connection(w).pk)


def _create(w: World) -> dict:
    return {
        "input": {
            "locationId": to_global_id("Location", w.inventory.showroom.pk),
            "provider": "HARAVAN",
            "account": "diembanocop",
            "branchId": "1007284",
            "credentials": {"accessToken": "tok", "webhookSecret": "bí-mật"},
        }
    }


def _mapping(w: World) -> dict:
    mapping = PosSkuMapping.objects.create(
        connection=_connection(w), external_code="SP001", variant=w.inventory.variant
    )
    return {"id": to_global_id("PosSkuMapping", mapping.pk)}


HIDDEN_TO_OUTSIDERS = expect(H, H, H, H, A)
ROWS = [
    MutationRow(
        "posConnectionCreate[showroom]",
        "posConnectionCreate",
        mutation_op(
            "$input: PosConnectionCreateInput!", "posConnectionCreate", "input: $input", CONNECTION
        ),
        _create,
        expect(D, D, D, D, A),
        payload="posConnection",
        target="input.locationId",
        roles={**roles(D, D), **showroom_roles(A, D, D)},
    ),
    MutationRow(
        "posConnectionUpdate",
        "posConnectionUpdate",
        mutation_op(
            "$id: ID!", "posConnectionUpdate", "id: $id, input: {pushSales: true}", CONNECTION
        ),
        lambda w: {"id": _connection_id(w)},
        HIDDEN_TO_OUTSIDERS,
        payload="posConnection",
        roles={**roles(H, H), **showroom_roles(A, D, D)},
    ),
    MutationRow(
        "posConnectionDelete",
        "posConnectionDelete",
        mutation_op("$id: ID!", "posConnectionDelete", "id: $id", "deletedId"),
        lambda w: {"id": _connection_id(w)},
        HIDDEN_TO_OUTSIDERS,
        payload="deletedId",
        roles={**roles(H, H), **showroom_roles(A, D, D)},
    ),
    MutationRow(
        "posConnectionSyncNow",
        "posConnectionSyncNow",
        mutation_op(
            "$id: ID!", "posConnectionSyncNow", "id: $id, full: true", "posConnection { id }"
        ),
        lambda w: {"id": _connection_id(w)},
        HIDDEN_TO_OUTSIDERS,
        payload="posConnection",
        roles={**roles(H, H), **showroom_roles(A, D, A)},
    ),
    MutationRow(
        "posSkuMappingSet",
        "posSkuMappingSet",
        mutation_op(
            "$connectionId: ID!, $variantId: ID!",
            "posSkuMappingSet",
            'connectionId: $connectionId, externalCode: "SP001", variantId: $variantId',
            "posSkuMapping { id externalCode }",
        ),
        lambda w: {
            "connectionId": _connection_id(w),
            "variantId": to_global_id("ProductVariant", w.inventory.variant.pk),
        },
        HIDDEN_TO_OUTSIDERS,
        payload="posSkuMapping",
        target="connectionId",
        roles={**roles(H, H), **showroom_roles(A, D, D)},
    ),
    MutationRow(
        "posSkuMappingDelete",
        "posSkuMappingDelete",
        mutation_op("$id: ID!", "posSkuMappingDelete", "id: $id", "deletedId"),
        _mapping,
        HIDDEN_TO_OUTSIDERS,
        payload="deletedId",
        roles={**roles(H, H), **showroom_roles(A, D, D)},
    ),
    MutationRow(
        "showroomBankAccountSet",
        "showroomBankAccountSet",
        mutation_op(
            "$locationId: ID!",
            "showroomBankAccountSet",
            'locationId: $locationId, bankBin: "970436", accountNumber: "0011001234567", '
            'accountName: "Trung tâm Xúc tiến Thương mại"',
            "bankAccount { bankBin }",
        ),
        lambda w: {"locationId": to_global_id("Location", w.inventory.showroom.pk)},
        expect(D, D, D, D, A),
        payload="bankAccount",
        target="locationId",
        roles={**roles(D, D), **showroom_roles(A, D, D)},
    ),
]
