"""`Authorization: Bearer ocop_app_…`: the request acts as the app, with its scopes."""

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone

from integrations.models import AppToken
from integrations.services import app_token_revoke, app_update, authenticate_app_token
from marketplace.graphql.auth import AuthenticationFailed, authenticate_request
from tests.integrations.support import as_app

pytestmark = pytest.mark.django_db

ME = "{ me { email } }"


def request_with(raw: str):
    return RequestFactory().post("/graphql/", HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_a_valid_token_makes_the_request_the_apps_principal(vendor, producer_app):
    app, _token, raw = producer_app
    principal = authenticate_request(request_with(raw))
    assert principal.is_app and principal.is_authenticated and principal.is_active
    assert not principal.is_staff and not principal.is_device
    assert principal.app == app and principal.producer_id == vendor.pk
    assert principal.scopes == frozenset(app.scopes)
    assert as_app(raw).execute(ME) == {"me": None}  # an app is nobody's account


def test_the_token_is_stored_hashed_with_a_hint(producer_app):
    _app, token, raw = producer_app
    assert raw.startswith("ocop_app_") and len(raw) > 40
    stored = AppToken.objects.filter(pk=token.pk).values()[0]
    assert raw not in [str(value) for value in stored.values()]
    assert token.token_hint == raw[: len("ocop_app_") + 4]


def _refused(raw: str):
    response = as_app(raw).post(ME)
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_TOKEN"
    with pytest.raises(AuthenticationFailed):
        authenticate_request(request_with(raw))


def test_a_revoked_token_is_answered_401(producer_app):
    app, token, raw = producer_app
    app_token_revoke(actor=app.created_by, token=token)
    _refused(raw)


def test_an_inactive_apps_token_is_answered_401_and_works_again_when_reactivated(producer_app):
    app, _token, raw = producer_app
    app_update(actor=app.created_by, app=app, is_active=False)
    _refused(raw)
    assert AppToken.objects.get().last_used_at is None  # a refused token records no use
    app_update(actor=app.created_by, app=app, is_active=True)
    assert as_app(raw).post(ME).status_code == 200


def test_made_up_and_mangled_tokens_are_answered_401(producer_app):
    _app, _token, raw = producer_app
    for attempt in (raw + "x", raw[:-1], "ocop_app_", "ocop_app_" + "A" * 43):
        _refused(attempt)


def test_a_deleted_apps_token_is_answered_401(producer_app):
    from integrations.services import app_delete

    app, _token, raw = producer_app
    app_delete(actor=app.created_by, app=app)
    _refused(raw)


def test_last_use_is_recorded_at_most_once_a_minute(producer_app):
    _app, token, raw = producer_app
    assert token.last_used_at is None
    as_app(raw).execute(ME)
    first = AppToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    as_app(raw).execute(ME)
    assert AppToken.objects.get(pk=token.pk).last_used_at == first

    AppToken.objects.filter(pk=token.pk).update(
        last_used_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    assert authenticate_app_token(raw=raw).token.last_used_at > first


def test_one_query_finds_the_token_and_its_app(producer_app, django_assert_max_num_queries):
    _app, _token, raw = producer_app
    authenticate_app_token(raw=raw)  # records the use once
    with django_assert_max_num_queries(1):
        assert authenticate_app_token(raw=raw) is not None
