"""Automatic persisted queries (Apollo's APQ protocol) and how long a shared cache may keep an
answer read over GET.

A client sends `extensions: {"persistedQuery": {"version": 1, "sha256Hash": "<hex>"}}` without
the query. When the hash is known its text runs; otherwise the answer is Apollo's
`PersistedQueryNotFound` (HTTP 200, which Apollo's clients expect: on a 400 they stop using
persisted queries) and the client sends the query again with the hash, which registers it.
A hash-only request fits in a URL, so read-only operations can go over GET and a CDN can keep
anonymous catalogue answers (`public_max_age`).

Registered texts live in the cache when it is Redis (one store for every web process), in the
database otherwise: a per-process memory cache would make each process answer
`PersistedQueryNotFound` in turn. A text is registered only after it passed the limits and
validation, so the store holds only documents that could run, and every later run goes through
the same limits again (they may have been lowered since).
"""

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils.cache import patch_vary_headers
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
)

from marketplace.graphql.models import PersistedQuery

VERSION = 1
# Apollo's words and codes: clients match on them, so they stay in English.
NOT_FOUND_MESSAGE = "PersistedQueryNotFound"
NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
MISMATCH_MESSAGE = "provided sha does not match query"
MISMATCH = "PROVIDED_SHA_DOES_NOT_MATCH"

_HASH = re.compile(r"[0-9a-f]{64}")
_CACHE_KEY = "graphql:persisted-query:{}"
# A cached text that nobody registers again expires; its client re-registers on the next miss.
_CACHE_TIMEOUT = int(timedelta(days=30).total_seconds())


class PersistedQueryError(Exception):
    def __init__(self, message: str, code: str, status: int = 400):
        super().__init__(message)
        self.code, self.status = code, status

    def graphql_error(self) -> GraphQLError:
        return GraphQLError(str(self), extensions={"code": self.code})


@dataclass(frozen=True)
class Persisted:
    sha256_hash: str
    query: str  # the text to run: the stored one, or the one the client sent
    sent: bool  # the client sent the text: register it once it passed the checks


def sha256_of(query: str) -> str:
    # A lone surrogate (JSON allows "\ud800") cannot be UTF-8: hash it anyway, and let the
    # text checks that follow refuse the query instead of failing here.
    return hashlib.sha256(query.encode("utf-8", "surrogatepass")).hexdigest()


def requested_hash(extensions) -> str | None:
    """The hash `extensions` (a JSON object, or its text in a GET's query string) asks for;
    None when it asks for no persisted query."""
    if extensions is None or extensions == "":
        return None
    if isinstance(extensions, str):
        try:
            extensions = json.loads(extensions)
        except (ValueError, RecursionError):
            raise PersistedQueryError(_("`extensions` is not valid JSON."), "BAD_REQUEST") from None
    if not isinstance(extensions, dict):
        raise PersistedQueryError(_("`extensions` must be a JSON object."), "BAD_REQUEST")
    asked = extensions.get("persistedQuery")
    if asked is None:
        return None
    if not isinstance(asked, dict):
        raise PersistedQueryError(
            _("`extensions.persistedQuery` must be a JSON object."), "BAD_REQUEST"
        )
    version = asked.get("version")
    if isinstance(version, bool) or version != VERSION:
        raise PersistedQueryError("Unsupported persisted query version", "BAD_REQUEST")
    sha256_hash = asked.get("sha256Hash")
    if not isinstance(sha256_hash, str) or not _HASH.fullmatch(sha256_hash.lower()):
        raise PersistedQueryError(
            _("`sha256Hash` must be the 64 hexadecimal digits of the query's SHA-256."),
            "BAD_REQUEST",
        )
    return sha256_hash.lower()


