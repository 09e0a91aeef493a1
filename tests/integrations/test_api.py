"""Managing apps over GraphQL: the payloads, the token shown once, errors with codes and
fields, and a list whose queries do not grow with its size."""

import pytest
from graphql_relay import to_global_id

from integrations.models import App, AppToken
from integrations.services import app_token_create
from tests.graphql.client import GraphQLClient
from tests.graphql.vendor_support import in_english
from tests.integrations.support import app_with_token

pytestmark = pytest.mark.django_db

CREATE = """mutation($input: AppCreateInput!) { appCreate(input: $input) {
  app { id name scopes isActive producer { name } tokens { id } }
  errors { field code message } } }"""
TOKEN = """mutation($id: ID!) { appTokenCreate(appId: $id) {
  token appToken { id hint lastUsedAt revokedAt } errors { field code } } }"""
APPS = """{ apps { totalCount edges { node { name scopes producer { name }
  tokens { hint createdAt lastUsedAt revokedAt } } } } }"""


@pytest.fixture
def gql_en(gql):
    return in_english(gql)


def test_an_owner_creates_an_app_and_a_token_shown_once(gql_en, owner, vendor):
    client = gql_en(owner)
    created = client.execute(
        CREATE,
        {
            "input": {
                "name": "Website HTX",
                "producerId": to_global_id("Vendor", vendor.pk),
                "scopes": ["stock:write", "catalog:read"],
            }
        },
    )["appCreate"]
    assert created["errors"] == []
    assert created["app"] == {
        **created["app"],
        "name": "Website HTX",
        "scopes": ["catalog:read", "stock:write"],
        "isActive": True,
        "producer": {"name": vendor.name},
        "tokens": [],
    }

    issued = client.execute(TOKEN, {"id": created["app"]["id"]})["appTokenCreate"]
    raw = issued["token"]
    assert raw.startswith("ocop_app_") and issued["appToken"]["hint"] == raw[:13]
    assert issued["appToken"]["lastUsedAt"] is None and issued["appToken"]["revokedAt"] is None

    listed = client.execute(APPS)["apps"]
    assert listed["totalCount"] == 1
    assert raw not in str(listed)  # never shown again
    # The token works at once, and its use shows.
    assert GraphQLClient(token=raw).execute("{ me { email } }") == {"me": None}
    assert client.execute(APPS)["apps"]["edges"][0]["node"]["tokens"][0]["lastUsedAt"]


def test_bad_input_comes_back_as_errors_with_fields_and_writes_nothing(gql_en, owner, vendor):
    client = gql_en(owner)
    producer = to_global_id("Vendor", vendor.pk)
    cases = [
        ({"name": "", "producerId": producer}, "name", "REQUIRED"),
        ({"name": "x", "producerId": producer, "scopes": ["payouts:write"]}, "scopes", "INVALID"),
        ({"name": "x", "producerId": to_global_id("Vendor", 999_999)}, "producerId", "NOT_FOUND"),
        ({"name": "x", "producerId": "not-an-id"}, "producerId", "INVALID"),
        ({"name": "x"}, None, "PERMISSION_DENIED"),  # no producer: staff only
    ]
    for input, field, code in cases:
        payload = client.execute(CREATE, {"input": input})["appCreate"]
        assert payload["app"] is None
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)], input
    assert not App.objects.exists()


def test_update_revoke_and_delete(gql_en, owner, vendor):
    client = gql_en(owner)
    app, token, raw = app_with_token(producer=vendor, scopes=["catalog:read"], creator=owner)
    app_id = to_global_id("App", app.pk)
    updated = client.execute(
        """mutation($id: ID!) { appUpdate(id: $id, input: {isActive: false, name: "Tắt"}) {
        app { name isActive } errors { code } } }""",
        {"id": app_id},
    )["appUpdate"]
    assert updated == {"app": {"name": "Tắt", "isActive": False}, "errors": []}
    assert GraphQLClient(token=raw).post("{ me { email } }").status_code == 401

    revoked = client.execute(
        "mutation($id: ID!) { appTokenRevoke(id: $id) { appToken { revokedAt } errors { code } } }",
        {"id": to_global_id("AppToken", token.pk)},
    )["appTokenRevoke"]
    assert revoked["errors"] == [] and revoked["appToken"]["revokedAt"]

    deleted = client.execute(
        "mutation($id: ID!) { appDelete(id: $id) { deletedId errors { code } } }", {"id": app_id}
    )["appDelete"]
    assert deleted == {"deletedId": app_id, "errors": []}
    assert not App.objects.exists() and not AppToken.objects.exists()


def test_app_by_id_is_null_for_others_and_a_bad_id_is_an_error(gql_en, owner, other_owner, vendor):
    app = app_with_token(producer=vendor, creator=owner)[0]
    query = "query($id: ID!) { app(id: $id) { name } }"
    variables = {"id": to_global_id("App", app.pk)}
    assert gql_en(owner).execute(query, variables) == {"app": {"name": app.name}}
    assert gql_en(other_owner).execute(query, variables) == {"app": None}
    body = gql_en(owner).post(query, {"id": "nonsense"}).json()
    assert body["errors"][0]["extensions"]["code"] == "INVALID"


def test_the_list_of_apps_takes_the_same_queries_whatever_its_size(
    gql_en, staff, vendor, django_assert_max_num_queries
):
    client = gql_en(staff)
    app_with_token(producer=vendor, creator=staff)
    with django_assert_max_num_queries(6) as few:
        client.execute(APPS)
    for n in range(5):
        app, _token, _raw = app_with_token(producer=vendor, name=f"App {n}", creator=staff)
        app_token_create(actor=staff, app=app)
    with django_assert_max_num_queries(len(few.captured_queries)):
        data = client.execute(APPS)
    assert data["apps"]["totalCount"] == 6
