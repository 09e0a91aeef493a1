"""Public product lists answered by the search backend, as Relay connections."""

import dataclasses

from catalog.graphql.prefetch import prefetch_products, product_rows
from catalog.graphql.types import ProductConnection
from catalog.models import Product
from marketplace.graphql.core.connections import DEFAULT_PAGE_SIZE, cursor_offset, paginate
from marketplace.graphql.core.selection import requested_paths
from search.backends import get_backend
from search.backends.base import SearchRequest
from search.graphql.requests import search_filters, sort_of


class BackendResults:
    """A sequence for `paginate`: `len()` is the backend's total, a slice is one backend search
    whose product ids are loaded, in order, with what the query asks for. The first window
    asked for is searched once and serves both."""

    def __init__(self, request: SearchRequest, rows, window: tuple[int, int]):
        self._request = request
        self._rows = rows
        self._cache: dict[tuple[int, int], tuple[list[int], int]] = {}
        self._first_window = window

    def _search(self, start: int, stop: int) -> tuple[list[int], int]:
        if (start, stop) not in self._cache:
            result = get_backend().search(
                SearchRequest(
                    query=self._request.query,
                    filters=self._request.filters,
                    sort=self._request.sort,
                    descending=self._request.descending,
                    offset=start,
                    limit=max(stop - start, 0),
                )
            )
            self._cache[(start, stop)] = (result.product_ids, result.total)
        return self._cache[(start, stop)]

    def _ids(self, start: int, stop: int) -> list[int]:
        # `paginate` clamps the window to the total: serve it from a window already searched.
        for (cached_start, cached_stop), (ids, total) in self._cache.items():
            end = min(cached_stop, total)
            if cached_start <= start and stop <= max(end, cached_start + len(ids)):
                return ids[start - cached_start : stop - cached_start]
        return self._search(start, stop)[0]

    def __len__(self) -> int:
        return self._search(*self._first_window)[1]

    def __getitem__(self, index: slice) -> list[Product]:
        ids = self._ids(index.start or 0, index.stop or 0)
        by_id = self._rows.in_bulk(ids)
        return [by_id[pk] for pk in ids if pk in by_id]


def _forward_window(args: dict, default_size: int) -> tuple[int, int]:
    """The window a forward page will ask for (offset from `after`, size from `first`)."""
    start = cursor_offset(args.get("after"), -1) + 1
    size = args.get("first") if args.get("first") is not None else default_size
    return start, start + max(size, 0)


def resolve_public_product_list(info, args: dict, *, vendor_id: int | None = None):
    """The public catalogue from the search backend (published products of active producers),
    searched, filtered and sorted by the listing arguments."""
    filters = search_filters(info, args.get("filter"))
    if vendor_id is not None:
        # One producer's products: within what the filter asked for, if it named producers.
        wanted = filters.vendor_ids
        only = frozenset({vendor_id}) & wanted if wanted else frozenset({vendor_id})
        filters = dataclasses.replace(filters, vendor_ids=only or frozenset({-1}))
    field, descending = sort_of(args.get("sort_by"), args.get("search"))
    request = SearchRequest(
        query=args.get("search") or "", filters=filters, sort=field, descending=descending
    )
    paths = requested_paths(info, "edges", "node")
    results = BackendResults(request, product_rows(paths), _forward_window(args, DEFAULT_PAGE_SIZE))
    return paginate(
        results,
        info,
        args,
        ProductConnection,
        prefetch=lambda page: prefetch_products(page, paths),
    )
