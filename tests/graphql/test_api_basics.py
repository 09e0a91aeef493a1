"""The endpoint itself: GraphiQL, bad requests, tokens, limits, pagination, internal errors."""

import json
from datetime import timedelta

import jwt
import pytest
from django.conf import settings
from django.utils import timezone

from marketplace.accounts.tokens import create_access_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROVINCES = "query($first: Int, $after: String) { provinces(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id code name } } } }"  # noqa: E501


def post(client, body, **headers):
    return client.post("/graphql/", body, content_type="application/json", **headers)


def test_graphiql_is_served_from_the_project_not_a_cdn(client):
    response = client.get("/graphql/", HTTP_ACCEPT="text/html")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/graphiql/graphiql.min.js" in html
    assert "cdn" not in html.lower() and "https://" not in html


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("{not json", "not valid JSON"),
        ('"just a string"', "JSON object"),
        (json.dumps({"query": ""}), "query"),
        (json.dumps({"query": "{ provinces { totalCount } }", "variables": [1]}), "variables"),
    ],
)
def test_malformed_requests_get_a_400_with_an_error_not_a_500(client, body, says):
    response = post(client, body)
    assert response.status_code == 400
    assert says in response.json()["errors"][0]["message"]


def test_unknown_fields_and_wrong_types_are_graphql_errors(client):
    unknown = post(client, json.dumps({"query": "{ provinces { nope } }"}))
    assert unknown.status_code == 400
    assert "Cannot query field 'nope'" in unknown.json()["errors"][0]["message"]

    wrong = post(client, json.dumps({"query": PROVINCES, "variables": {"first": "ten"}}))
    assert wrong.status_code == 400
    assert "Int cannot represent" in wrong.json()["errors"][0]["message"]

    syntax = post(client, json.dumps({"query": "{ provinces { "}))
    assert syntax.status_code == 400
    assert "Syntax Error" in syntax.json()["errors"][0]["message"]


def test_mutations_are_not_accepted_over_get(client):
    response = client.get(
        "/graphql/",
        {"query": 'mutation { tokenRefresh(refreshToken: "x") { token } }'},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 405


def test_a_bad_or_expired_token_is_refused_with_401(client, gql):
    user = UserFactory()
    ok = gql(user).execute("{ me { email } }")
    assert ok["me"]["email"] == user.email

    expired = jwt.encode(
        {
            "sub": str(user.pk), "type": "access", "iss": settings.JWT_ISSUER,
            "iat": int((timezone.now() - timedelta(hours=2)).timestamp()),
            "exp": int((timezone.now() - timedelta(hours=1)).timestamp()),
        },
        settings.JWT_SECRET, algorithm="HS256",
    )  # fmt: skip
    forged = jwt.encode(
        {"sub": str(user.pk), "type": "access", "iss": settings.JWT_ISSUER, "iat": 1,
         "exp": 9_999_999_999},
        "not-our-secret-but-long-enough-for-hs256", algorithm="HS256",
    )  # fmt: skip
    for token, says in [(expired, "expired"), (forged, "not valid"), ("garbage", "not valid")]:
        response = post(
            client, json.dumps({"query": "{ me { email } }"}), HTTP_AUTHORIZATION=f"Bearer {token}"
        )
        assert response.status_code == 401
        error = response.json()["errors"][0]
        assert error["extensions"]["code"] == "INVALID_TOKEN"
        assert says in error["message"]

    basic = post(client, json.dumps({"query": "{ me { email } }"}), HTTP_AUTHORIZATION="Basic x")
    assert basic.status_code == 401


def test_a_token_of_a_deactivated_user_stops_working(client):
    user = UserFactory()
    token = create_access_token(user)
    user.is_active = False
    user.save()
    response = post(
        client, json.dumps({"query": "{ me { email } }"}), HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 401


def test_session_cookies_do_not_authenticate_the_api(client):
    """Only bearer tokens count: a logged-in browser session cannot be ridden from elsewhere."""
    client.force_login(UserFactory())
    assert post(client, json.dumps({"query": "{ me { email } }"})).json()["data"]["me"] is None


def test_pagination_with_total_count_and_cursors(gql):
    first_page = gql().execute(PROVINCES, {"first": 10})["provinces"]
    assert first_page["totalCount"] == 34
    assert len(first_page["edges"]) == 10
    assert first_page["pageInfo"]["hasNextPage"]
    second = gql().execute(PROVINCES, {"first": 30, "after": first_page["pageInfo"]["endCursor"]})
    codes = [e["node"]["code"] for e in first_page["edges"] + second["provinces"]["edges"]]
    assert len(codes) == len(set(codes)) == 34
    assert not second["provinces"]["pageInfo"]["hasNextPage"]


@pytest.mark.parametrize("first", [101, -1])
def test_more_than_100_a_page_is_a_clear_error(gql, first):
    body = gql().post(PROVINCES, {"first": first}).json()
    assert body["data"]["provinces"] is None
    assert "between 0 and 100" in body["errors"][0]["message"]


def test_node_finds_what_an_id_names(gql):
    province = gql().execute(PROVINCES, {"first": 1})["provinces"]["edges"][0]["node"]
    found = gql().execute(
        "query($id: ID!) { node(id: $id) { ... on Province { code name } } }",
        {"id": province["id"]},
    )
    assert found["node"] == {"code": province["code"], "name": province["name"]}


def test_too_deep_queries_are_refused(gql, settings):
    settings.GRAPHQL_MAX_DEPTH = 3
    body = gql().post("{ provinces { edges { node { code } } } }").json()
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"
    assert "4 levels deep; the limit is 3" in body["errors"][0]["message"]
    assert "data" not in body or body.get("data") is None


def test_too_costly_queries_are_refused_counting_page_sizes_and_variables(gql, settings):
    settings.GRAPHQL_MAX_COST = 150
    cheap = gql().post(PROVINCES, {"first": 10})
    assert cheap.status_code == 200
    costly = gql().post(PROVINCES, {"first": 100}).json()
    assert costly["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert "limit is 150" in costly["errors"][0]["message"]


def test_introspection_is_not_limited_in_depth(gql, settings):
    """Its cost is counted instead: tests/security/test_query_limits.py."""
    settings.GRAPHQL_MAX_DEPTH = 3
    body = gql().post(
        "{ __schema { types { name fields { name type { name ofType { name } } } } } }"
    )
    assert body.status_code == 200
    assert body.json()["data"]["__schema"]["types"]


def test_an_unexpected_failure_says_internal_error_without_details(gql, monkeypatch, caplog):
    from marketplace.geography.graphql import queries

    def explode(*args, **kwargs):
        raise RuntimeError("secret database detail")

    monkeypatch.setattr(queries, "provinces_queryset", explode)
    response = gql().post("{ provinces { totalCount } }")
    body = response.json()
    assert response.status_code == 200
    assert body["errors"][0]["message"] == "Internal error."
    assert body["errors"][0]["extensions"]["code"] == "INTERNAL_ERROR"
    assert "secret" not in response.content.decode()
    assert "secret database detail" in caplog.text  # logged for us, not shown to them


def test_malformed_multipart_requests_are_400(client):
    response = client.post("/graphql/", {"operations": "{", "map": "{}"})
    assert response.status_code == 400
    assert "operations" in response.json()["errors"][0]["message"]
    missing = client.post(
        "/graphql/",
        {"operations": json.dumps({"query": "{ me { email } }"}), "map": json.dumps({"0": ["x"]})},
    )
    assert missing.status_code == 400
    assert "was not sent" in missing.json()["errors"][0]["message"]
