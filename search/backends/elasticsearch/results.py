"""Turning Elasticsearch answers into the contract's Facets and Suggestions, with labels from the
live database. The rules (which values are listed, their labels and order, how suggestions are
weighed and mixed) are the database backend's (search/backends/database/facets.py and
suggestions.py), so that both backends answer alike."""

from collections import Counter

from search.backends.base import PRICE_BUCKETS, Facets, FacetValue, SearchFilters, Suggestion
from search.backends.elasticsearch import live
from search.backends.elasticsearch.queries import (
    folded_words,
    suggestion_words,
)
from search.backends.labels import (
    bucket_key,
    chosen_buckets,
    price_label,
    rating_label,
    star_label,
    stock_label,
)

# -- facets ------------------------------------------------------------------------------------

FACETS = (
    "sectors",
    "product_sets",
    "provinces",
    "stars",
    "vendors",
    "price_buckets",
    "in_stock",
    "rating",
)


def _counts(aggregations: dict, facet: str) -> dict[str, int]:
    """key -> products, for the values that have some (booleans as "true"/"false")."""
    buckets = aggregations.get(facet, {}).get("values", {}).get("buckets", [])
    return {
        str(bucket.get("key_as_string", bucket["key"])): bucket["doc_count"]
        for bucket in buckets
        if bucket["doc_count"] > 0
    }


def facets_from(aggregations: dict, filters: SearchFilters) -> Facets:
    """Values with products, and the values the filters choose even without any (so that they
    can be unchosen); most products first (stars: most stars first; price buckets in order; in
    stock first)."""
    counts = {facet: _counts(aggregations, facet) for facet in FACETS}
    counts["vendors"].update(_counts(aggregations, "chosen_vendors"))
    labels: dict[str, dict[str, str]] = {}

    # Categories: chosen ones without products are listed too, sectors and product sets alike.
    chosen_categories = {str(pk) for pk in filters.category_ids}
    wanted = {int(key) for key in (*counts["sectors"], *counts["product_sets"], *chosen_categories)}
    categories = live.categories(wanted)
    for pk, (_name, level) in categories.items():
        facet = {1: "sectors", 3: "product_sets"}.get(level)
        key = str(pk)
        listed = key in counts["sectors"] or key in counts["product_sets"]
        if facet and key in chosen_categories and not listed:
            counts[facet][key] = 0
    category_names = {str(pk): name for pk, (name, _level) in categories.items()}
    labels["sectors"] = labels["product_sets"] = category_names

    for code in filters.province_codes:
        counts["provinces"].setdefault(code, 0)
    labels["provinces"] = live.province_names(set(counts["provinces"]))

    for pk in filters.vendor_ids:
        counts["vendors"].setdefault(str(pk), 0)
    vendors = live.vendors({int(key) for key in counts["vendors"]})
    labels["vendors"] = {str(pk): name for pk, (name, _slug, _active) in vendors.items()}
    for pk, (_name, _slug, active) in vendors.items():
        if not active:  # suspended since its products were indexed: none of them shows
            counts["vendors"][str(pk)] = 0
    counts["vendors"] = {
        key: n for key, n in counts["vendors"].items() if n or int(key) in filters.vendor_ids
    }

    for stars in filters.stars:
        if 1 <= stars <= 5:
            counts["stars"].setdefault(str(stars), 0)
    labels["stars"] = {key: star_label(int(key)) for key in counts["stars"]}

    price_chosen = chosen_buckets(filters)
    for key in price_chosen:
        counts["price_buckets"].setdefault(key, 0)
    labels["price_buckets"] = {key: price_label(key) for key in counts["price_buckets"]}

    stock_chosen = set() if filters.in_stock is None else {str(filters.in_stock).lower()}
    for key in stock_chosen:
        counts["in_stock"].setdefault(key, 0)
    labels["in_stock"] = {"true": stock_label("true"), "false": stock_label("false")}

    rating_chosen = {str(filters.rating_gte)} if 1 <= (filters.rating_gte or 0) <= 5 else set()
    for key in rating_chosen:
        counts["rating"].setdefault(key, 0)
    labels["rating"] = {key: rating_label(int(key)) for key in counts["rating"]}

    def values(facet: str, selected: set[str], order) -> list[FacetValue]:
        listed = [
            FacetValue(key=key, label=labels[facet][key], count=n, selected=key in selected)
            for key, n in counts[facet].items()
            if key in labels[facet]
        ]
        return sorted(listed, key=order)

    def by_count(value: FacetValue):
        return (-value.count, value.label, value.key)

    bucket_order = [bucket_key(low, high) for low, high in PRICE_BUCKETS]
    return Facets(
        sectors=values("sectors", chosen_categories, by_count),
        product_sets=values("product_sets", chosen_categories, by_count),
        provinces=values("provinces", set(filters.province_codes), by_count),
        stars=values("stars", {str(s) for s in filters.stars}, lambda v: -int(v.key)),
        vendors=values("vendors", {str(pk) for pk in filters.vendor_ids}, by_count),
        price_buckets=values("price_buckets", price_chosen, lambda v: bucket_order.index(v.key)),
        in_stock=values("in_stock", stock_chosen, lambda v: v.key != "true"),
        rating=values("rating", rating_chosen, lambda v: -int(v.key)),
    )


