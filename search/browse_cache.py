"""A short-lived cache of what browsing without search words asks the search backend: the facet
counts and the page of ids (with the total) of the home page and the listing.

Without words, the answers depend only on the filters (and, for labels, the language), so every
visitor of the unfiltered listing or of "browse by province" gets the same ones; on a
20,000-product catalogue the facet counts are most of those pages' time. They are kept
`STOREFRONT_BROWSE_CACHE_SECONDS` (60; 0 turns it off). Writing the index (index, remove,
rebuild) starts a new generation, so an indexed change shows at once in this process's cache
and in a shared Redis one; a product unpublished or a producer suspended before the indexer
runs may still be counted for up to that long (its card is not shown: the cards are read
fresh). Searches with words are not cached: there are too many, and each is asked rarely.
"""

import dataclasses
import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from search.backends import get_backend
from search.backends.base import Facets, SearchFilters, SearchRequest, SearchResult
from search.browse_generation import current_generation

T = TypeVar("T")


def _seconds() -> int:
    return settings.STOREFRONT_BROWSE_CACHE_SECONDS


def _canonical(value):
    """Sets sorted, so that equal filters give one key in every process (string hashing, and
    with it a frozenset's order, differs between processes)."""
    if isinstance(value, frozenset | set):
        return sorted(value, key=repr)
    return value


def _key(kind: str, parts) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"search:browse:{kind}:{current_generation()}:{digest}"


def _filter_parts(filters: SearchFilters) -> list:
    return [(f.name, _canonical(getattr(filters, f.name))) for f in dataclasses.fields(filters)]


def remember(kind: str, parts, compute: Callable[[], T]) -> T:
    """`compute()`, kept for the browsing cache's time under `kind` and `parts` (a repr-able
    value naming the answer) in this generation of the index."""
    if _seconds() <= 0:
        return compute()
    key = _key(kind, parts)
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, _seconds())
    return found


def facets(query: str, filters: SearchFilters) -> Facets:
    """The backend's facets; without words, from the cache when there."""
    if query:
        return get_backend().facets(query, filters)
    # Labels are in the current language (price ranges' number format).
    parts = (_filter_parts(filters), get_language())
    return remember("facets", parts, lambda: get_backend().facets(query, filters))


def search(request: SearchRequest) -> SearchResult:
    """The backend's page of ids and total; without words, from the cache when there."""
    if request.query:
        return get_backend().search(request)
    parts = (
        _filter_parts(request.filters),
        request.sort,
        request.descending,
        request.offset,
        request.limit,
    )
    return remember("search", parts, lambda: get_backend().search(request))
