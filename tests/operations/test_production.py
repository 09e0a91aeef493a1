"""Production settings, /healthz, request IDs and the read replica router."""

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connections, transaction
from django.test import override_settings

from marketplace.core.request_context import RequestIdFilter, read_only, request_id
from marketplace.db_router import PrimaryReplicaRouter

ROOT = Path(__file__).resolve().parents[2]


def production_env(**extra) -> dict:
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "ocop.example.vn",
        **extra,
    }


def test_check_deploy_is_clean_under_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    env.pop("SECRET_KEY")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_healthz_reports_each_part(client):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok"
    assert set(body["checks"]) == {"database", "broker", "search", "outbox"}
    assert body["checks"]["database"]["ok"] and body["checks"]["broker"]["mode"] == "inline"
    assert body["checks"]["outbox"] | {"ms": 0} == {"ok": True, "overdue": 0, "failed": 0, "ms": 0}


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_down(client):
    with override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0"):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable" and not body["checks"]["broker"]["ok"]
    assert body["checks"]["database"]["ok"]


@pytest.mark.django_db
def test_healthz_is_503_when_elasticsearch_does_not_answer(client):
    with override_settings(SEARCH_BACKEND="elasticsearch", ELASTICSEARCH_URL="http://127.0.0.1:1"):
        response = client.get("/healthz")
    assert response.status_code == 503 and not response.json()["checks"]["search"]["ok"]


@pytest.mark.django_db
def test_every_response_carries_a_request_id_and_keeps_a_sane_incoming_one(client):
    generated = client.get("/healthz")["X-Request-ID"]
    assert len(generated) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-1234abcd")["X-Request-ID"] == "lb-1234abcd"
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")["X-Request-ID"]
    assert forged != "bad id\nwith newline" and len(forged) == 32


def test_json_logs_carry_the_request_id():
    from pythonjsonlogger.json import JsonFormatter

    formatter = JsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
        rename_fields={"levelname": "level"},
    )
    record = logging.LogRecord("marketplace", logging.INFO, __file__, 1, "hello", None, None)
    token = request_id.set("req-42")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id.reset(token)
    line = json.loads(formatter.format(record))
    assert line["request_id"] == "req-42" and line["level"] == "INFO" and line["message"] == "hello"


@pytest.mark.django_db
def test_only_read_only_requests_outside_transactions_go_to_the_replica():
    router = PrimaryReplicaRouter()
    assert router.db_for_read(None) == "default"  # not marked read-only
    token = read_only.set(True)
    try:
        in_test_transaction = connections["default"].in_atomic_block
        expected = "default" if in_test_transaction else "replica"
        assert router.db_for_read(None) == expected
        with transaction.atomic():
            assert router.db_for_read(None) == "default"  # services, locks: primary
    finally:
        read_only.reset(token)
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("replica", "orders") is False


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_read_only_request_reads_from_the_replica_outside_transactions():
    router = PrimaryReplicaRouter()
    token = read_only.set(True)
    try:
        assert router.db_for_read(None) == "replica"
    finally:
        read_only.reset(token)


@pytest.mark.django_db
def test_graphql_queries_are_read_only_and_mutations_are_not(rf):
    from marketplace.core.request_context import _reads_only

    def post(body):
        return rf.post("/graphql/", json.dumps(body), content_type="application/json")

    assert _reads_only(post({"query": "{ products(first: 1) { totalCount } }"}))
    assert not _reads_only(
        post({"query": 'mutation { tokenRefresh(refreshToken: "x") { token } }'})
    )
    assert not _reads_only(post({"query": "# note\nmutation M { x }"}))
    assert _reads_only(rf.get("/san-pham/"))
    assert not _reads_only(rf.post("/gio-hang/them/"))


@pytest.mark.django_db
def test_a_browser_that_just_wrote_reads_the_primary_for_a_while(client):
    from django.urls import path

    from marketplace.core.request_context import PIN_COOKIE

    seen = []

    def view(request):
        from django.http import HttpResponse

        seen.append(read_only.get())
        return HttpResponse("ok")

    urls = type("urls", (), {"urlpatterns": [path("probe/", view)]})
    with override_settings(ROOT_URLCONF=urls):
        client.get("/probe/")
        response = client.post("/probe/")
        assert response.cookies[PIN_COOKIE]["max-age"] == 10
        client.get("/probe/")
    assert seen == [True, False, False]


def test_the_result_backend_follows_the_broker():
    """Celery 5 has no `amqp://` result backend: with RabbitMQ there is none unless told."""
    from marketplace.core.brokers import result_backend_for

    amqp, redis = "amqp://guest:guest@127.0.0.1:5672//", "redis://127.0.0.1:6379/0"
    assert result_backend_for(broker_url=amqp) is None
    assert result_backend_for(broker_url=amqp, explicit="rpc://") == "rpc://"
    assert result_backend_for(broker_url=redis) == redis
    assert result_backend_for(broker_url="") is None


def test_a_rabbitmq_broker_gives_a_celery_app_without_a_result_backend():
    code = (
        "from marketplace.celery import app; from django.conf import settings; "
        "print(repr(settings.CELERY_RESULT_BACKEND), app.conf.task_acks_late, "
        "app.conf.task_reject_on_worker_lost)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=ROOT,
        env={**os.environ, "CELERY_BROKER_URL": "amqp://guest:guest@127.0.0.1:5672//"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["None", "True", "True"], result.stderr
