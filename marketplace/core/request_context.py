"""Per-request context for logs and database routing: a request ID (taken from the load
balancer's `X-Request-ID` or made here) and whether the request only reads."""

import json
import logging
import re
import uuid
from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("request_id", default="-")
read_only: ContextVar[bool] = ContextVar("read_only", default=False)

PIN_COOKIE = "primary_pin"
PIN_SECONDS = 10
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestContextMiddleware:
    """Sets the request ID (echoed in the response) and marks GET pages and GraphQL queries as
    read-only, so that the database router may send their reads to a replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        reads_only = _reads_only(request)
        id_token = request_id.set(rid)
        # Read your own writes: a browser that just wrote reads the primary for a few seconds
        # (the replica may lag behind the order it just placed).
        ro_token = read_only.set(reads_only and PIN_COOKIE not in request.COOKIES)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(id_token)
            read_only.reset(ro_token)
        response["X-Request-ID"] = rid
        if not reads_only and request.method == "POST":
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response


def _reads_only(request) -> bool:
    if request.method in ("GET", "HEAD"):
        # Pages and GraphiQL; the GraphQL view refuses mutations sent by GET.
        return True
    if request.method == "POST" and request.path == "/graphql/":
        return _is_plain_query(request)
    return False


def _is_plain_query(request) -> bool:
    """A JSON GraphQL request whose document never says "mutation" (conservative: anything
    unclear, batched or multipart stays on the primary)."""
    if request.content_type != "application/json":
        return False
    try:
        if int(request.META.get("CONTENT_LENGTH") or 0) > 100_000:
            return False  # reading a body beyond Django's limit would raise here, not in the view
    except ValueError:
        return False
    try:
        query = json.loads(request.body).get("query")
    except (ValueError, AttributeError, RecursionError):
        return False
    return isinstance(query, str) and "mutation" not in query


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every log record (JSON logs carry it)."""

    def filter(self, record):
        record.request_id = request_id.get()
        return True
