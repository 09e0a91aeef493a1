"""Request bodies for search, facets and suggestions: pure functions, plain dicts.

They follow the database backend's rules (search/backends/database/) so that both answer alike.

Words: everything the shopper types goes through `query_words`: cut to MAX_QUERY_LENGTH, folded
with `marketplace.core.text.fold`, split into words of letters and digits (each once, at most
MAX_WORDS). Only those words reach Elasticsearch, inside match-type, prefix and fuzzy queries;
there is no `query_string`, so quotes, `*:()`, backslashes, SQL or Lucene syntax are mere
separators and can never make a request fail.

Matching (`text_query`): every word must begin a word of the name, producer, categories or
places ("mien do" finds "Miến dong"), or be one edit away from one when it has five letters or
more (a typo: "tuyat" finds "tuyết"). That is a bool `must` of one clause per word, each a
`multi_match` over those fields: one `multi_match` over all the words with `cross_fields` would
spread the words over fields too, but Elasticsearch refuses `fuzziness` with `cross_fields` (and
with `combined_fields`), and `best_fields` with `operator: and` wants all the words in one field.
The description never has to match; it only adds to the text score.

Typos: `fuzziness: 1` on words of FUZZY_MIN_LENGTH (5) letters or more, not numbers.
Elasticsearch's `"AUTO:5,8"` says the same for words of 5 to 7 letters but allows two edits
from 8; folded Vietnamese syllables have at most 7 letters, and the database backend allows one
edit, so the length rule is applied here, word by word, and both backends agree.

Ranking (sort "rank"), as the database backend orders, in one score:
    1000 x name tier + 100 x current stars + 20 if in stock + 4 x rating score
    + text score squashed into [0, 1)
The name tier counts three `should` clauses of constant score 1000 that nest: the name holds
every word (1), holds the whole phrase (2, `match_phrase_prefix`: "whole-phrase matches in the
name rank first"), begins with it (3, a prefix on the folded words of the name). A
`function_score` adds the stars (while the certificate is valid), availability and buyers'
rating (the Bayesian score of `search.ranking`, 1 to 5, so 4 to 20); BM25 over
the fields, squashed with `saturation(_score, 10)`, only orders what ties on all of that, and
the name, then the id, break remaining ties in the sort.
"""

import datetime
import re
from dataclasses import dataclass

from marketplace.core.text import fold
from search.backends.base import MAX_QUERY_LENGTH, PRICE_BUCKETS, SearchFilters, SearchRequest
from search.backends.elasticsearch.mapping import MAX_RESULT_WINDOW
from search.backends.labels import bucket_key
from search.ranking import (
    CONFIDENCE,
    PRIOR_MEAN,
    RANK_RATING_WEIGHT,
    RATING_MINIMUMS,
    SCORE_PAINLESS,
)

MAX_WORDS = 32  # more would match no product anyway: the rest of a pasted text is dropped
MAX_WORD_LENGTH = 64
FUZZY_MIN_LENGTH = 5

# What a query must match (the database backend's `text_match`), and how much each counts in the
# text score.
MATCH_FIELDS = (
    "name^3",
    "vendor_name^1.5",
    "category_names^1.5",
    "province_name^1.5",
    "legacy_province_names^1.5",
    "commune_name",
)
TIER_BOOST = 1000
STAR_WEIGHTS = {5: 500, 4: 400, 3: 300}
IN_STOCK_WEIGHT = 20
TEXT_SCORE_PIVOT = 10  # saturation(score, pivot) = score / (score + pivot): half at the pivot
PHRASE_PREFIX_EXPANSIONS = 1000

# Sort fields and their natural direction (descending?).
NATURAL_DESCENDING = {
    "name": False,
    "price": False,
    "created_at": True,
    "stars": True,
    "best_rated": True,
    "best_selling": True,
}

VENDOR_FACET_SIZE = 20
FACET_SIZE = 100  # sectors (6), groups (17), product sets (26), provinces (34): all of them
MAX_SUGGESTION_WORDS = 8

