"""Bearer tokens an attacker can make up, and guessing passwords faster than the throttle lets.

Every bad token is answered 401 with the code INVALID_TOKEN over HTTP through the real view:
the client must learn that its token stopped working, rather than be served as a visitor."""

import base64
import json
from datetime import timedelta

import jwt
import pytest
from django.conf import settings
from django.utils import timezone

from inventory.services.tokens import location_token_revoke
from marketplace.accounts.tokens import create_access_token, create_refresh_token
from tests.concurrency import run_in_threads
from tests.factories import PASSWORD, UserFactory, location_token
from tests.graphql.client import GraphQLClient
from tests.security.support import nothing_written, payload_refused, refused

pytestmark = [
    pytest.mark.django_db,
    # "HS512 with our key": the test settings' key is short for SHA-512, which PyJWT mentions.
    pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning"),
]

ME = "{ me { email } }"
LOGIN = """
mutation($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) { token errors { field code message } }
}"""


def claims(user, **overrides) -> dict:
    now = int(timezone.now().timestamp())
    return {
        "sub": str(user.pk),
        "email": user.email,
        "type": "access",
        "iat": now,
        "exp": now + 600,
        "jti": "x",
        "iss": settings.JWT_ISSUER,
        **overrides,
    }


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned(user) -> str:
    """`alg: none`: a header, the claims and no signature."""
    header = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    return f"{header}.{_b64(json.dumps(claims(user)).encode())}."


def _deactivated():
    user = UserFactory()
    token = create_access_token(user)
    user.is_active = False
    user.save()
    return token


def _revoked_device():
    device, raw = location_token()
    location_token_revoke(actor=device.created_by, token=device)
    return raw


def _expired(user):
    past = timezone.now() - timedelta(hours=2)
    return jwt.encode(
        claims(user, iat=int(past.timestamp()), exp=int(past.timestamp()) + 60),
        settings.JWT_SECRET,
        algorithm="HS256",
    )


FORGED = {
    "alg none": lambda user: unsigned(user),
    "alg none, capitalised": lambda user: unsigned(user).replace(
        _b64(b'{"alg": "none"'), _b64(b'{"alg": "None"')
    ),
    "HS256 with the wrong key": lambda user: jwt.encode(
        claims(user), "not-our-secret-but-long-enough-for-hs256", algorithm="HS256"
    ),
    "HS512 with our key": lambda user: jwt.encode(
        claims(user), settings.JWT_SECRET, algorithm="HS512"
    ),
    "expired": _expired,
    "a refresh token": lambda user: create_refresh_token(user),
    "without an issuer": lambda user: jwt.encode(
        {k: v for k, v in claims(user).items() if k != "iss"}, settings.JWT_SECRET, "HS256"
    ),
    "another issuer": lambda user: jwt.encode(
        claims(user, iss="someone-else"), settings.JWT_SECRET, "HS256"
    ),
    "of a deactivated user": lambda user: _deactivated(),
    "of a user who does not exist": lambda user: jwt.encode(
        claims(user, sub="987654321"), settings.JWT_SECRET, "HS256"
    ),
    "garbage": lambda user: "garbage",
    "three dots": lambda user: "...",
    "truncated": lambda user: create_access_token(user)[:-8],
    "its signature cut off": lambda user: create_access_token(user).rsplit(".", 1)[0],
    "claims tampered with": lambda user: ".".join(
        [
            create_access_token(user).split(".")[0],
            _b64(json.dumps(claims(user, sub="1")).encode()),
            create_access_token(user).split(".")[2],
        ]
    ),
    "a megabyte long": lambda user: "e" * 1_000_000,
    "a revoked device token": lambda user: _revoked_device(),
    "a made-up device token": lambda user: "ocop_loc_" + "A" * 43,
}


@pytest.mark.parametrize("make", FORGED.values(), ids=FORGED.keys())
def test_a_forged_or_dead_token_is_401_invalid_token(make):
    user = UserFactory()
    token = make(user)
    with nothing_written():
        response = GraphQLClient(token=token).post(ME)
        refused(response, status=401, code="INVALID_TOKEN")


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Token abc", "bearer  "])
def test_an_authorization_header_that_is_not_a_bearer_token_is_401(client, header):
    response = client.post(
        "/graphql/", {"query": ME}, content_type="application/json", HTTP_AUTHORIZATION=header
    )
    refused(response, status=401, code="INVALID_TOKEN")


def test_a_forged_token_cannot_even_run_a_mutation_anonymously():
    """A 401 before anything runs: the mutation does not fall back to an anonymous user."""
    user = UserFactory()
    with nothing_written():
        response = GraphQLClient(token=unsigned(user)).post(
            "mutation { checkoutCreate(input: {lines: []}) { errors { code } } }"
        )
        refused(response, status=401, code="INVALID_TOKEN")


def test_a_real_token_still_works():
    user = UserFactory()
    assert GraphQLClient(user).execute(ME)["me"]["email"] == user.email


@pytest.fixture(params=["locmem", "redis"])
def login_cache(request, settings):
    """The failed-login counters in the local-memory cache, then in a real Redis (the test
    database number of this worktree) when one answers."""
    if request.param == "redis":
        import redis

        url = "redis://127.0.0.1:6379/4"
        try:
            redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        except redis.RedisError:
            pytest.skip(f"no Redis at {url}: the throttle is tested with the local memory cache")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": "ocop-security-tests",
            }
        }
    from django.core.cache import cache

    cache.clear()
    yield request.param
    cache.clear()


def guess(email: str, password: str, address: str):
    """One tokenCreate from `address`, in a thread of its own; returns the payload's code."""

    def attempt():
        client = GraphQLClient()
        client.client.defaults["REMOTE_ADDR"] = address
        response = client.post(LOGIN, {"email": email, "password": password})
        return payload_refused(response, "tokenCreate", code=response_code(response))["code"]

    return attempt


def response_code(response) -> str:
    return response.json()["data"]["tokenCreate"]["errors"][0]["code"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("spread", ["one account from 8 addresses", "8 accounts from one address"])
def test_eight_concurrent_guesses_get_no_more_tries_than_the_limit(login_cache, settings, spread):
    """8 threads guess at once. Counting a failure only after checking the password let every
    guess that started before the first failure was recorded through."""
    settings.LOGIN_FAILURE_LIMIT = 3
    victims = [UserFactory() for _ in range(8)]
    if spread == "one account from 8 addresses":
        guesses = [guess(victims[0].email, "wrong", f"203.0.113.{i}") for i in range(8)]
    else:
        guesses = [guess(victim.email, "wrong", "203.0.113.9") for victim in victims]

    codes = run_in_threads(*guesses)

    assert sorted(codes) == ["INVALID_CREDENTIALS"] * 3 + ["THROTTLED"] * 5, codes
    # Even the right password waits now: guessing must not go on.
    right = guess(victims[0].email, PASSWORD, "203.0.113.9")()
    assert right == "THROTTLED"


def test_the_throttle_counts_each_address_too(login_cache, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    people = [UserFactory() for _ in range(5)]
    codes = [
        GraphQLClient().post(LOGIN, {"email": person.email, "password": "wrong"})
        for person in people
    ]
    assert [response_code(r) for r in codes] == ["INVALID_CREDENTIALS"] * 3 + ["THROTTLED"] * 2
