"""Searching: one statement returns a page of product ids and how many there are in all."""

from django.db import connection
from django.utils import timezone

from search.backends.base import SearchRequest, SearchResult
from search.backends.database.sql import (
    SortKey,
    Sql,
    current_stars,
    filter_conditions,
    name_tier,
    sort_keys,
    visible_documents,
)
from search.backends.database.terms import Term, query_terms

MAX_PAGE = 1000


def text_search():
    """How this database matches text (PostgreSQL full text, or LIKE on SQLite)."""
    if connection.vendor == "postgresql":
        from search.backends.database.postgres import PostgresText

        return PostgresText()
    from search.backends.database.sqlite import SqliteText

    return SqliteText()


def matching_documents(terms: list[Term], conditions) -> Sql:
    """FROM and WHERE: public documents matching every term, under `conditions`."""
    match = text_search().match(terms) if terms else None
    return Sql.join([visible_documents(match), *conditions], " AND ")


def search(request: SearchRequest) -> SearchResult:
    terms = query_terms(request.query)
    stars = current_stars(timezone.localdate())
    where = matching_documents(terms, filter_conditions(request.filters, stars).values())
    offset = max(request.offset, 0)
    limit = min(max(request.limit, 0), MAX_PAGE)
    count = Sql(f"SELECT COUNT(*) {where.text}", where.params)
    if not limit:
        return SearchResult(product_ids=[], total=_fetch(count)[0][0])
    ranked = request.sort == "rank" and terms
    keys = sort_keys(
        request,
        stars,
        tier=name_tier(terms) if ranked else None,
        text_rank=text_search().text_rank(terms) if ranked else None,
    )
    rows = _fetch(_page(where, count, keys, text=bool(terms), limit=limit, offset=offset))
    if rows:
        return SearchResult(product_ids=[row[0] for row in rows], total=rows[0][1])
    if offset == 0:
        return SearchResult(product_ids=[], total=0)
    # A page past the end still tells how many there are.
    return SearchResult(product_ids=[], total=_fetch(count)[0][0])


def _page(where: Sql, count: Sql, keys: list[SortKey], *, text: bool, limit: int, offset: int):
    """One page of (product id, total). Without a text query, the total is an uncorrelated
    subquery and both read the covering index only. With one, the matching documents (wide
    rows) go into a CTE with their sort keys, read twice, counted and top-N sorted: both
    databases materialise a CTE used twice, so the rows are read once."""
    if not text:
        order = Sql.join(
            (Sql(f"{k.expression.text} {k.direction()}", k.expression.params) for k in keys), ", "
        )
        return Sql(
            f"SELECT d.product_id, ({count.text}) {where.text} "
            f"ORDER BY {order.text} LIMIT %s OFFSET %s",
            [*count.params, *where.params, *order.params, limit, offset],
        )
    columns = Sql.join(
        (Sql(f"{k.expression.text} AS o{i}", k.expression.params) for i, k in enumerate(keys)),
        ", ",
    )
    order = ", ".join(f"o{i} {key.direction()}" for i, key in enumerate(keys))
    return Sql(
        f"WITH m AS (SELECT d.product_id, {columns.text} {where.text}) "
        f"SELECT m.product_id, (SELECT COUNT(*) FROM m) FROM m "
        f"ORDER BY {order} LIMIT %s OFFSET %s",
        [*columns.params, *where.params, limit, offset],
    )


def _fetch(statement: Sql) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(statement.text, statement.params)
        return cursor.fetchall()