PUBLIC = {"term": {"is_public": True}}

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Exclusions:
    """Products and producers the live database hides (see `live.hidden`), whatever the index
    says: every query leaves them out, so that counts and pages are right before the index
    catches up."""

    product_ids: frozenset[int] = frozenset()
    vendor_ids: frozenset[int] = frozenset()


NO_EXCLUSIONS = Exclusions()


def folded_words(text: str) -> list[str]:
    """The words of `text`, folded: letters and digits only, everything else separates."""
    return _WORD.findall(fold(text or ""))


def query_words(query: str) -> list[str]:
    """The folded words of what the shopper typed, in order, each once, of sane lengths."""
    words = (word[:MAX_WORD_LENGTH] for word in folded_words((query or "")[:MAX_QUERY_LENGTH]))
    return list(dict.fromkeys(words))[:MAX_WORDS]


def may_be_misspelt(word: str) -> bool:
    return len(word) >= FUZZY_MIN_LENGTH and not word.isdigit()


def word_clause(word: str) -> dict:
    """The word begins a word of the matched fields, or is one edit away from one."""
    match = {"query": word, "fields": list(MATCH_FIELDS)}
    if may_be_misspelt(word):
        match["fuzziness"] = 1
    prefix = {"query": word, "type": "bool_prefix", "fields": list(MATCH_FIELDS)}
    return {
        "bool": {
            "should": [{"multi_match": match}, {"multi_match": prefix}],
            "minimum_should_match": 1,
        }
    }


def text_query(words: list[str]) -> dict:
    """Every word matches (see the module's docstring); the description only adds to the score.
    Without words, everything."""
    if not words:
        return {"match_all": {}}
    return {
        "bool": {
            "must": [word_clause(word) for word in words],
            "should": [{"match": {"description": {"query": " ".join(words)}}}],
        }
    }


def _in_name(word: str) -> dict:
    prefix = {"prefix": {"name": {"value": word}}}
    if not may_be_misspelt(word):
        return prefix
    typo = {"match": {"name": {"query": word, "fuzziness": 1}}}
    return {"bool": {"should": [prefix, typo], "minimum_should_match": 1}}


def name_tiers(words: list[str]) -> list[dict]:
    """Three nested conditions on the name, 1000 each: it holds every word, holds the whole
    phrase (the last word possibly begun), begins with the phrase."""
    phrase = " ".join(words)
    if len(words) == 1:
        in_phrase = {"prefix": {"name": {"value": phrase}}}
    else:
        in_phrase = {
            "match_phrase_prefix": {
                "name": {"query": phrase, "max_expansions": PHRASE_PREFIX_EXPANSIONS}
            }
        }
    tiers = [
        {"bool": {"must": [_in_name(word) for word in words]}},
        in_phrase,
        {"prefix": {"name.words": {"value": phrase}}},
    ]
    return [{"constant_score": {"filter": tier, "boost": TIER_BOOST}} for tier in tiers]


def _ids(values) -> list[str]:
    return [str(value) for value in sorted(values)]


def current_stars(today: datetime.date) -> dict:
    """Stars count only while the certificate is valid (stars_valid_until >= today)."""
    return {"range": {"stars_valid_until": {"gte": today.isoformat()}}}


