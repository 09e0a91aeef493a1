"""SQL that PostgreSQL and SQLite share: visibility, filters, sorts and the name tiers of rank.

Everything reads one table, `search_productsearchdocument` (alias `d`), and re-checks the live
product and producer rows through an anti-join with the few that are not public. Values always
travel as query parameters; the only text put into the SQL is table and column names,
placeholders, and the status constants of the code.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection

from catalog.models import Product
from search.backends.base import SearchFilters, SearchRequest
from search.backends.database.terms import Term
from search.models import ProductSearchDocument
from search.ranking import PRIOR_MEAN, score_sql
from vendors.models import Vendor


@dataclass
class Sql:
    """A fragment of SQL with its parameters, in order."""

    text: str
    params: list = field(default_factory=list)

    @staticmethod
    def join(parts: Iterable["Sql"], separator: str) -> "Sql":
        parts = list(parts)
        return Sql(
            separator.join(part.text for part in parts),
            [param for part in parts for param in part.params],
        )


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def placeholders(values: Sequence) -> str:
    return ", ".join(["%s"] * len(values))


def visible_documents(match: Sql | None) -> Sql:
    """FROM and WHERE for public documents (matching `match`): the document says public, and so
    do the live rows of the product and its producer, whatever the index still believes. The
    live check is an anti-join with the few rows that are not public (a hashed subplan over a
    partial index on PostgreSQL), so it costs next to nothing per document; the literals are
    the partial indexes' predicates. The producer is the document's: products never move from
    one producer to another."""
    where = Sql(
        f"FROM {table(ProductSearchDocument)} d WHERE d.is_public "
        f"AND d.product_id NOT IN (SELECT id FROM {table(Product)} "
        f"WHERE status <> '{Product.Status.PUBLISHED}') "
        f"AND d.vendor_id NOT IN (SELECT id FROM {table(Vendor)} "
        f"WHERE status <> '{Vendor.Status.ACTIVE}')"
    )
    if match is None:
        return where
    return Sql.join([where, match], " AND ")


def current_stars(today: datetime.date) -> Sql:
    """A certificate's stars while it is valid (verification and revocation are already in the
    document: it has no stars otherwise)."""
    return Sql("CASE WHEN d.stars_valid_until >= %s THEN d.stars END", [today])


def filter_conditions(filters: SearchFilters, stars: Sql, alias: str = "d") -> dict[str, Sql]:
    """One condition per active filter, by facet name, on the columns of `alias`."""
    conditions: dict[str, Sql] = {}

    def any_of(column: str, values) -> Sql:
        values = sorted(values)
        return Sql(f"{column} IN ({placeholders(values)})", values)

    if filters.category_ids:
        conditions["categories"] = any_of(f"{alias}.category_id", filters.category_ids)
    if filters.province_codes:
        conditions["provinces"] = any_of(f"{alias}.province_code", filters.province_codes)
    if filters.stars:
        values = sorted(filters.stars)
        conditions["stars"] = Sql(
            f"{stars.text} IN ({placeholders(values)})", [*stars.params, *values]
        )
    if filters.vendor_ids:
        conditions["vendors"] = any_of(f"{alias}.vendor_id", filters.vendor_ids)
    price = []
    if filters.price_gte is not None:
        price.append(Sql(f"{alias}.min_price >= %s", [filters.price_gte]))
    if filters.price_lte is not None:
        price.append(Sql(f"{alias}.min_price <= %s", [filters.price_lte]))
    if price:
        conditions["price"] = Sql.join(price, " AND ")
    if filters.in_stock is not None:
        conditions["in_stock"] = Sql(f"{alias}.in_stock = %s", [filters.in_stock])
    if filters.rating_gte is not None:
        conditions["rating"] = rating_at_least(filters.rating_gte, alias)
    return conditions


def rating_at_least(minimum: int, alias: str = "d") -> Sql:
    """Buyers' average at least `minimum` (so only products with reviews)."""
    return Sql(f"{alias}.rating_count > 0 AND {alias}.rating_average >= %s", [minimum])


