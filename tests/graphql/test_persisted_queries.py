"""Automatic persisted queries (Apollo's APQ protocol) and cacheable GETs at /graphql/."""

import json

import pytest
from django.core.cache import cache
from django.test import Client

from marketplace.accounts.models import User
from marketplace.accounts.tokens import create_access_token
from marketplace.graphql.models import PersistedQuery
from marketplace.graphql.persisted import query_store, sha256_of
from tests.factories import ProductVariantFactory, StockFactory, UserFactory

pytestmark = pytest.mark.django_db

PROVINCES = "query Provinces($first: Int) { provinces(first: $first) { totalCount edges { node { code name } } } }"  # noqa: E501
PRODUCT = "query ProductBySlug($slug: String!) { product(slug: $slug) { name slug } }"
MIXED = (
    "query Both($slug: String!) { ...Reference product(slug: $slug) { name } }\n"
    "fragment Reference on Query { categories(level: 1) { totalCount } }"
)
CHECKOUT = "query Checkout($token: UUID!) { checkout(token: $token) { token } }"
ME = "query Me { me { email } }"
REGISTER = (
    "mutation Register($input: AccountRegisterInput!) { accountRegister(input: $input) "
    "{ errors { code } } }"
)
REGISTER_INPUT = {"input": {"email": "lan@example.vn", "password": "mien-dong-2025"}}


def extensions(query: str, sha256_hash: str | None = None) -> dict:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha256_hash or sha256_of(query)}}


def post(client, body: dict, **headers):
    return client.post("/graphql/", json.dumps(body), content_type="application/json", **headers)


def get(client, query: str, variables: dict | None = None, *, send_query=False, **headers):
    """A GET as Apollo's clients send it: the hash in `extensions`, the rest in the URL."""
    params = {
        "operationName": query.split()[1].split("(")[0],
        "variables": json.dumps(variables or {}),
        "extensions": json.dumps(extensions(query)),
    }
    if send_query:
        params["query"] = query
    return client.get("/graphql/", params, HTTP_ACCEPT="application/json", **headers)


def registered(client, query: str, variables: dict | None = None):
    response = post(
        client, {"query": query, "variables": variables, "extensions": extensions(query)}
    )
    assert response.status_code == 200, response.content
    assert "errors" not in response.json()
    return response


def only_error(response) -> dict:
    errors = response.json()["errors"]
    assert len(errors) == 1, errors
    return errors[0]


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def product():
    return StockFactory(variant=ProductVariantFactory(product__slug="che-shan-tuyet")).variant


def test_an_unknown_hash_answers_persisted_query_not_found(client):
    response = post(client, {"extensions": extensions(PROVINCES)})
    # 200, as Apollo Server answers it: on a 400 Apollo Client stops using persisted queries.
    assert response.status_code == 200
    assert response.json() == {
        "errors": [
            {
                "message": "PersistedQueryNotFound",
                "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"},
            }
        ]
    }
    assert response["Cache-Control"] == "private, no-store"
    assert not PersistedQuery.objects.exists()


def test_a_query_sent_with_its_hash_is_registered_and_later_runs_from_the_hash(
    client, django_assert_max_num_queries
):
    first = registered(client, PROVINCES, {"first": 2})
    assert PersistedQuery.objects.get().query == PROVINCES
    # The stored text, then what the plain query costs (the provinces, their count, old names).
    with django_assert_max_num_queries(4):
        again = post(client, {"variables": {"first": 2}, "extensions": extensions(PROVINCES)})
    assert again.status_code == 200
    assert again.json() == first.json()
    assert again.json()["data"]["provinces"]["totalCount"] == 34

    registered(client, PROVINCES, {"first": 3})  # registering again changes nothing
    assert PersistedQuery.objects.count() == 1


def test_a_hash_that_is_not_the_querys_is_refused_and_nothing_runs(client):
    wrong = sha256_of(PROVINCES)
    response = post(
        client,
        {"query": REGISTER, "variables": REGISTER_INPUT, "extensions": extensions(REGISTER, wrong)},
    )
    assert response.status_code == 400
    assert only_error(response) == {
        "message": "provided sha does not match query",
        "extensions": {"code": "PROVIDED_SHA_DOES_NOT_MATCH"},
    }
    assert not User.objects.exists()
    assert not PersistedQuery.objects.exists()