def filter_clauses(filters: SearchFilters, today: datetime.date) -> dict[str, dict]:
    """One clause per active filter, keyed by the facet whose selection it is."""
    clauses: dict[str, dict] = {}
    if filters.category_ids:
        # The ids already include everything below the chosen category: match the product set.
        clauses["category"] = {"terms": {"category_id": _ids(filters.category_ids)}}
    if filters.province_codes:
        clauses["province"] = {"terms": {"province_code": sorted(filters.province_codes)}}
    if filters.stars:
        clauses["stars"] = {
            "bool": {"filter": [{"terms": {"stars": sorted(filters.stars)}}, current_stars(today)]}
        }
    if filters.vendor_ids:
        clauses["vendor"] = {"terms": {"vendor_id": _ids(filters.vendor_ids)}}
    if filters.price_gte is not None or filters.price_lte is not None:
        bounds = {}
        if filters.price_gte is not None:
            bounds["gte"] = filters.price_gte
        if filters.price_lte is not None:
            bounds["lte"] = filters.price_lte
        clauses["price"] = {"range": {"min_price": bounds}}
    if filters.in_stock is not None:
        clauses["in_stock"] = {"term": {"in_stock": filters.in_stock}}
    if filters.rating_gte is not None:
        clauses["rating"] = rating_at_least(filters.rating_gte)
    return clauses


HAS_REVIEWS = {"range": {"rating_count": {"gt": 0}}}


def rating_at_least(minimum: int) -> dict:
    """Buyers' average at least `minimum` (so only products with reviews)."""
    return {"bool": {"filter": [HAS_REVIEWS, {"range": {"rating_average": {"gte": minimum}}}]}}


def rating_score(mean: float) -> dict:
    """The Bayesian rating score of `search.ranking` as a script, with the catalogue's mean."""
    return {
        "lang": "painless",
        "source": SCORE_PAINLESS,
        "params": {"mean": mean, "confidence": CONFIDENCE},
    }


def exclusion_clauses(exclusions: Exclusions) -> list[dict]:
    clauses = []
    if exclusions.product_ids:
        clauses.append({"ids": {"values": _ids(exclusions.product_ids)}})
    if exclusions.vendor_ids:
        clauses.append({"terms": {"vendor_id": _ids(exclusions.vendor_ids)}})
    return clauses


def visible(filters: list[dict], exclusions: Exclusions, **more) -> dict:
    """A bool query over public products (less what the live rows hide) under `filters`."""
    query = {**more, "filter": [PUBLIC, *filters]}
    must_not = exclusion_clauses(exclusions)
    if must_not:
        query["must_not"] = must_not
    return {"bool": query}


def boost_functions(today: datetime.date, mean: float = PRIOR_MEAN) -> list[dict]:
    """Added to the score: 100 per current star (3 to 5), 20 for being in stock, 4 per point
    of the rating score."""
    functions = [
        {
            "filter": {"bool": {"filter": [{"term": {"stars": stars}}, current_stars(today)]}},
            "weight": weight,
        }
        for stars, weight in STAR_WEIGHTS.items()
    ]
    functions.append({"filter": {"term": {"in_stock": True}}, "weight": IN_STOCK_WEIGHT})
    functions.append({"script_score": {"script": rating_score(mean)}, "weight": RANK_RATING_WEIGHT})
    return functions


def ranked(
    words: list[str],
    filters: list[dict],
    exclusions: Exclusions,
    today: datetime.date,
    mean: float = PRIOR_MEAN,
) -> dict:
    """The score described in the module's docstring, over the visible products under
    `filters`."""
    if words:
        text = {
            "script_score": {
                "query": text_query(words),
                "script": {
                    "source": "saturation(_score, params.pivot)",
                    "params": {"pivot": TEXT_SCORE_PIVOT},
                },
            }
        }
        query = visible(filters, exclusions, must=[text], should=name_tiers(words))
    else:
        query = visible(filters, exclusions, must=[{"match_all": {}}])
    return {
        "function_score": {
            "query": query,
            "functions": boost_functions(today, mean),
            "score_mode": "sum",
            "boost_mode": "sum",
        }
    }


# A certificate's stars while valid, else `missing` (0 sorts last in descending order, 6 last
# in ascending order): `stars_valid_until` is compared with today, so no reindexing is needed
# the day a certificate expires.
STARS_SCRIPT = (
    "if (doc['stars'].size() == 0 || doc['stars_valid_until'].size() == 0"
    " || doc['stars_valid_until'].value.toInstant().toEpochMilli() < params.today)"
    " { return params.missing; }"
    " return doc['stars'].value;"
)