def persisted_query(*, sha256_hash: str, query: str | None) -> Persisted:
    """The text to run for `sha256_hash`: the stored one when no query is sent, else the sent
    one once it is checked against the hash and the size a stored query may have."""
    if not query:
        stored = query_store().get(sha256_hash)
        if stored is None:
            raise PersistedQueryError(NOT_FOUND_MESSAGE, NOT_FOUND, status=200)
        return Persisted(sha256_hash=sha256_hash, query=stored, sent=False)
    limit = settings.GRAPHQL_PERSISTED_QUERY_MAX_LENGTH
    if len(query) > limit:
        raise PersistedQueryError(
            _(
                "The query is %(length)s characters long; a persisted query may have at most "
                "%(limit)s."
            )
            % {
                "length": number_format(len(query), force_grouping=True),
                "limit": number_format(limit, force_grouping=True),
            },
            "QUERY_TOO_LARGE",
        )
    if sha256_of(query) != sha256_hash:
        raise PersistedQueryError(MISMATCH_MESSAGE, MISMATCH)
    return Persisted(sha256_hash=sha256_hash, query=query, sent=True)


def register(*, persisted: Persisted) -> None:
    """Keep a sent text under its hash (a text already stored is left as it is)."""
    if persisted.sent:
        query_store().add(sha256_hash=persisted.sha256_hash, query=persisted.query)


class DatabaseStore:
    kind = "database"

    def get(self, sha256_hash: str) -> str | None:
        rows = PersistedQuery.objects.filter(pk=sha256_hash).values_list("query", flat=True)
        return rows.first()

    def add(self, *, sha256_hash: str, query: str) -> None:
        # Two clients may register the same text at once; the hash decides that it is the same.
        PersistedQuery.objects.bulk_create(
            [PersistedQuery(sha256_hash=sha256_hash, query=query)], ignore_conflicts=True
        )


class CacheStore:
    kind = "cache"

    def get(self, sha256_hash: str) -> str | None:
        return cache.get(_CACHE_KEY.format(sha256_hash))

    def add(self, *, sha256_hash: str, query: str) -> None:
        cache.set(_CACHE_KEY.format(sha256_hash), query, timeout=_CACHE_TIMEOUT)


def query_store() -> DatabaseStore | CacheStore:
    choice = settings.GRAPHQL_PERSISTED_QUERY_STORE
    if choice == "auto":
        backend = settings.CACHES["default"]["BACKEND"]
        choice = "cache" if "redis" in backend.lower() else "database"
    if choice == "cache":
        return CacheStore()
    if choice == "database":
        return DatabaseStore()
    raise ImproperlyConfigured(
        f"GRAPHQL_PERSISTED_QUERY_STORE must be auto, cache or database, not {choice!r}."
    )


# --- caching answers read over GET ------------------------------------------------------------

# How long a shared cache (a CDN) may keep an anonymous answer, by the root fields the query
# reads; the shortest wins. Reference data changes rarely; the catalogue's prices and stock move.
MAX_AGE = {
    "provinces": 3600,
    "province": 3600,
    "communes": 3600,
    "categories": 3600,
    "category": 3600,
    "ocopStatistics": 600,
    "ocopCertificateLookup": 300,
    "vendors": 300,
    "vendor": 300,
    "showrooms": 300,
    "products": 60,
    "product": 60,
    "productFacets": 60,
    "searchSuggestions": 60,
}
DEFAULT_MAX_AGE = 15
# Read with a secret in the variables (a checkout's or an order's token), or the caller's own:
# never kept for anyone else, and never stale after the caller's next mutation.
NEVER_SHARED = frozenset({"checkout", "order", "me"})
# The cache key a CDN must build: who asks, and in which language the answer is written.
VARY = ("Authorization", "Accept-Language")
PRIVATE = "private, no-store"


def root_fields(document: DocumentNode, operation: OperationDefinitionNode) -> set[str]:
    """The names of the fields `operation` selects at its root, through its fragments."""
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    names: set[str] = set()
    spread: set[str] = set()
    pending = [operation.selection_set]
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode):
                names.add(selection.name.value)
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in spread and name in fragments:
                    spread.add(name)
                    pending.append(fragments[name].selection_set)
    return names


def public_max_age(document: DocumentNode, operation: OperationDefinitionNode) -> int | None:
    """Seconds a shared cache may keep the anonymous answer of the query `operation`; None
    when no one else may be given it."""
    fields = root_fields(document, operation)
    if not fields or fields & NEVER_SHARED:
        return None
    return min(MAX_AGE.get(name, DEFAULT_MAX_AGE) for name in fields)


def set_cache_headers(response, *, max_age: int | None) -> None:
    response["Cache-Control"] = PRIVATE if max_age is None else f"public, max-age={max_age}"
    patch_vary_headers(response, VARY)