@pytest.mark.parametrize(
    ("persisted", "says"),
    [
        ({"version": 2, "sha256Hash": "a" * 64}, "Unsupported persisted query version"),
        ({"version": True, "sha256Hash": "a" * 64}, "Unsupported persisted query version"),
        ({"version": 1, "sha256Hash": "abc"}, "64 hexadecimal digits"),
        ({"version": 1, "sha256Hash": ["a" * 64]}, "64 hexadecimal digits"),
        ("abc", "must be a JSON object"),
    ],
)
def test_a_malformed_persisted_query_extension_is_a_bad_request(client, persisted, says):
    response = post(client, {"query": PROVINCES, "extensions": {"persistedQuery": persisted}})
    assert response.status_code == 400
    error = only_error(response)
    assert says in error["message"] and error["extensions"]["code"] == "BAD_REQUEST"
    assert not PersistedQuery.objects.exists()


def test_a_query_with_a_lone_surrogate_is_refused_not_a_server_error(client):
    query = 'query Odd { products(search: "\ud800") { totalCount } }'
    body = json.dumps({"query": query, "extensions": extensions(query)})  # json escapes it
    response = client.post("/graphql/", body, content_type="application/json")
    assert response.status_code == 400
    assert only_error(response)["extensions"]["code"] == "INVALID"
    assert not PersistedQuery.objects.exists()


