"""As-you-type suggestions from the SearchSuggestion table.

What a shopper typed (folded, words only) must start one of the label's words: "bac k" finds
"Bắc Kạn", "che s" finds "Chè Shan tuyết Mộc Châu". Each kind is asked for its best rows
(weight, then shorter labels) from the indexes on the folded label (a btree for the start of
the label, a trigram index on PostgreSQL for a later word); sorting on `weight + 0` keeps the
planner from walking the weight index instead, which takes long when few labels match. At most
half of the list goes to one kind while others have matches, so "mien" shows a category or a
producer besides noodle products. Products and producers are re-checked against the live
rows, like search results.
"""

from django.db import connection

from catalog.models import Product
from search.backends.base import MAX_SUGGESTIONS, Suggestion
from search.backends.database.sql import Sql, table
from search.backends.database.terms import query_words
from search.models import SearchSuggestion
from vendors.models import Vendor

Kind = SearchSuggestion.Kind
MAX_PREFIX_WORDS = 8


def _live() -> Sql:
    """Not standing for a product no longer published or a producer no longer active: the
    same anti-join with the few such rows as search uses."""
    return Sql(
        f"(s.product_id IS NULL OR s.product_id NOT IN (SELECT id FROM {table(Product)} "
        f"WHERE status <> '{Product.Status.PUBLISHED}')) "
        f"AND (s.vendor_id IS NULL OR s.vendor_id NOT IN (SELECT id FROM {table(Vendor)} "
        f"WHERE status <> '{Vendor.Status.ACTIVE}'))"
    )


def _best_of_kind(kind: str, prefix: str, limit: int) -> Sql:
    live = _live()
    return Sql(
        "SELECT * FROM (SELECT s.kind, s.label, s.target, s.label_folded, s.weight "
        f"FROM {table(SearchSuggestion)} s "
        f"WHERE s.kind = %s AND (s.label_folded LIKE %s OR s.label_folded LIKE %s) "
        f"AND ({live.text}) "
        "ORDER BY s.weight + 0 DESC, LENGTH(s.label), s.label_folded, s.id LIMIT %s) k",
        [kind, prefix + "%", f"% {prefix}%", *live.params, limit],
    )


def suggest(query: str, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    limit = min(max(limit, 0), 50)
    typed = query_words(query)[:MAX_PREFIX_WORDS]
    if not typed or not limit:
        return []
    prefix = " ".join(typed)
    # A few more than needed per kind: labels shared by several products show once.
    statement = Sql.join(
        (_best_of_kind(kind, prefix, limit * 2) for kind in Kind.values), " UNION ALL "
    )
    with connection.cursor() as cursor:
        cursor.execute(statement.text, statement.params)
        rows = cursor.fetchall()
    rows.sort(key=lambda row: (-row[4], len(row[1]), row[3]))
    seen, distinct = set(), []
    for kind, label, target, folded, weight in rows:
        if (kind, folded) not in seen:
            seen.add((kind, folded))
            distinct.append((kind, label, target, weight))
    return [
        Suggestion(kind=k, label=label, target=target)
        for k, label, target, _w in _mix(distinct, limit)
    ]


def _mix(rows: list[tuple], limit: int) -> list[tuple]:
    """The best `limit` rows, at most half of them of one kind unless the others run out,
    best first."""
    share = max(1, (limit + 1) // 2)
    chosen, left_over, per_kind = [], [], {}
    for row in rows:
        if per_kind.get(row[0], 0) < share:
            per_kind[row[0]] = per_kind.get(row[0], 0) + 1
            chosen.append(row)
        else:
            left_over.append(row)
    picked = (chosen + left_over)[:limit] if len(chosen) < limit else chosen[:limit]
    order = {id(row): i for i, row in enumerate(rows)}
    return sorted(picked, key=lambda row: order[id(row)])
