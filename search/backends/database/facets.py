"""Facet counts in one statement.

A CTE holds the public documents matching the text (not yet filtered); each facet then counts
over it under every active filter except its own, so that a shopper who chose a province still
sees how many products the other provinces have. Labels come from the taxonomy, province and
producer rows (joined in the same statement); values chosen in the filters are marked
`selected`, and listed even when none of the products has them.
"""

from collections import defaultdict

from django.db import connection
from django.utils import timezone

from catalog.models import Category
from marketplace.geography.models import Province
from search.backends.base import PRICE_BUCKETS, Facets, FacetValue, SearchFilters
from search.backends.database.queries import matching_documents
from search.backends.database.sql import (
    Sql,
    current_stars,
    filter_conditions,
    placeholders,
    rating_at_least,
    table,
)
from search.backends.database.terms import query_terms
from search.backends.labels import (
    bucket_key,
    chosen_buckets,
    price_label,
    rating_label,
    star_label,
    stock_label,
)
from search.ranking import RATING_MINIMUMS
from vendors.models import Vendor

TOP_VENDORS = 20
# (model, label column, key column) of the rows that name facet values.
CATEGORY_NAMES = (Category, "name", "id")
PROVINCE_NAMES = (Province, "short_name", "code")
VENDOR_NAMES = (Vendor, "name", "id")


def _bucket_case() -> Sql:
    whens, params = [], []
    for low, high in PRICE_BUCKETS:
        bounds = [("m.min_price >= %s", low), ("m.min_price < %s", high)]
        bounds = [(text, value) for text, value in bounds if value is not None]
        whens.append(f"WHEN {' AND '.join(text for text, _ in bounds)} THEN %s")
        params += [value for _, value in bounds] + [bucket_key(low, high)]
    return Sql(f"CASE {' '.join(whens)} END", params)


def _statement(query: str, filters: SearchFilters) -> Sql:
    stars = current_stars(timezone.localdate())
    candidates = matching_documents(query_terms(query), [])
    conditions = filter_conditions(filters, Sql("m.stars"), alias="m")

    def counted(facet: str, key: Sql, *, only: Sql | None = None, top: int | None = None) -> Sql:
        """SELECT k, n: the candidates under every filter but the facet's own."""
        where = [only] if only is not None else []
        where += [condition for name, condition in conditions.items() if name != facet]
        where_sql = Sql.join(where, " AND ")
        return Sql(
            f"SELECT {key.text} AS k, COUNT(*) AS n FROM m "
            f"{'WHERE ' + where_sql.text if where else ''} GROUP BY 1"
            f"{f' ORDER BY n DESC, k LIMIT {int(top)}' if top else ''}",
            [*key.params, *where_sql.params],
        )

    def labelled(facet: str, grouped: Sql, labels: tuple) -> Sql:
        model, label, key = labels
        return Sql(
            f"SELECT '{facet}', CAST(g.k AS TEXT), t.{label}, g.n FROM ({grouped.text}) g "
            f"JOIN {table(model)} t ON t.{key} = g.k",
            grouped.params,
        )

    def unlabelled(facet: str, grouped: Sql, key: str = "CAST(g.k AS TEXT)") -> Sql:
        return Sql(f"SELECT '{facet}', {key}, '', g.n FROM ({grouped.text}) g", grouped.params)

    vendor = Sql("m.vendor_id")
    in_stock_key = "CASE WHEN g.k THEN 'true' ELSE 'false' END"
    parts = [
        labelled("sectors", counted("categories", Sql("m.sector_id")), CATEGORY_NAMES),
        labelled("product_sets", counted("categories", Sql("m.category_id")), CATEGORY_NAMES),
        labelled("provinces", counted("provinces", Sql("m.province_code")), PROVINCE_NAMES),
        unlabelled("stars", counted("stars", Sql("m.stars"), only=Sql("m.stars IS NOT NULL"))),
        labelled("vendors", counted("vendors", vendor, top=TOP_VENDORS), VENDOR_NAMES),
        unlabelled(
            "price_buckets",
            counted("price", _bucket_case(), only=Sql("m.min_price IS NOT NULL")),
        ),
        unlabelled("in_stock", counted("in_stock", Sql("m.in_stock")), key=in_stock_key),
    ]
    for minimum in RATING_MINIMUMS:  # a count per minimum: the buckets overlap
        where = Sql.join(
            [rating_at_least(minimum, "m"), *(c for f, c in conditions.items() if f != "rating")],
            " AND ",
        )
        parts.append(
            Sql(f"SELECT 'rating', '{int(minimum)}', '', COUNT(*) FROM m WHERE {where.text}",
                where.params)
        )  # fmt: skip
    chosen = sorted(filters.vendor_ids)
    if chosen:  # chosen producers are listed even outside the top 20
        only = Sql(f"m.vendor_id IN ({placeholders(chosen)})", chosen)
        parts.append(labelled("vendors", counted("vendors", vendor, only=only), VENDOR_NAMES))
    union = Sql.join(parts, " UNION ALL ")
    return Sql(
        f"WITH m AS (SELECT d.sector_id, d.category_id, d.province_code, d.vendor_id, "
        f"{stars.text} AS stars, d.min_price, d.in_stock, d.rating_average, d.rating_count "
        f"{candidates.text}) {union.text}",
        [*stars.params, *candidates.params, *union.params],
    )