def test_an_anonymous_persisted_get_runs_and_a_cdn_may_keep_it(client, product):
    miss = get(client, PRODUCT, {"slug": "che-shan-tuyet"})
    assert only_error(miss)["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert miss["Cache-Control"] == "private, no-store"

    # Apollo's clients register over GET too, sending the query with its hash.
    first = get(client, PRODUCT, {"slug": "che-shan-tuyet"}, send_query=True)
    assert first.status_code == 200 and PersistedQuery.objects.count() == 1
    response = get(client, PRODUCT, {"slug": "che-shan-tuyet"})
    assert response.status_code == 200
    assert response.json() == {
        "data": {"product": {"name": product.product.name, "slug": "che-shan-tuyet"}}
    }
    assert response["Cache-Control"] == "public, max-age=60"
    vary = {v.strip() for v in response["Vary"].split(",")}
    assert {"Authorization", "Accept-Language"} <= vary and "Cookie" not in vary
    assert not response.cookies  # a Set-Cookie would keep the CDN from caching it

    registered(client, PROVINCES, {"first": 1})
    assert get(client, PROVINCES, {"first": 1})["Cache-Control"] == "public, max-age=3600"
    registered(client, MIXED, {"slug": "che-shan-tuyet"})
    both = get(client, MIXED, {"slug": "che-shan-tuyet"})  # the shortest of its root fields
    assert both.json()["data"]["categories"]["totalCount"] == 6
    assert both["Cache-Control"] == "public, max-age=60"


def test_posts_and_reads_addressed_by_a_secret_are_never_shared(client):
    assert registered(client, PROVINCES)["Cache-Control"] == "private, no-store"
    token = "5b0f0c44-4c83-4a38-9d9b-3b8e2b0b6d3a"
    registered(client, CHECKOUT, {"token": token})
    response = get(client, CHECKOUT, {"token": token})
    assert response.status_code == 200 and response.json()["data"] == {"checkout": None}
    assert response["Cache-Control"] == "private, no-store"


def test_an_authenticated_get_is_private(client):
    user = UserFactory()
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {create_access_token(user)}"}
    registered(client, PROVINCES, {"first": 1})
    response = get(client, PROVINCES, {"first": 1}, **bearer)
    assert response.status_code == 200 and "errors" not in response.json()
    assert response["Cache-Control"] == "private, no-store"
    assert "Authorization" in response["Vary"]

    registered(client, ME)
    mine = get(client, ME, **bearer)
    assert mine.json()["data"]["me"]["email"] == user.email
    assert mine["Cache-Control"] == "private, no-store"


def test_csrf_stays_out_of_the_way_and_no_cookie_is_set_or_read():
    """POST is exempt (the API reads no cookie, so there is no session to ride), GET is safe;
    a logged-in browser's session cookie changes nothing in the answer nor its caching."""
    browser = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(UserFactory())
    assert registered(browser, PROVINCES, {"first": 1}).cookies.get("csrftoken") is None
    response = get(browser, PROVINCES, {"first": 1})
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=3600"
    assert "Cookie" not in response["Vary"] and not response.cookies


def test_a_get_whose_answer_holds_errors_is_private(client):
    registered(client, PROVINCES, {"first": 1})
    response = get(client, PROVINCES, {"first": -1})
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID"
    assert response["Cache-Control"] == "private, no-store"


def test_a_mutation_is_refused_over_get_even_when_persisted(client):
    post(
        client, {"query": REGISTER, "variables": REGISTER_INPUT, "extensions": extensions(REGISTER)}
    )
    assert PersistedQuery.objects.count() == 1 and User.objects.count() == 1
    User.objects.all().delete()

    response = get(client, REGISTER, REGISTER_INPUT)
    assert response.status_code == 405
    assert only_error(response)["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    assert response["Cache-Control"] == "private, no-store"
    assert not User.objects.exists()

    PersistedQuery.objects.all().delete()
    sent = get(client, REGISTER, REGISTER_INPUT, send_query=True)
    assert sent.status_code == 405
    assert not PersistedQuery.objects.exists() and not User.objects.exists()


def test_a_query_too_long_to_persist_is_refused_and_not_stored(client, settings):
    settings.GRAPHQL_PERSISTED_QUERY_MAX_LENGTH = 200
    long_query = PROVINCES.replace("code name", "code name " + "id " * 60)
    assert 200 < len(long_query) < settings.GRAPHQL_MAX_QUERY_LENGTH
    response = post(client, {"query": long_query, "extensions": extensions(long_query)})
    assert response.status_code == 400
    error = only_error(response)
    assert error["extensions"]["code"] == "QUERY_TOO_LARGE"
    assert "at most 200" in error["message"]
    assert not PersistedQuery.objects.exists()
    # Sent as a plain query it runs: the bound is on what is kept.
    assert post(client, {"query": long_query}).status_code == 200


def test_the_cost_limit_applies_to_persisted_queries(client, settings):
    costly = "query Costly { vendors(first: 100) { edges { node { products(first: 100) { edges { node { name } } } } } } }"  # noqa: E501
    settings.GRAPHQL_MAX_COST = 5_000
    refused = post(client, {"query": costly, "extensions": extensions(costly)})
    assert only_error(refused)["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert not PersistedQuery.objects.exists()  # only a query that could run is kept

    settings.GRAPHQL_MAX_COST = 50_000
    registered(client, PROVINCES)
    settings.GRAPHQL_MAX_COST = 10  # lowered since it was registered
    again = post(client, {"extensions": extensions(PROVINCES)})
    assert again.status_code == 400
    assert only_error(again)["extensions"]["code"] == "QUERY_TOO_COMPLEX"


def test_the_database_store_is_the_default_without_redis(client, settings):
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    assert query_store().kind == "database"
    registered(client, PROVINCES)
    assert PersistedQuery.objects.filter(pk=sha256_of(PROVINCES)).exists()
    cache.clear()  # the cache holds nothing the database store needs
    assert post(client, {"extensions": extensions(PROVINCES)}).json()["data"]["provinces"]


@pytest.fixture(params=["locmem", "redis"])
def cache_store(request, settings):
    """The cache store in the local-memory cache (chosen by the setting), then in a real Redis
    (chosen by "auto", as in production) when one answers."""
    if request.param == "redis":
        import redis

        url = "redis://127.0.0.1:6379/5"
        try:
            redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        except redis.RedisError:
            pytest.skip(f"no Redis at {url}: the cache store is tested with the local memory cache")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": "ocop-persisted-query-tests",
            }
        }
    else:
        settings.GRAPHQL_PERSISTED_QUERY_STORE = "cache"
    cache.clear()
    yield request.param
    cache.clear()


def test_the_cache_store_keeps_queries_in_the_cache(client, cache_store, django_assert_num_queries):
    assert query_store().kind == "cache"
    registered(client, PROVINCES, {"first": 1})
    assert not PersistedQuery.objects.exists()
    assert cache.get(f"graphql:persisted-query:{sha256_of(PROVINCES)}") == PROVINCES
    with django_assert_num_queries(3):  # what the plain query costs: the text is not in SQL
        again = post(client, {"variables": {"first": 1}, "extensions": extensions(PROVINCES)})
    assert again.json()["data"]["provinces"]["totalCount"] == 34

    cache.clear()  # evicted: the client is told, and registers again
    miss = post(client, {"extensions": extensions(PROVINCES)})
    assert only_error(miss)["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
