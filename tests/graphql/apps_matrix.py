"""Permission-matrix rows of apps and their tokens: staff manage any app, A's owners the apps
of A; everyone else finds none of A's apps (NOT_FOUND), and nobody but staff makes an app that
acts for no producer."""

from graphql_relay import to_global_id

from integrations.services import app_create, app_token_create
from tests.graphql.permission_support import (
    ALLOWED,
    DENIED,
    HIDDEN,
    MutationRow,
    ReadRow,
    World,
    expect,
    mutation_op,
    roles,
)

A, D, H = ALLOWED, DENIED, HIDDEN
APP = "app { id name scopes }"
OWNERS_ONLY = expect(H, H, H, A, A)


def a_app(w: World):
    return app_create(
        actor=w.owner_a, name="Website HTX", producer=w.vendor_a, scopes=["catalog:read"]
    )


def app_id(w: World) -> str:
    return to_global_id("App", a_app(w).pk)


def token_id(w: World) -> str:
    token, _raw = app_token_create(actor=w.owner_a, app=a_app(w))
    return to_global_id("AppToken", token.pk)


ROWS = [
    MutationRow(
        "appCreate[for A]",
        "appCreate",
        mutation_op("$input: AppCreateInput!", "appCreate", "input: $input", APP),
        lambda w: {
            "input": {
                "name": "Bưu điện Việt Nam",
                "producerId": to_global_id("Vendor", w.vendor_a.pk),
                "scopes": ["orders:read"],
            }
        },
        expect(D, D, D, A, A),
        payload="app",
        target="input.producerId",
        roles=roles(D, D),
    ),
    MutationRow(
        "appCreate[for no producer]",
        "appCreate",
        mutation_op("$input: AppCreateInput!", "appCreate", "input: $input", APP),
        lambda w: {"input": {"name": "Cổng OCOP quốc gia", "scopes": ["catalog:read"]}},
        expect(D, D, D, D, A),
        payload="app",
        target=None,
        roles=roles(D, D),
    ),
    MutationRow(
        "appUpdate[A's app]",
        "appUpdate",
        mutation_op(
            "$id: ID!, $input: AppUpdateInput!", "appUpdate", "id: $id, input: $input", APP
        ),
        lambda w: {"id": app_id(w), "input": {"scopes": ["orders:read", "orders:write"]}},
        OWNERS_ONLY,
        payload="app",
        roles=roles(H, H),
    ),
    MutationRow(
        "appDelete[A's app]",
        "appDelete",
        mutation_op("$id: ID!", "appDelete", "id: $id", "deletedId"),
        lambda w: {"id": app_id(w)},
        OWNERS_ONLY,
        payload="deletedId",
        roles=roles(H, H),
    ),
    MutationRow(
        "appTokenCreate[A's app]",
        "appTokenCreate",
        mutation_op("$appId: ID!", "appTokenCreate", "appId: $appId", "token appToken { id }"),
        lambda w: {"appId": app_id(w)},
        OWNERS_ONLY,
        payload="appToken",
        target="appId",
        roles=roles(H, H),
    ),
    MutationRow(
        "appTokenRevoke[A's token]",
        "appTokenRevoke",
        mutation_op("$id: ID!", "appTokenRevoke", "id: $id", "appToken { id revokedAt }"),
        lambda w: {"id": token_id(w)},
        OWNERS_ONLY,
        payload="appToken",
        roles=roles(H, H),
    ),
]


def _arrange_app(w: World) -> dict:
    app = a_app(w)
    app_token_create(actor=w.owner_a, app=app)
    return {"variables": {"id": to_global_id("App", app.pk)}, "app": app}


def _apps(w: World, arranged: dict, sees: bool) -> dict:
    shown = {"name": "Website HTX", "scopes": ["catalog:read"]}
    hint = arranged["app"].tokens.get().token_hint
    return {
        "app": {**shown, "tokens": [{"hint": hint}]} if sees else None,
        "node": {"name": "Website HTX"} if sees else None,
        "apps": {
            "totalCount": 1 if sees else 0,
            "edges": [{"node": {"name": "Website HTX"}}] if sees else [],
        },
    }


READS = [
    ReadRow(
        "app(id), node(id) and apps of A",
        "query($id: ID!) { app(id: $id) { name scopes tokens { hint } } "
        "node(id: $id) { ... on App { name } } "
        "apps { totalCount edges { node { name } } } }",
        _arrange_app,
        _apps,
    ),
]