def facets(query: str, filters: SearchFilters) -> Facets:
    found: dict[str, dict[str, tuple[str, int]]] = defaultdict(dict)
    statement = _statement(query, filters)
    with connection.cursor() as cursor:
        cursor.execute(statement.text, statement.params)
        for facet, key, label, count in cursor.fetchall():
            if count or facet != "rating":  # a minimum no product reaches is not listed
                found[facet][key] = (label, count)
    _add_chosen(found, filters)
    _label_computed(found)

    def values(facet: str, selected: set[str], order) -> list[FacetValue]:
        listed = [
            FacetValue(key=key, label=label, count=count, selected=key in selected)
            for key, (label, count) in found[facet].items()
        ]
        return sorted(listed, key=order)

    by_count = lambda value: (-value.count, value.label, value.key)  # noqa: E731
    category_keys = {str(pk) for pk in filters.category_ids}
    bucket_order = [bucket_key(low, high) for low, high in PRICE_BUCKETS]
    return Facets(
        sectors=values("sectors", category_keys, by_count),
        product_sets=values("product_sets", category_keys, by_count),
        provinces=values("provinces", set(filters.province_codes), by_count),
        stars=values("stars", {str(s) for s in filters.stars}, lambda v: -int(v.key)),
        vendors=values("vendors", {str(pk) for pk in filters.vendor_ids}, by_count),
        price_buckets=values(
            "price_buckets", chosen_buckets(filters), lambda v: bucket_order.index(v.key)
        ),
        in_stock=values(
            "in_stock",
            set() if filters.in_stock is None else {str(filters.in_stock).lower()},
            lambda v: v.key != "true",
        ),
        rating=values(
            "rating",
            set() if filters.rating_gte is None else {str(filters.rating_gte)},
            lambda v: -int(v.key),
        ),
    )


def _add_chosen(found, filters: SearchFilters) -> None:
    """Values the filters choose but no product has: listed with 0, so they can be unchosen."""
    chosen = {
        "stars": {str(s) for s in filters.stars if 1 <= s <= 5},
        "rating": {str(filters.rating_gte)} if 1 <= (filters.rating_gte or 0) <= 5 else set(),
        "price_buckets": chosen_buckets(filters),
        "in_stock": set() if filters.in_stock is None else {str(filters.in_stock).lower()},
    }
    for facet, keys in chosen.items():
        for key in keys:
            found[facet].setdefault(key, ("", 0))
    listed = {*found["sectors"], *found["product_sets"]}
    missing = {pk for pk in filters.category_ids if str(pk) not in listed}
    for pk, level, name in Category.objects.filter(pk__in=missing).values_list(
        "pk", "level", "name"
    ):
        facet = {Category.Level.SECTOR: "sectors", Category.Level.PRODUCT_SET: "product_sets"}
        if level in facet:
            found[facet[level]][str(pk)] = (name, 0)
    missing = set(filters.province_codes) - set(found["provinces"])
    for code, name in Province.objects.filter(code__in=missing).values_list("code", "short_name"):
        found["provinces"][code] = (name, 0)
    missing = {pk for pk in filters.vendor_ids if str(pk) not in found["vendors"]}
    for pk, name in Vendor.objects.filter(pk__in=missing).values_list("pk", "name"):
        found["vendors"][str(pk)] = (name, 0)


def _label_computed(found) -> None:
    """Labels that no table holds, in symbols that need no translation: stars ("★★★"), in
    stock ("✓" or "✗"), minimum ratings ("≥ 4★"), price ranges ("50.000 ₫ – 100.000 ₫", in
    the current language's number format)."""
    labels = {
        "stars": lambda key: star_label(int(key)),
        "in_stock": stock_label,
        "price_buckets": price_label,
        "rating": lambda key: rating_label(int(key)),
    }
    for facet, label in labels.items():
        found[facet] = {key: (label(key), count) for key, (_, count) in found[facet].items()}