def _epoch_millis(day: datetime.date) -> int:
    midnight = datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)
    return int(midnight.timestamp()) * 1000


def stars_sort(today: datetime.date, *, descending: bool = True) -> dict:
    return {
        "_script": {
            "type": "number",
            "order": "desc" if descending else "asc",
            "script": {
                "lang": "painless",
                "source": STARS_SCRIPT,
                "params": {"today": _epoch_millis(today), "missing": 0 if descending else 6},
            },
        }
    }


def _field_sort(field: str, descending: bool) -> dict:
    return {field: {"order": "desc" if descending else "asc", "missing": "_last"}}


SCORE = {"_score": {"order": "desc"}}
BY_NAME = _field_sort("name.sort", False)
TIEBREAK = {"product_id": {"order": "asc"}}


def sort_clauses(
    sort: str, descending: bool | None, today: datetime.date, mean: float = PRIOR_MEAN
) -> list[dict]:
    """As the database backend sorts: relevance ("rank", and any unknown field) always best
    first; other fields their natural way unless told (name and price up, newest, most stars,
    best rated and best selling first), products without a value last, then by name; the id
    last so pages never overlap. Best rated is the rating score, then more reviews."""
    if sort not in NATURAL_DESCENDING:
        return [SCORE, BY_NAME, TIEBREAK]
    desc = NATURAL_DESCENDING[sort] if descending is None else descending
    if sort == "name":
        return [_field_sort("name.sort", desc), TIEBREAK]
    if sort == "created_at":
        return [_field_sort("created_at", desc), TIEBREAK]
    if sort == "price":
        return [_field_sort("min_price", desc), BY_NAME, TIEBREAK]
    if sort == "best_rated":
        order = "desc" if desc else "asc"
        score = {"_script": {"type": "number", "order": order, "script": rating_score(mean)}}
        return [score, {"rating_count": {"order": order}}, BY_NAME, TIEBREAK]
    if sort == "best_selling":
        return [_field_sort("sold_count", desc), BY_NAME, TIEBREAK]
    return [stars_sort(today, descending=desc), BY_NAME, TIEBREAK]


def search_body(
    request: SearchRequest,
    *,
    today: datetime.date,
    size: int | None = None,
    exclusions: Exclusions = NO_EXCLUSIONS,
    mean: float = PRIOR_MEAN,
) -> dict:
    """One page of product ids (`size` defaults to the request's limit), with the exact total;
    `mean` is the catalogue's mean rating (see `search.ranking`)."""
    words = query_words(request.query)
    filters = list(filter_clauses(request.filters, today).values())
    start = min(max(request.offset, 0), MAX_RESULT_WINDOW)
    wanted = max(request.limit if size is None else size, 0)
    return {
        "query": ranked(words, filters, exclusions, today, mean),
        "sort": sort_clauses(request.sort, request.descending, today, mean),
        "from": start,
        "size": min(wanted, MAX_RESULT_WINDOW - start),
        "track_total_hits": True,
        "_source": False,
    }


def _price_ranges() -> list[dict]:
    ranges = []
    for low, high in PRICE_BUCKETS:
        bucket: dict = {"key": bucket_key(low, high)}
        if low is not None:
            bucket["from"] = low
        if high is not None:
            bucket["to"] = high
        ranges.append(bucket)
    return ranges


def _terms(field: str, size: int = FACET_SIZE) -> dict:
    return {"terms": {"field": field, "size": size, "order": [{"_count": "desc"}, {"_key": "asc"}]}}