# -- suggestions -------------------------------------------------------------------------------

# Weights: places first, then categories, producers, products; within a kind, more products
# (or, for a product, more stars, then in stock) first.
WEIGHTS = {"province": 4000, "category": 3000, "vendor": 2000, "product": 1000}
MAX_COUNT_WEIGHT = 999


def folded_label(label: str) -> str:
    return " ".join(folded_words(label))


def completes(typed: str, label: str) -> bool:
    """What was typed (folded words) begins the label or one of its words: "bac k" completes
    "Bắc Kạn", "che s" completes "Chè Shan tuyết Mộc Châu"."""
    folded = folded_label(label)
    return folded.startswith(typed) or f" {typed}" in folded


def _counted(kind: str, count: int) -> int:
    return WEIGHTS[kind] + min(count, MAX_COUNT_WEIGHT)


def _products(hits: list[dict]) -> list[tuple[str, str, str, int]]:
    """(kind, label, target, weight) of the product hits still public, with their current stars
    and availability (the hits' first two sort values)."""
    rows = live.public_products([int(hit["_id"]) for hit in hits])
    found = []
    for hit in hits:
        pk = int(hit["_id"])
        if pk in rows:
            stars, in_stock = (hit.get("sort") or [0, 0])[:2]
            name, slug = rows[pk]
            weight = WEIGHTS["product"] + 100 * int(stars or 0) + (10 if in_stock else 0)
            found.append(("product", name, slug, weight))
    return found


def _vendors(aggregations: dict) -> list[tuple[str, str, str, int]]:
    buckets = aggregations.get("vendors", {}).get("values", {}).get("buckets", [])
    counts = {int(bucket["key"]): bucket["doc_count"] for bucket in buckets}
    return [
        ("vendor", name, slug, _counted("vendor", counts[pk]))
        for pk, (name, slug, active) in live.vendors(counts).items()
        if active
    ]


def _catalogue_counts(aggregations: dict, *names: str) -> Counter:
    public = aggregations.get("catalogue", {}).get("public", {})
    counts: Counter = Counter()
    for name in names:
        for bucket in public.get(name, {}).get("buckets", []):
            counts[str(bucket["key"])] += bucket["doc_count"]
    return counts


def _reference(aggregations: dict, typed: str) -> list[tuple[str, str, str, int]]:
    """Categories and provinces (by today's and pre-2025 names) that have public products."""
    found = []
    categories = _catalogue_counts(aggregations, "sectors", "groups", "product_sets")
    if categories:
        found += [
            ("category", name, slug, _counted("category", categories[str(pk)]))
            for pk, name, slug in live.all_categories()
            if str(pk) in categories and completes(typed, name)
        ]
    provinces = _catalogue_counts(aggregations, "provinces")
    if provinces:
        found += [
            ("province", name, code, _counted("province", provinces[code]))
            for code, name in live.all_provinces()
            if code in provinces and completes(typed, name)
        ]
        found += [
            ("province", name, code, _counted("province", provinces[code]))
            for code, name in live.legacy_province_names()
            if code in provinces and completes(typed, name)
        ]
    return found


def suggestions_from(response: dict, query: str, limit: int) -> list[Suggestion]:
    words = suggestion_words(query)
    if not words or limit <= 0:
        return []
    typed = " ".join(words)
    aggregations = response.get("aggregations", {})
    rows = [
        row
        for row in _products(response.get("hits", {}).get("hits", [])) + _vendors(aggregations)
        if completes(typed, row[1])
    ] + _reference(aggregations, typed)
    rows.sort(key=lambda row: (-row[3], len(row[1]), folded_label(row[1])))
    seen, distinct = set(), []
    for kind, label, target, weight in rows:
        if (kind, folded_label(label)) not in seen:  # a name shared by several shows once
            seen.add((kind, folded_label(label)))
            distinct.append((kind, label, target, weight))
    return [
        Suggestion(kind=k, label=label, target=target)
        for k, label, target, _w in mix(distinct, limit)
    ]


def mix(rows: list[tuple], limit: int) -> list[tuple]:
    """The best `limit` rows, at most half of them of one kind unless the others run out, best
    first."""
    share = max(1, (limit + 1) // 2)
    chosen, left_over, per_kind = [], [], Counter()
    for row in rows:
        if per_kind[row[0]] < share:
            per_kind[row[0]] += 1
            chosen.append(row)
        else:
            left_over.append(row)
    picked = (chosen + left_over)[:limit] if len(chosen) < limit else chosen[:limit]
    order = {id(row): i for i, row in enumerate(rows)}
    return sorted(picked, key=lambda row: order[id(row)])
