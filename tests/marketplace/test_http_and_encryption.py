"""The shared pieces connectors stand on: the HTTP client's retries, errors and quiet logs, and
credentials encrypted at rest."""

import logging

import pytest
import requests
import responses
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from marketplace.core.encryption import (
    UndecryptableValue,
    decrypt_text,
    encrypt_text,
    reencrypt,
)
from marketplace.core.http import (
    ExternalServiceError,
    Failure,
    RetryPolicy,
    ServiceClient,
    retry_after_seconds,
)

BASE = "https://api.example.test/v1/"


@pytest.fixture
def pauses():
    return []


@pytest.fixture
def client(pauses):
    return ServiceClient(
        service="example", base_url=BASE, retry=RetryPolicy(attempts=3), sleep=pauses.append
    )


@responses.activate
def test_a_5xx_then_success_is_retried_and_answered(client, pauses):
    responses.get(BASE + "items", status=503)
    responses.get(BASE + "items", json={"data": [1]})
    assert client.json("GET", "items") == {"data": [1]}
    assert len(responses.calls) == 2
    assert len(pauses) == 1 and 0 <= pauses[0] <= 0.5


@responses.activate
def test_retry_after_is_honoured_and_capped(pauses):
    client = ServiceClient(
        service="example",
        base_url=BASE,
        retry=RetryPolicy(attempts=3, max_pause_seconds=10),
        sleep=pauses.append,
    )
    responses.get(BASE + "items", status=429, headers={"Retry-After": "2"})
    responses.get(BASE + "items", status=429, headers={"Retry-After": "3600"})
    responses.get(BASE + "items", status=429)
    with pytest.raises(ExternalServiceError) as caught:
        client.request("GET", "items")
    assert caught.value.kind == Failure.RATE_LIMITED and caught.value.status == 429
    assert pauses == [2.0, 10]


@responses.activate
def test_a_4xx_is_not_retried(client):
    responses.post(BASE + "orders", status=400, json={"message": "bad district"})
    with pytest.raises(ExternalServiceError) as caught:
        client.request("POST", "orders", json={})
    assert caught.value.kind == Failure.REJECTED
    assert "bad district" in str(caught.value)
    assert len(responses.calls) == 1


@responses.activate
def test_timeouts_and_refused_connections_become_errors_of_their_kind(client, pauses):
    responses.get(BASE + "slow", body=requests.Timeout("read timed out"))
    with pytest.raises(ExternalServiceError) as caught:
        client.request("GET", "slow")
    assert caught.value.kind == Failure.TIMEOUT
    assert len(responses.calls) == 3 and len(pauses) == 2

    responses.get(BASE + "down", body=requests.ConnectionError("refused"))
    with pytest.raises(ExternalServiceError) as caught:
        client.request("GET", "down")
    assert caught.value.kind == Failure.UNAVAILABLE


@responses.activate
def test_an_answer_that_is_not_json_is_a_bad_response(client):
    responses.get(BASE + "items", body="<html>maintenance</html>")
    with pytest.raises(ExternalServiceError) as caught:
        client.json("GET", "items")
    assert caught.value.kind == Failure.BAD_RESPONSE


@responses.activate
def test_logs_never_carry_query_strings_or_headers(client, caplog):
    responses.get(BASE + "items", json={})
    with caplog.at_level(logging.INFO, logger="marketplace.http"):
        client.request(
            "GET", "items", params={"access_token": "s3cret"}, headers={"Token": "s3cret"}
        )
    assert "api.example.test/v1/items" in caplog.text
    assert "s3cret" not in caplog.text


def test_retry_after_reads_seconds_and_http_dates():
    assert retry_after_seconds("5") == 5.0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


def test_secrets_round_trip_and_are_not_stored_in_clear():
    token = encrypt_text("kiotviet-client-secret")
    assert "kiotviet" not in token
    assert decrypt_text(token) == "kiotviet-client-secret"


def test_keys_rotate_and_a_removed_key_cannot_decrypt(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    token = encrypt_text("ghn-token")
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    assert decrypt_text(token) == "ghn-token"
    rotated = reencrypt(token)
    settings.FIELD_ENCRYPTION_KEYS = [new]
    assert decrypt_text(rotated) == "ghn-token"
    with pytest.raises(UndecryptableValue):
        decrypt_text(token)


def test_production_without_keys_is_a_configuration_error(settings):
    settings.DEBUG, settings.FIELD_ENCRYPTION_KEYS = False, []
    with pytest.raises(ImproperlyConfigured):
        encrypt_text("x")
    settings.FIELD_ENCRYPTION_KEYS = ["not-a-fernet-key"]
    with pytest.raises(ImproperlyConfigured):
        encrypt_text("x")