# Facet -> (the filter that is its own selection, what counts its values).
FACET_AGGREGATIONS = {
    "sectors": ("category", _terms("sector_id")),
    "product_sets": ("category", _terms("category_id")),
    "provinces": ("province", _terms("province_code")),
    "stars": ("stars", _terms("stars", 10)),
    "vendors": ("vendor", _terms("vendor_id", VENDOR_FACET_SIZE)),
    "price_buckets": ("price", {"range": {"field": "min_price", "ranges": _price_ranges()}}),
    "in_stock": ("in_stock", _terms("in_stock", 2)),
    # Overlapping buckets, one per minimum average ("from 4★"), among products with reviews.
    "rating": (
        "rating",
        {
            "range": {
                "field": "rating_average",
                "ranges": [{"key": str(m), "from": m} for m in RATING_MINIMUMS],
            }
        },
    ),
}


def facets_body(
    query: str,
    filters: SearchFilters,
    *,
    today: datetime.date,
    exclusions: Exclusions = NO_EXCLUSIONS,
) -> dict:
    """Counts only (size 0, no scores): the query selects the public products matching the
    words; each facet is a `filter` aggregation holding every active filter except its own
    selection, around the terms (or range) aggregation that counts its values. Producers the
    filter chooses are counted too when they are not among the 20 with most products."""
    words = query_words(query)
    clauses = filter_clauses(filters, today)

    def others(own: str) -> list[dict]:
        return [clause for name, clause in clauses.items() if name != own]

    aggregations = {}
    for facet, (own, values) in FACET_AGGREGATIONS.items():
        where = others(own)
        if facet == "stars":
            where.append(current_stars(today))  # expired stars are no stars
        if facet == "rating":
            where.append(HAS_REVIEWS)
        aggregations[facet] = {"filter": {"bool": {"filter": where}}, "aggs": {"values": values}}
    if filters.vendor_ids:
        chosen = {"terms": {"vendor_id": _ids(filters.vendor_ids)}}
        aggregations["chosen_vendors"] = {
            "filter": {"bool": {"filter": [*others("vendor"), chosen]}},
            "aggs": {"values": _terms("vendor_id", len(filters.vendor_ids))},
        }
    return {
        "size": 0,
        "track_total_hits": False,
        "query": visible([text_query(words)] if words else [], exclusions),
        "aggs": aggregations,
    }


def suggestion_words(query: str) -> list[str]:
    return query_words(query)[:MAX_SUGGESTION_WORDS]


def suggest_body(
    query: str, *, limit: int, today: datetime.date, exclusions: Exclusions = NO_EXCLUSIONS
) -> dict | None:
    """One request for every kind of suggestion, or None when nothing was typed.

    Products and producers: a `match_phrase` of the typed words on the edge n-grams of the name
    or the producer's name ("bac k" -> "bac" then a word beginning with "k"). The hits are
    products whose name matches (`post_filter`), most stars first, in stock first; a `filter`
    aggregation finds the producers with their counts of products. Categories and provinces
    (and pre-2025 names) come from their own small tables: a `global` aggregation counts the
    public products of each category and province, to offer only those that have some and to
    order them."""
    words = suggestion_words(query)
    if not words:
        return None
    phrase = " ".join(words)
    product = {"match_phrase": {"name.suggest": {"query": phrase}}}
    vendor = {"match_phrase": {"vendor_name.suggest": {"query": phrase}}}
    public = visible([], exclusions)
    return {
        "size": limit * 2,  # names shared by several products show once
        "_source": False,
        "query": visible([], exclusions, should=[product, vendor], minimum_should_match=1),
        "post_filter": product,
        "sort": [stars_sort(today), {"in_stock": {"order": "desc"}}, BY_NAME, TIEBREAK],
        "aggs": {
            "vendors": {"filter": vendor, "aggs": {"values": _terms("vendor_id", limit * 2)}},
            "catalogue": {
                "global": {},
                "aggs": {
                    "public": {
                        "filter": public,
                        "aggs": {
                            "sectors": _terms("sector_id"),
                            "groups": _terms("group_id"),
                            "product_sets": _terms("category_id"),
                            "provinces": _terms("province_code"),
                        },
                    }
                },
            },
        },
    }
