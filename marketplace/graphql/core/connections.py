"""Relay connections with `totalCount`, at most 100 items a page, and prefetching per page.

A resolver returns a queryset (or list); `paginate` counts it, takes one page with LIMIT/OFFSET,
and hands the page to a `prefetch` callback before any nested field is resolved, so that nested
fields cost the same number of queries for 5 items as for 100.
"""

import graphene
from django.conf import settings
from django.db.models import QuerySet
from graphene import relay
from graphql import GraphQLError
from graphql_relay import connection_from_array_slice, get_offset_with_default

DEFAULT_PAGE_SIZE = 20
# Cursors are opaque to clients but anyone can make one: "arrayconnection:-5" or a 40-digit
# offset must not reach the database's OFFSET (PostgreSQL refuses negative ones, SQLite
# integers end at 2^63).
MAX_OFFSET = 2**31 - 1


def max_page_size() -> int:
    return settings.GRAPHENE.get("RELAY_CONNECTION_MAX_LIMIT", 100)


class CountableConnection(relay.Connection):
    total_count = graphene.Int(required=True, description="All items, on every page.")

    class Meta:
        abstract = True

    @staticmethod
    def resolve_total_count(root, info):
        return root.length


def connection_type(node_type) -> type[CountableConnection]:
    """`<Node>Connection` (with `<Node>Edge`) for a node type."""
    return type(
        f"{node_type._meta.name}Connection",
        (CountableConnection,),
        {"Meta": type("Meta", (), {"node": node_type})},
    )


def connection_field(node_connection, description: str = "", **arguments):
    return relay.ConnectionField(
        node_connection,
        description=(description + f" {DEFAULT_PAGE_SIZE} a page unless `first` or `last` says "
                     f"otherwise; at most {max_page_size()}.").strip(),
        **arguments,
    )  # fmt: skip


def cursor_offset(cursor, default: int) -> int:
    """The offset a cursor names (`default` for none or a malformed one), within -1 (before
    the first item) and MAX_OFFSET."""
    return min(max(get_offset_with_default(cursor, default), -1), MAX_OFFSET)


def _page_info(startCursor, endCursor, hasPreviousPage, hasNextPage):
    return relay.PageInfo(
        start_cursor=startCursor,
        end_cursor=endCursor,
        has_previous_page=hasPreviousPage,
        has_next_page=hasNextPage,
    )


def _page_size(args, name: str, field_name: str) -> int | None:
    value = args.get(name)
    if value is None:
        return None
    limit = max_page_size()
    if value < 0 or value > limit:
        raise GraphQLError(
            f"`{name}` on `{field_name}` must be between 0 and {limit}; got {value}."
        )
    return value


def paginate(
    iterable, info, args, node_connection, *, prefetch=None, default_page_size=DEFAULT_PAGE_SIZE
):
    """One page of `iterable` (a queryset or a list) as a `node_connection`."""
    first = _page_size(args, "first", info.field_name)
    last = _page_size(args, "last", info.field_name)
    if first is None and last is None:
        first = default_page_size
    args = {**args, "first": first, "last": last}
    length = iterable.count() if isinstance(iterable, QuerySet) else len(iterable)

    after = cursor_offset(args.get("after"), -1)
    before = cursor_offset(args.get("before"), length)
    start, end = max(after + 1, 0), max(min(before, length), 0)
    if first is not None:
        end = min(end, start + first)
    if last is not None:
        start = max(start, end - last)
    page = list(iterable[start:end]) if end > start else []
    if prefetch is not None and page:
        prefetch(page)

    connection = connection_from_array_slice(
        page,
        args,
        slice_start=start,
        array_length=length,
        array_slice_length=len(page),
        connection_type=lambda edges, pageInfo: node_connection(edges=edges, page_info=pageInfo),
        edge_type=node_connection.Edge,
        page_info_type=_page_info,
    )
    connection.length = length
    return connection
