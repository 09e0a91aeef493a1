"""`/healthz`: is this process able to serve? The database, the broker and the search backend,
each with its time; 200 when all that is configured answers, 503 otherwise. It also reports the
outbox's backlog (messages overdue, and failed ones waiting for staff) for monitoring; a
backlog is the workers' trouble, not this process's, so it never makes the answer 503."""

import time

from django.conf import settings
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from marketplace.outbox.selectors import backlog
from search.backends import get_backend


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        detail = check()
        result = {"ok": True, **(detail or {})}
    except Exception as exc:  # a health check reports every failure, whatever its kind
        result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def _database():
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"vendor": connections["default"].vendor}


def _broker():
    if not settings.CELERY_BROKER_URL:
        return {"mode": "inline"}  # no broker configured: tasks run in the web process
    from marketplace.celery import app

    with app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1, timeout=2)
    return {"mode": "broker"}


def _search():
    backend = get_backend()
    ping = getattr(backend, "ping", None)
    if ping is not None and not ping():
        raise ConnectionError("the search backend does not answer")
    return {"backend": settings.SEARCH_BACKEND}


@never_cache
def healthz(request):
    checks = {"database": _timed(_database), "broker": _timed(_broker), "search": _timed(_search)}
    healthy = all(check["ok"] for check in checks.values())
    checks["outbox"] = _timed(backlog)
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