def rating_score() -> Sql:
    """The Bayesian rating score of `search.ranking`, with the catalogue's mean taken in the
    same statement (an uncorrelated subquery: both databases compute it once)."""
    mean = (
        "(SELECT COALESCE(SUM(r.rating_average * r.rating_count) * 1.0 / "
        f"NULLIF(SUM(r.rating_count), 0), %s) FROM {table(ProductSearchDocument)} r "
        "WHERE r.is_public)"
    )
    return Sql(
        score_sql(average="d.rating_average", count="d.rating_count", mean=mean),
        [PRIOR_MEAN],
    )


def _word_in(column: str, term: Term) -> Sql:
    """The term starts a word of `column`, or a correction is one of its words."""
    alternatives = [Sql(f"(' ' || {column}) LIKE %s", [f"% {term.word}%"])]
    alternatives += [
        Sql(f"(' ' || {column} || ' ') LIKE %s", [f"% {word} %"]) for word in term.corrections
    ]
    either = Sql.join(alternatives, " OR ")
    return Sql(f"({either.text})", either.params)


def every_term_in(column: str, terms: Sequence[Term]) -> Sql:
    return Sql.join((_word_in(column, term) for term in terms), " AND ")


def name_tier(terms: Sequence[Term]) -> Sql:
    """How well the name matches, best highest: 3 it starts with the query as typed, 2 it holds
    the whole phrase, 1 it holds every word (corrections too), 0 the match is elsewhere."""
    phrase = " ".join(term.word for term in terms)
    in_name = every_term_in("d.text_a", terms)
    return Sql(
        "CASE WHEN d.text_a LIKE %s THEN 3 WHEN (' ' || d.text_a) LIKE %s THEN 2 "
        f"WHEN {in_name.text} THEN 1 ELSE 0 END",
        [phrase + "%", f"% {phrase}%", *in_name.params],
    )


NATURAL_DESCENDING = {
    "name": False,
    "price": False,
    "created_at": True,
    "stars": True,
    "best_rated": True,
    "best_selling": True,
}


@dataclass
class SortKey:
    expression: Sql
    descending: bool = False
    nulls_last: bool = False

    def direction(self) -> str:
        order = "DESC" if self.descending else "ASC"
        return f"{order} NULLS LAST" if self.nulls_last else order


def sort_keys(
    request: SearchRequest, stars: Sql, *, tier: Sql | None = None, text_rank: Sql | None = None
) -> list[SortKey]:
    """The ORDER BY of a sort field, as the catalogue's lists sort (NULLs last both ways, the
    primary key last so that pages never overlap). Rank ignores the direction: the name tier
    first, then stars and availability, then the rating score (see `search.ranking`), then the
    text rank, then the name. Best rated: the rating score, then more reviews; best selling:
    units sold; then the name."""
    sort = request.sort
    descending = request.descending
    if descending is None or sort == "rank":
        descending = NATURAL_DESCENDING.get(sort, False)
    by_name = [SortKey(Sql("d.name_folded")), SortKey(Sql("d.name"))]
    if sort == "name":
        keys = [SortKey(Sql("d.name_folded"), descending), SortKey(Sql("d.name"), descending)]
    elif sort == "price":
        keys = [SortKey(Sql("d.min_price"), descending, nulls_last=True), *by_name]
    elif sort == "created_at":
        keys = [SortKey(Sql("d.created_at"), descending)]
    elif sort == "stars":
        keys = [SortKey(stars, descending, nulls_last=True), *by_name]
    elif sort == "best_rated":
        keys = [
            SortKey(rating_score(), descending),
            SortKey(Sql("d.rating_count"), descending),
            *by_name,
        ]
    elif sort == "best_selling":
        keys = [SortKey(Sql("d.sold_count"), descending), *by_name]
    else:  # rank
        keys = [SortKey(tier, True)] if tier is not None else []
        keys += [SortKey(stars, True, nulls_last=True), SortKey(Sql("d.in_stock"), True)]
        keys.append(SortKey(rating_score(), True))
        if text_rank is not None:
            keys.append(SortKey(text_rank, True))
        keys += by_name
    return [*keys, SortKey(Sql("d.product_id"))]
