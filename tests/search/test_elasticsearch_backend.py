"""The Elasticsearch backend without a server: the index settings and mapping, the request bodies
built for representative searches, the bulk actions, the alias swap of a rebuild, and how answers
are re-checked against the live database. Requests go through the real client into
`FakeElasticsearch`, which records them and answers from canned responses."""

import datetime
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from elasticsearch.helpers import BulkIndexError

from catalog.models import Category, Product
from marketplace.core.money import format_vnd
from marketplace.geography.models import Province
from search.backends import get_backend
from search.backends.base import (
    MAX_QUERY_LENGTH,
    ProductDocument,
    SearchFilters,
    SearchRequest,
    Suggestion,
)
from search.backends.elasticsearch import ElasticsearchBackend, live
from search.backends.elasticsearch.indexing import delete_actions, index_actions
from search.backends.elasticsearch.mapping import index_body, source_for
from search.backends.elasticsearch.queries import (
    Exclusions,
    facets_body,
    query_words,
    search_body,
    suggest_body,
)
from search.ranking import SCORE_PAINLESS
from tests.factories import ProductFactory, VendorFactory, commune
from tests.search.elasticsearch_fake import FakeElasticsearch, search_response
from vendors.models import Vendor

TODAY = datetime.date(2025, 7, 1)
TODAY_MILLIS = 1_751_328_000_000  # 2025-07-01T00:00:00Z

FIELDS = [
    "name^3",
    "vendor_name^1.5",
    "category_names^1.5",
    "province_name^1.5",
    "legacy_province_names^1.5",
    "commune_name",
]
PUBLIC = {"term": {"is_public": True}}


def rating_script(mean):
    """The Bayesian score of search.ranking over the document, with the catalogue's mean."""
    return {
        "lang": "painless",
        "source": SCORE_PAINLESS,
        "params": {"mean": mean, "confidence": 20},
    }


CURRENT_STARS = {"range": {"stars_valid_until": {"gte": "2025-07-01"}}}
HAS_REVIEWS = {"range": {"rating_count": {"gt": 0}}}
BOOSTS = [
    {"filter": {"bool": {"filter": [{"term": {"stars": 5}}, CURRENT_STARS]}}, "weight": 500},
    {"filter": {"bool": {"filter": [{"term": {"stars": 4}}, CURRENT_STARS]}}, "weight": 400},
    {"filter": {"bool": {"filter": [{"term": {"stars": 3}}, CURRENT_STARS]}}, "weight": 300},
    {"filter": {"term": {"in_stock": True}}, "weight": 20},
    {"script_score": {"script": rating_script(4.0)}, "weight": 4},  # no reviews: m = 4.0
]
STARS_SCRIPT = (
    "if (doc['stars'].size() == 0 || doc['stars_valid_until'].size() == 0"
    " || doc['stars_valid_until'].value.toInstant().toEpochMilli() < params.today)"
    " { return params.missing; }"
    " return doc['stars'].value;"
)
BY_SCORE = {"_score": {"order": "desc"}}
BY_NAME = {"name.sort": {"order": "asc", "missing": "_last"}}
BY_ID = {"product_id": {"order": "asc"}}


def stars_sort(order="desc", missing=0):
    return {
        "_script": {
            "type": "number",
            "order": order,
            "script": {
                "lang": "painless",
                "source": STARS_SCRIPT,
                "params": {"today": TODAY_MILLIS, "missing": missing},
            },
        }
    }


def word(text, fuzzy=False):
    match = {"query": text, "fields": FIELDS}
    if fuzzy:
        match["fuzziness"] = 1
    return {
        "bool": {
            "should": [
                {"multi_match": match},
                {"multi_match": {"query": text, "type": "bool_prefix", "fields": FIELDS}},
            ],
            "minimum_should_match": 1,
        }
    }


def tier(condition):
    return {"constant_score": {"filter": condition, "boost": 1000}}


def ranked(must, should=None, filters=(), must_not=None):
    """The function_score around the visible products, as search_body builds it."""
    query = {"must": must}
    if should is not None:
        query["should"] = should
    query["filter"] = [PUBLIC, *filters]
    if must_not:
        query["must_not"] = must_not
    return {
        "function_score": {
            "query": {"bool": query},
            "functions": BOOSTS,
            "score_mode": "sum",
            "boost_mode": "sum",
        }
    }


def text_score(words_clauses, phrase):
    return {
        "script_score": {
            "query": {
                "bool": {
                    "must": words_clauses,
                    "should": [{"match": {"description": {"query": phrase}}}],
                }
            },
            "script": {"source": "saturation(_score, params.pivot)", "params": {"pivot": 10}},
        }
    }


def body(request, **kwargs):
    return search_body(request, today=TODAY, **kwargs)


def document(product_id=7, **overrides) -> ProductDocument:
    values = {
        "product_id": product_id,
        "slug": f"mien-dong-{product_id}",
        "name": "Miến dong Bắc Kạn",
        "vendor_id": 3,
        "vendor_name": "HTX Miến dong Côn Minh",
        "vendor_slug": "htx-mien-dong-con-minh",
        "category_id": 12,
        "group_id": 11,
        "sector_id": 1,
        "category_names": ("Mì, miến", "Mì, miến, phở", "Sản phẩm thực phẩm"),
        "province_code": "19",
        "province_name": "Thái Nguyên",
        "legacy_province_names": ("Bắc Kạn",),
        "commune_name": "Côn Minh",
        "description": "Miến làm từ củ dong riềng.",
        "stars": 4,
        "stars_valid_until": datetime.date(2027, 5, 31),
        "min_price": 65_000,
        "max_price": 120_000,
        "in_stock": True,
        "created_at": datetime.datetime(2025, 6, 1, 8, 30, tzinfo=datetime.UTC),
        "is_public": True,
    }
    values.update(overrides)
    return ProductDocument(**values)


@pytest.fixture
def fake():
    return FakeElasticsearch()


@pytest.fixture
def es_backend(fake):
    return ElasticsearchBackend(client=fake, index_prefix="ocop")


# -- the index: analysis and mapping ------------------------------------------------------------


def test_the_analysis_folds_vietnamese_keeping_the_original_token():
    analysis = index_body()["settings"]["analysis"]

    assert analysis["char_filter"]["vi_d"] == {
        "type": "mapping",
        "mappings": ["Đ => D", "đ => d", "Ð => D", "ð => d"],
    }
    assert analysis["filter"]["vi_folding"] == {"type": "asciifolding", "preserve_original": True}
    assert analysis["analyzer"]["vi_text"] == {
        "type": "custom",
        "tokenizer": "standard",
        "char_filter": ["vi_d"],
        "filter": ["lowercase", "vi_folding"],
    }


def test_suggestions_use_edge_ngrams_at_index_time_and_plain_folding_at_search_time():
    analysis = index_body()["settings"]["analysis"]

    assert analysis["filter"]["vi_edge_ngram"] == {
        "type": "edge_ngram",
        "min_gram": 1,
        "max_gram": 20,
    }
    assert analysis["analyzer"]["vi_autocomplete"] == {
        "type": "custom",
        "tokenizer": "standard",
        "char_filter": ["vi_d"],
        "filter": ["lowercase", "asciifolding", "vi_edge_ngram"],
    }
    assert analysis["analyzer"]["vi_autocomplete_search"] == {
        "type": "custom",
        "tokenizer": "standard",
        "char_filter": ["vi_d"],
        "filter": ["lowercase", "asciifolding"],
    }


def test_keyword_normalizers_fold_for_sorting_and_for_the_name_s_words():
    analysis = index_body()["settings"]["analysis"]

    assert analysis["normalizer"] == {
        "vi_sort": {
            "type": "custom",
            "char_filter": ["vi_d"],
            "filter": ["lowercase", "asciifolding"],
        },
        "vi_words": {
            "type": "custom",
            "char_filter": ["vi_d", "vi_separators"],
            "filter": ["lowercase", "asciifolding", "trim"],
        },
    }
    assert analysis["char_filter"]["vi_separators"] == {
        "type": "pattern_replace",
        "pattern": "[^\\p{L}\\p{N}]+",
        "replacement": " ",
    }


def test_index_settings():
    settings = index_body()["settings"]

    assert settings["number_of_shards"] == 1
    assert settings["max_result_window"] == 100_000


def test_the_mapping():
    mappings = index_body()["mappings"]
    properties = mappings["properties"]
    suggest = {
        "type": "text",
        "analyzer": "vi_autocomplete",
        "search_analyzer": "vi_autocomplete_search",
    }

    prefixes = {"min_chars": 1, "max_chars": 10}

    assert mappings["dynamic"] == "strict"
    assert properties["name"] == {
        "type": "text",
        "analyzer": "vi_text",
        "index_prefixes": prefixes,
        "fields": {
            "sort": {"type": "keyword", "normalizer": "vi_sort"},
            "words": {"type": "keyword", "normalizer": "vi_words"},
            "suggest": suggest,
        },
    }
    assert properties["vendor_name"] == {
        "type": "text",
        "analyzer": "vi_text",
        "index_prefixes": prefixes,
        "fields": {"suggest": suggest},
    }
    for text in ("category_names", "province_name", "legacy_province_names", "commune_name"):
        assert properties[text] == {
            "type": "text",
            "analyzer": "vi_text",
            "index_prefixes": prefixes,
        }, text
    assert properties["description"] == {"type": "text", "analyzer": "vi_text"}
    for keyword in (
        "slug",
        "vendor_id",
        "vendor_slug",
        "category_id",
        "group_id",
        "sector_id",
        "province_code",
    ):
        assert properties[keyword] == {"type": "keyword"}, keyword
    assert properties["product_id"] == {"type": "long"}
    assert properties["stars"] == {"type": "integer"}
    assert properties["stars_valid_until"] == {"type": "date", "format": "strict_date"}
    assert properties["min_price"] == properties["max_price"] == {"type": "long"}
    assert properties["in_stock"] == properties["is_public"] == {"type": "boolean"}
    assert properties["created_at"] == {"type": "date"}
    assert properties["rating_average"] == {"type": "float"}
    assert properties["rating_count"] == properties["sold_count"] == {"type": "integer"}
    assert set(properties) == {
        *("product_id", "slug", "name", "vendor_id", "vendor_name", "vendor_slug"),
        *("category_id", "group_id", "sector_id", "category_names", "province_code"),
        *("province_name", "legacy_province_names", "commune_name", "description", "stars"),
        *("stars_valid_until", "min_price", "max_price", "in_stock", "created_at", "is_public"),
        *("rating_average", "rating_count", "sold_count"),
    }


# -- words of a query ---------------------------------------------------------------------------


def test_query_words_are_folded_distinct_words():
    assert query_words("Miến  dong, MIẾN ĐỎ!") == ["mien", "dong", "do"]
    assert query_words("Chè_Shan-tuyết (Mộc Châu)") == ["che", "shan", "tuyet", "moc", "chau"]
    assert query_words("") == query_words(None) == []


def test_query_words_of_nasty_input_are_only_letters_and_digits():
    assert query_words("\"*:()\\'") == []
    assert query_words("\"*:()\\' '; DROP TABLE x; --") == ["drop", "table", "x"]
    assert query_words("name:(a OR b) AND c* ~2 ^3 /re/ [1 TO 5]") == [
        *("name", "a", "or", "b", "and", "c", "2", "3", "re", "1", "to", "5")
    ]


def test_a_long_query_is_cut_not_refused():
    long_query = "nước mắm " * 100  # 900 characters

    assert query_words(long_query) == ["nuoc", "mam"]
    words = query_words(" ".join(f"w{i}" for i in range(200)))
    assert len(words) == 32
    assert sum(len(w) + 1 for w in query_words("x" * 1000)) <= MAX_QUERY_LENGTH
    assert query_words("a" * 500) == ["a" * 64]


# -- search bodies ------------------------------------------------------------------------------


def test_search_mien_dong():
    assert body(SearchRequest(query="mien dong")) == {
        "query": ranked(
            must=[text_score([word("mien"), word("dong")], "mien dong")],
            should=[
                tier(
                    {
                        "bool": {
                            "must": [
                                {"prefix": {"name": {"value": "mien"}}},
                                {"prefix": {"name": {"value": "dong"}}},
                            ]
                        }
                    }
                ),
                tier(
                    {
                        "match_phrase_prefix": {
                            "name": {"query": "mien dong", "max_expansions": 1000}
                        }
                    }
                ),
                tier({"prefix": {"name.words": {"value": "mien dong"}}}),
            ],
        ),
        "sort": [BY_SCORE, BY_NAME, BY_ID],
        "from": 0,
        "size": 24,
        "track_total_hits": True,
        "_source": False,
    }


def test_search_with_diacritics_sends_the_same_folded_body():
    assert body(SearchRequest(query="Miến DONG")) == body(SearchRequest(query="mien dong"))


def test_search_che_shan_tuyet_moc_chau():
    query = body(SearchRequest(query="chè shan tuyết Mộc Châu"))["query"]["function_score"]
    bool_query = query["query"]["bool"]

    # Every word must match; "tuyet" (5 letters) may be misspelt, the shorter ones may not.
    assert bool_query["must"] == [
        text_score(
            [word("che"), word("shan"), word("tuyet", fuzzy=True), word("moc"), word("chau")],
            "che shan tuyet moc chau",
        )
    ]
    in_name, in_phrase, begins = (
        clause["constant_score"]["filter"] for clause in bool_query["should"]
    )
    assert in_name["bool"]["must"][2] == {
        "bool": {
            "should": [
                {"prefix": {"name": {"value": "tuyet"}}},
                {"match": {"name": {"query": "tuyet", "fuzziness": 1}}},
            ],
            "minimum_should_match": 1,
        }
    }
    assert in_phrase == {
        "match_phrase_prefix": {
            "name": {"query": "che shan tuyet moc chau", "max_expansions": 1000}
        }
    }
    assert begins == {"prefix": {"name.words": {"value": "che shan tuyet moc chau"}}}


def test_search_for_a_typo_allows_one_edit():
    query = body(SearchRequest(query="tuyat"))["query"]["function_score"]["query"]["bool"]

    assert query["must"] == [text_score([word("tuyat", fuzzy=True)], "tuyat")]
    assert query["should"] == [
        tier(
            {
                "bool": {
                    "must": [
                        {
                            "bool": {
                                "should": [
                                    {"prefix": {"name": {"value": "tuyat"}}},
                                    {"match": {"name": {"query": "tuyat", "fuzziness": 1}}},
                                ],
                                "minimum_should_match": 1,
                            }
                        }
                    ]
                }
            }
        ),
        tier({"prefix": {"name": {"value": "tuyat"}}}),
        tier({"prefix": {"name.words": {"value": "tuyat"}}}),
    ]


def test_numbers_and_short_words_are_never_fuzzy():
    must = body(SearchRequest(query="mam 12345"))["query"]["function_score"]["query"]["bool"]

    assert must["must"][0]["script_score"]["query"]["bool"]["must"] == [word("mam"), word("12345")]


def test_an_empty_query_lists_everything_by_stars_and_stock_then_name():
    assert body(SearchRequest()) == {
        "query": ranked(must=[{"match_all": {}}]),
        "sort": [BY_SCORE, BY_NAME, BY_ID],
        "from": 0,
        "size": 24,
        "track_total_hits": True,
        "_source": False,
    }


@pytest.mark.parametrize("nasty", ["\"*:()\\'", "   ", "!!! ??? ***", "\x00\x01"])
def test_a_query_without_words_is_the_empty_query(nasty):
    assert body(SearchRequest(query=nasty)) == body(SearchRequest())


def test_a_nasty_query_only_sends_its_words_and_never_a_query_string():
    sent = body(SearchRequest(query="\"*:()\\' '; DROP TABLE x; --"))
    text = json.dumps(sent)

    assert "query_string" not in text
    assert "DROP" not in text and ";" not in text.replace("; ", "")
    bool_query = sent["query"]["function_score"]["query"]["bool"]
    assert bool_query["must"] == [
        text_score([word("drop"), word("table", fuzzy=True), word("x")], "drop table x")
    ]


def test_a_500_character_query_builds_a_bounded_body():
    sent = body(SearchRequest(query=" ".join(f"mot{i}" for i in range(200))[:500]))
    must = sent["query"]["function_score"]["query"]["bool"]["must"]

    assert len(must[0]["script_score"]["query"]["bool"]["must"]) == 32


def test_search_with_every_filter():
    filters = SearchFilters(
        category_ids=frozenset({17, 5, 16}),
        province_codes=frozenset({"19", "14"}),
        stars=frozenset({5, 4}),
        vendor_ids=frozenset({12, 3}),
        price_gte=50_000,
        price_lte=200_000,
        in_stock=True,
    )
    sent = body(SearchRequest(query="mien", filters=filters))

    assert sent["query"]["function_score"]["query"]["bool"]["filter"] == [
        PUBLIC,
        {"terms": {"category_id": ["5", "16", "17"]}},
        {"terms": {"province_code": ["14", "19"]}},
        {"bool": {"filter": [{"terms": {"stars": [4, 5]}}, CURRENT_STARS]}},
        {"terms": {"vendor_id": ["3", "12"]}},
        {"range": {"min_price": {"gte": 50_000, "lte": 200_000}}},
        {"term": {"in_stock": True}},
    ]


def test_open_price_ranges_and_out_of_stock():
    filters = SearchFilters(price_lte=50_000, in_stock=False)
    sent = body(SearchRequest(filters=filters))

    assert sent["query"]["function_score"]["query"]["bool"]["filter"] == [
        PUBLIC,
        {"range": {"min_price": {"lte": 50_000}}},
        {"term": {"in_stock": False}},
    ]
    only_from = body(SearchRequest(filters=SearchFilters(price_gte=500_000)))
    assert only_from["query"]["function_score"]["query"]["bool"]["filter"][1] == {
        "range": {"min_price": {"gte": 500_000}}
    }


@pytest.mark.parametrize(
    ("sort", "descending", "expected"),
    [
        ("rank", None, [BY_SCORE, BY_NAME, BY_ID]),
        ("rank", False, [BY_SCORE, BY_NAME, BY_ID]),  # relevance is always best first
        ("name", None, [BY_NAME, BY_ID]),
        ("name", True, [{"name.sort": {"order": "desc", "missing": "_last"}}, BY_ID]),
        ("price", None, [{"min_price": {"order": "asc", "missing": "_last"}}, BY_NAME, BY_ID]),
        ("price", True, [{"min_price": {"order": "desc", "missing": "_last"}}, BY_NAME, BY_ID]),
        ("created_at", None, [{"created_at": {"order": "desc", "missing": "_last"}}, BY_ID]),
        ("created_at", False, [{"created_at": {"order": "asc", "missing": "_last"}}, BY_ID]),
        ("stars", None, [stars_sort(), BY_NAME, BY_ID]),
        ("stars", False, [stars_sort("asc", missing=6), BY_NAME, BY_ID]),
        ("popularity", None, [BY_SCORE, BY_NAME, BY_ID]),
    ],
)
def test_sorts(sort, descending, expected):
    assert body(SearchRequest(query="mien", sort=sort, descending=descending))["sort"] == expected


def test_search_with_every_filter_and_each_sort_keeps_filters_and_paging():
    filters = SearchFilters(category_ids=frozenset({17}), in_stock=True)
    for sort in ("rank", "name", "price", "created_at", "stars"):
        sent = body(SearchRequest(query="che", filters=filters, sort=sort, offset=48, limit=24))
        assert sent["query"]["function_score"]["query"]["bool"]["filter"] == [
            PUBLIC,
            {"terms": {"category_id": ["17"]}},
            {"term": {"in_stock": True}},
        ]
        assert (sent["from"], sent["size"], sent["track_total_hits"]) == (48, 24, True)


def test_paging_stays_inside_the_result_window():
    assert body(SearchRequest(offset=-5, limit=-1))[("from")] == 0
    assert body(SearchRequest(offset=-5, limit=-1))["size"] == 0
    deep = body(SearchRequest(offset=99_990, limit=24))
    assert (deep["from"], deep["size"]) == (99_990, 10)
    beyond = body(SearchRequest(offset=200_000, limit=24))
    assert (beyond["from"], beyond["size"]) == (100_000, 0)
    assert body(SearchRequest(limit=24), size=30)["size"] == 30


def test_known_stale_products_and_producers_are_excluded():
    exclusions = Exclusions(product_ids=frozenset({9, 4}), vendor_ids=frozenset({2}))
    sent = body(SearchRequest(query="mien"), exclusions=exclusions)

    assert sent["query"]["function_score"]["query"]["bool"]["must_not"] == [
        {"ids": {"values": ["4", "9"]}},
        {"terms": {"vendor_id": ["2"]}},
    ]


# -- facets and suggestion bodies ---------------------------------------------------------------


def _terms(field, size=100):
    return {"terms": {"field": field, "size": size, "order": [{"_count": "desc"}, {"_key": "asc"}]}}


def test_facets_each_apply_every_filter_but_their_own():
    filters = SearchFilters(
        category_ids=frozenset({17}),
        province_codes=frozenset({"19"}),
        stars=frozenset({4}),
        vendor_ids=frozenset({3}),
        price_gte=50_000,
        price_lte=100_000,
        in_stock=True,
    )
    category = {"terms": {"category_id": ["17"]}}
    province = {"terms": {"province_code": ["19"]}}
    stars = {"bool": {"filter": [{"terms": {"stars": [4]}}, CURRENT_STARS]}}
    vendor = {"terms": {"vendor_id": ["3"]}}
    price = {"range": {"min_price": {"gte": 50_000, "lte": 100_000}}}
    stock = {"term": {"in_stock": True}}

    def facet(filters, values):
        return {"filter": {"bool": {"filter": filters}}, "aggs": {"values": values}}

    sent = facets_body("mien dong", filters, today=TODAY)

    assert sent["size"] == 0
    assert sent["query"] == {
        "bool": {
            "filter": [
                PUBLIC,
                {
                    "bool": {
                        "must": [word("mien"), word("dong")],
                        "should": [{"match": {"description": {"query": "mien dong"}}}],
                    }
                },
            ]
        }
    }
    assert sent["aggs"] == {
        "sectors": facet([province, stars, vendor, price, stock], _terms("sector_id")),
        "product_sets": facet([province, stars, vendor, price, stock], _terms("category_id")),
        "provinces": facet([category, stars, vendor, price, stock], _terms("province_code")),
        "stars": facet(
            [category, province, vendor, price, stock, CURRENT_STARS], _terms("stars", 10)
        ),
        "vendors": facet([category, province, stars, price, stock], _terms("vendor_id", 20)),
        "price_buckets": facet(
            [category, province, stars, vendor, stock],
            {
                "range": {
                    "field": "min_price",
                    "ranges": [
                        {"key": "-50000", "to": 50_000},
                        {"key": "50000-100000", "from": 50_000, "to": 100_000},
                        {"key": "100000-200000", "from": 100_000, "to": 200_000},
                        {"key": "200000-500000", "from": 200_000, "to": 500_000},
                        {"key": "500000-", "from": 500_000},
                    ],
                }
            },
        ),
        "in_stock": facet([category, province, stars, vendor, price], _terms("in_stock", 2)),
        "rating": facet(
            [category, province, stars, vendor, price, stock, HAS_REVIEWS],
            {
                "range": {
                    "field": "rating_average",
                    "ranges": [{"key": "4", "from": 4}, {"key": "3", "from": 3}],
                }
            },
        ),
        "chosen_vendors": facet(
            [category, province, stars, price, stock, vendor], _terms("vendor_id", 1)
        ),
    }


def test_facets_without_query_or_filters():
    sent = facets_body("", SearchFilters(), today=TODAY)

    assert sent["query"] == {"bool": {"filter": [PUBLIC]}}
    assert sent["aggs"]["provinces"]["filter"] == {"bool": {"filter": []}}
    assert sent["aggs"]["stars"]["filter"] == {"bool": {"filter": [CURRENT_STARS]}}
    assert "chosen_vendors" not in sent["aggs"]


def test_suggest_body():
    product = {"match_phrase": {"name.suggest": {"query": "bac k"}}}
    vendor = {"match_phrase": {"vendor_name.suggest": {"query": "bac k"}}}

    assert suggest_body("Bắc K", limit=8, today=TODAY) == {
        "size": 16,
        "_source": False,
        "query": {
            "bool": {"should": [product, vendor], "minimum_should_match": 1, "filter": [PUBLIC]}
        },
        "post_filter": product,
        "sort": [stars_sort(), {"in_stock": {"order": "desc"}}, BY_NAME, BY_ID],
        "aggs": {
            "vendors": {"filter": vendor, "aggs": {"values": _terms("vendor_id", 16)}},
            "catalogue": {
                "global": {},
                "aggs": {
                    "public": {
                        "filter": {"bool": {"filter": [PUBLIC]}},
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
    assert suggest_body('  "*:()  ', limit=8, today=TODAY) is None


# -- bulk actions, index creation, rebuild ------------------------------------------------------


def test_the_source_of_a_product():
    assert source_for(document()) == {
        "product_id": 7,
        "slug": "mien-dong-7",
        "name": "Miến dong Bắc Kạn",
        "vendor_id": "3",
        "vendor_name": "HTX Miến dong Côn Minh",
        "vendor_slug": "htx-mien-dong-con-minh",
        "category_id": "12",
        "group_id": "11",
        "sector_id": "1",
        "category_names": ["Mì, miến", "Mì, miến, phở", "Sản phẩm thực phẩm"],
        "province_code": "19",
        "province_name": "Thái Nguyên",
        "legacy_province_names": ["Bắc Kạn"],
        "commune_name": "Côn Minh",
        "description": "Miến làm từ củ dong riềng.",
        "stars": 4,
        "stars_valid_until": "2027-05-31",
        "min_price": 65_000,
        "max_price": 120_000,
        "in_stock": True,
        "created_at": "2025-06-01T08:30:00+00:00",
        "is_public": True,
        "rating_average": 0.0,
        "rating_count": 0,
        "sold_count": 0,
    }


def test_missing_values_are_left_out_and_text_is_composed():
    decomposed = "Mie\u0302\u0301n dong"  # "Miến" with combining marks
    source = source_for(
        document(
            name=decomposed,
            stars=None,
            stars_valid_until=None,
            min_price=None,
            max_price=None,
            legacy_province_names=(),
            in_stock=False,
            is_public=False,
        )
    )

    assert source["name"] == "Miến dong"
    for missing in ("stars", "stars_valid_until", "min_price", "max_price"):
        assert missing not in source
    assert source["in_stock"] is False and source["is_public"] is False


def test_bulk_actions():
    assert list(index_actions([document(7), document(8)], "ocop-products")) == [
        {
            "_op_type": "index",
            "_index": "ocop-products",
            "_id": "7",
            "_source": source_for(document(7)),
        },
        {
            "_op_type": "index",
            "_index": "ocop-products",
            "_id": "8",
            "_source": source_for(document(8)),
        },
    ]
    assert list(delete_actions([7, 8], "ocop-products")) == [
        {"_op_type": "delete", "_index": "ocop-products", "_id": "7"},
        {"_op_type": "delete", "_index": "ocop-products", "_id": "8"},
    ]


def test_index_creates_the_index_behind_its_alias_then_bulk_loads(es_backend, fake):
    assert es_backend.index([document(7), document(8)]) == 2

    exists, create, bulk = fake.requests
    assert (exists.endpoint, exists.path) == ("indices.exists", "/ocop-products")
    assert create.endpoint == "indices.create"
    assert create.path.startswith("/ocop-products-")
    assert create.body == {**index_body(), "aliases": {"ocop-products": {"is_write_index": True}}}
    assert bulk.endpoint == "bulk"
    assert bulk.params == {"refresh": True}
    assert bulk.body == [
        {"index": {"_index": "ocop-products", "_id": "7"}},
        source_for(document(7)),
        {"index": {"_index": "ocop-products", "_id": "8"}},
        source_for(document(8)),
    ]
    (concrete,) = fake.documents
    assert set(fake.documents[concrete]) == {"7", "8"}


def test_index_does_not_create_an_existing_index_and_checks_once(es_backend, fake):
    fake.aliases_of["ocop-products-1"] = {"ocop-products"}
    fake.documents["ocop-products-1"] = {}

    es_backend.index([document(7)])
    es_backend.index(document(n) for n in range(1, 1101))  # a generator: streamed in chunks

    assert fake.endpoints() == [
        "indices.exists",
        "indices.put_mapping",
        "bulk",
        "bulk",
        "bulk",
        "bulk",
    ]
    assert [len(call.body) // 2 for call in fake.calls("bulk")] == [1, 500, 500, 100]
    assert len(fake.documents["ocop-products-1"]) == 1100


def test_an_index_made_before_the_ratings_gets_their_fields_before_the_first_write(
    es_backend, fake
):
    fake.aliases_of["ocop-products-1"] = {"ocop-products"}
    fake.documents["ocop-products-1"] = {}

    es_backend.index([document(7, rating_average=4.5, rating_count=12, sold_count=30)])

    (mapping,) = fake.calls("indices.put_mapping")
    assert mapping.path == "/ocop-products/_mapping"
    assert mapping.body == {"properties": index_body()["mappings"]["properties"]}
    assert mapping.body["properties"]["rating_average"] == {"type": "float"}
    assert fake.documents["ocop-products-1"]["7"]["rating_count"] == 12


def test_the_index_prefix_names_the_alias(fake):
    ElasticsearchBackend(client=fake, index_prefix="staging").index([document()])

    assert fake.requests[0].path == "/staging-products"
    assert fake.calls("bulk")[0].body[0] == {"index": {"_index": "staging-products", "_id": "7"}}


def test_remove_deletes_in_bulk_and_ignores_products_never_indexed(es_backend, fake):
    es_backend.index([document(7), document(8)])

    assert es_backend.remove([7, 99]) == 1
    delete = fake.calls("bulk")[-1]
    assert delete.body == [
        {"delete": {"_index": "ocop-products", "_id": "7"}},
        {"delete": {"_index": "ocop-products", "_id": "99"}},
    ]
    assert delete.params == {"refresh": True}


def test_a_failed_write_raises(es_backend, fake):
    es_backend.index([document(7)])
    fake.aliases_of.clear()  # the index vanished: every action fails

    with pytest.raises(BulkIndexError):
        es_backend.index([document(8)])


def test_rebuild_loads_a_new_index_and_swaps_the_alias_atomically(es_backend, fake):
    fake.aliases_of["ocop-products-old"] = {"ocop-products"}
    fake.documents["ocop-products-old"] = {"1": {}}
    progress = []

    count = es_backend.rebuild((document(n) for n in range(1, 1203)), progress=progress.append)

    assert count == 1202
    assert progress == [500, 500, 202]
    endpoints = fake.endpoints()
    assert endpoints == [
        "indices.create",
        *["bulk"] * 3,
        "indices.put_settings",
        "indices.refresh",
        "indices.exists_alias",
        "indices.get_alias",
        "indices.update_aliases",
        "indices.delete",
    ]
    create = fake.calls("indices.create")[0]
    new = create.path.strip("/")
    assert new.startswith("ocop-products-") and new != "ocop-products-old"
    assert create.body["settings"]["refresh_interval"] == "-1"  # no refreshes while loading
    assert "aliases" not in create.body
    for bulk in fake.calls("bulk"):
        assert bulk.params == {"refresh": False}
        assert {line["index"]["_index"] for line in bulk.body[::2]} == {new}
    assert fake.calls("indices.put_settings")[0].body == {"index": {"refresh_interval": None}}
    assert fake.calls("indices.update_aliases")[0].body == {
        "actions": [
            {"remove": {"index": "ocop-products-old", "alias": "ocop-products"}},
            {"add": {"index": new, "alias": "ocop-products", "is_write_index": True}},
        ]
    }
    assert fake.calls("indices.delete")[0].path == "/ocop-products-old"
    assert fake.aliases_of == {new: {"ocop-products"}}
    assert len(fake.documents[new]) == 1202

    es_backend.index([document(5000)])  # later writes go through the alias to the new index
    assert "5000" in fake.documents[new]


def test_the_first_rebuild_replaces_a_plain_index_named_like_the_alias(es_backend, fake):
    fake.aliases_of["ocop-products"] = set()  # auto-created once, without an alias
    fake.documents["ocop-products"] = {}

    es_backend.rebuild([document(7)], progress=None)

    new = fake.calls("indices.create")[0].path.strip("/")
    assert fake.calls("indices.update_aliases")[0].body == {
        "actions": [
            {"remove_index": {"index": "ocop-products"}},
            {"add": {"index": new, "alias": "ocop-products", "is_write_index": True}},
        ]
    }
    assert not fake.calls("indices.delete")
    assert fake.aliases_of == {new: {"ocop-products"}}


def test_a_failed_rebuild_drops_its_new_index_and_keeps_the_old_one(es_backend, fake):
    fake.aliases_of["ocop-products-old"] = {"ocop-products"}
    fake.documents["ocop-products-old"] = {}

    def documents():
        yield document(7)
        raise RuntimeError("the catalogue query failed")

    with pytest.raises(RuntimeError):
        es_backend.rebuild(documents(), progress=None)

    new = fake.calls("indices.create")[0].path.strip("/")
    assert fake.calls("indices.delete")[0].path == f"/{new}"
    assert not fake.calls("indices.update_aliases")
    assert fake.aliases_of == {"ocop-products-old": {"ocop-products"}}


# -- the client, from settings ------------------------------------------------------------------


def test_the_backend_is_built_from_settings_without_connecting(settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://search.internal:9200"
    settings.ELASTICSEARCH_INDEX_PREFIX = "ocop-test"

    es_backend = get_backend()

    assert isinstance(es_backend, ElasticsearchBackend)
    assert es_backend.alias == "ocop-test-products"
    assert es_backend._client is None  # nothing made, nothing connected
    client = es_backend.client
    assert client is es_backend.client
    assert [node.host for node in client.transport.node_pool.all()] == ["search.internal"]


def test_without_a_url_the_backend_says_what_is_missing_when_used(settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = ""

    es_backend = get_backend()

    with pytest.raises(ImproperlyConfigured, match="ELASTICSEARCH_URL"):
        es_backend.index([document()])


# -- answers re-checked against the live database -----------------------------------------------


@pytest.fixture
def rows(db):
    """Three public products, one archived, one of a suspended producer."""
    active = VendorFactory(name="HTX Miến dong Côn Minh")
    suspended = VendorFactory(status=Vendor.Status.SUSPENDED)
    return {
        "public": [ProductFactory(vendor=active, name=f"Miến dong {n}") for n in range(3)],
        "archived": ProductFactory(vendor=active, status=Product.Status.ARCHIVED),
        "suspended": ProductFactory(vendor=suspended),
        "vendor": active,
        "suspended_vendor": suspended,
    }


def test_search_drops_ids_the_live_database_no_longer_shows(es_backend, fake, rows):
    public = [p.pk for p in rows["public"]]
    archived, suspended = rows["archived"].pk, rows["suspended"].pk
    deleted = max([*public, archived, suspended]) + 100
    fake.search_responses.append(
        search_response([public[0], archived, public[1], deleted, suspended, public[2]], total=40)
    )

    result = es_backend.search(SearchRequest(query="mien dong", limit=2))

    assert result.product_ids == public[:2]
    assert result.total == 37  # the three hidden ids seen are taken off
    (search,) = fake.calls("search")
    assert search.path == "/ocop-products/_search"
    assert search.params == {"ignore_unavailable": True}
    assert search.body["size"] == 2 + 4  # a few more than asked, to fill the page
    assert search.body == search_body(
        SearchRequest(query="mien dong", limit=2),
        today=timezone.localdate(),
        size=6,
        exclusions=Exclusions(
            product_ids=frozenset({archived}), vendor_ids=frozenset({rows["suspended_vendor"].pk})
        ),
    )


def test_the_query_leaves_out_what_the_live_rows_hide_before_any_reindexing(es_backend, fake, rows):
    archived, unpublished = rows["archived"], rows["public"][0]
    Product.objects.filter(pk=unpublished.pk).update(status=Product.Status.DRAFT)  # no mark

    es_backend.search(SearchRequest())
    es_backend.facets("", SearchFilters())
    es_backend.suggest("mien")

    hidden = [
        {"ids": {"values": [str(pk) for pk in sorted([archived.pk, unpublished.pk])]}},
        {"terms": {"vendor_id": [str(rows["suspended_vendor"].pk)]}},
    ]
    search, facets, suggest = fake.calls("search")
    assert search.body["query"]["function_score"]["query"]["bool"]["must_not"] == hidden
    assert facets.body["query"]["bool"]["must_not"] == hidden
    assert suggest.body["query"]["bool"]["must_not"] == hidden
    public = suggest.body["aggs"]["catalogue"]["aggs"]["public"]["filter"]
    assert public["bool"]["must_not"] == hidden


def test_past_a_bound_only_the_hidden_rows_marked_for_reindexing_are_sent(
    es_backend, fake, rows, monkeypatch
):
    monkeypatch.setattr(live, "MAX_HIDDEN", 1)
    draft = ProductFactory(vendor=rows["vendor"], status=Product.Status.DRAFT)
    Product.mark_for_reindex([draft])

    es_backend.search(SearchRequest())

    must_not = fake.calls("search")[0].body["query"]["function_score"]["query"]["bool"]
    assert must_not["must_not"] == [
        {"ids": {"values": [str(draft.pk)]}},
        {"terms": {"vendor_id": [str(rows["suspended_vendor"].pk)]}},
    ]


def test_search_when_nothing_is_indexed_yet(es_backend, fake, db):
    fake.search_responses.append({"hits": {"total": {"value": 0}, "hits": []}})

    assert es_backend.search(SearchRequest(query="che")).product_ids == []


def _buckets(*pairs, as_string=False):
    buckets = []
    for key, count in pairs:
        bucket = {"key": key, "doc_count": count}
        if as_string:
            bucket = {"key": 1 if key == "true" else 0, "key_as_string": key, "doc_count": count}
        buckets.append(bucket)
    return {"buckets": buckets}


def _facet(*pairs, **kwargs):
    return {"doc_count": sum(n for _k, n in pairs), "values": _buckets(*pairs, **kwargs)}


def test_facets_are_counted_in_one_request_and_labelled_from_the_database(es_backend, fake, rows):
    tea = Category.objects.get(level=Category.Level.PRODUCT_SET, code="I.5.a")
    tea_group = tea.parent
    food = tea.parent.parent
    vendor, suspended = rows["vendor"], rows["suspended_vendor"]
    other = VendorFactory(name="HTX Chè Shan tuyết")
    fake.search_responses.append(
        search_response(
            [],
            aggregations={
                "sectors": _facet((str(food.pk), 5)),
                "product_sets": _facet((str(tea.pk), 5)),
                "provinces": _facet(("14", 4), ("19", 1)),
                "stars": _facet((4, 3), (5, 1)),
                "vendors": _facet((str(vendor.pk), 3), (str(suspended.pk), 1), (str(other.pk), 1)),
                "chosen_vendors": _facet(),
                "price_buckets": {
                    "doc_count": 5,
                    "values": {
                        "buckets": [
                            {"key": "-50000", "to": 50000.0, "doc_count": 0},
                            {
                                "key": "50000-100000",
                                "from": 50000.0,
                                "to": 100000.0,
                                "doc_count": 2,
                            },
                            {
                                "key": "100000-200000",
                                "from": 100000.0,
                                "to": 200000.0,
                                "doc_count": 3,
                            },
                            {
                                "key": "200000-500000",
                                "from": 200000.0,
                                "to": 500000.0,
                                "doc_count": 0,
                            },
                            {"key": "500000-", "from": 500000.0, "doc_count": 0},
                        ]
                    },
                },
                "in_stock": _facet(("true", 4), ("false", 1), as_string=True),
            },
        )
    )
    filters = SearchFilters(
        category_ids=frozenset({food.pk, tea_group.pk, tea.pk}),
        province_codes=frozenset({"14", "01"}),
        stars=frozenset({3}),
        vendor_ids=frozenset({other.pk}),
        price_gte=None,
        price_lte=49_999,
        in_stock=True,
    )

    facets = es_backend.facets("chè", filters)

    (search,) = fake.calls("search")
    hidden = Exclusions(
        product_ids=frozenset({rows["archived"].pk}), vendor_ids=frozenset({suspended.pk})
    )
    assert search.body == facets_body("chè", filters, today=timezone.localdate(), exclusions=hidden)
    assert [(v.key, v.label, v.count, v.selected) for v in facets.sectors] == [
        (str(food.pk), food.name, 5, True)
    ]
    assert [(v.key, v.count, v.selected) for v in facets.product_sets] == [(str(tea.pk), 5, True)]
    hanoi = Province.objects.get(code="01").short_name
    assert [(v.key, v.label, v.count, v.selected) for v in facets.provinces] == [
        ("14", "Sơn La", 4, True),
        ("19", "Thái Nguyên", 1, False),
        ("01", hanoi, 0, True),  # chosen, so listed to be unchosen
    ]
    assert [(v.key, v.label, v.count, v.selected) for v in facets.stars] == [
        ("5", "★★★★★", 1, False),
        ("4", "★★★★", 3, False),
        ("3", "★★★", 0, True),
    ]
    # The suspended producer's stale count is dropped; the chosen one is marked.
    assert [(v.key, v.label, v.count, v.selected) for v in facets.vendors] == [
        (str(vendor.pk), vendor.name, 3, False),
        (str(other.pk), other.name, 1, True),
    ]
    assert [(v.key, v.count, v.selected) for v in facets.price_buckets] == [
        ("-50000", 0, True),
        ("50000-100000", 2, False),
        ("100000-200000", 3, False),
    ]
    assert [v.label for v in facets.price_buckets] == [
        f"< {format_vnd(50_000)}",
        f"{format_vnd(50_000)} – {format_vnd(100_000)}",
        f"{format_vnd(100_000)} – {format_vnd(200_000)}",
    ]
    assert [(v.key, v.label, v.count, v.selected) for v in facets.in_stock] == [
        ("true", "✓", 4, True),
        ("false", "✗", 1, False),
    ]


def test_facets_when_nothing_is_indexed(es_backend, fake, db):
    fake.search_responses.append({"hits": {"total": {"value": 0}, "hits": []}})

    facets = es_backend.facets("", SearchFilters())

    assert facets.sectors == facets.vendors == facets.price_buckets == facets.in_stock == []


def _catalogue_counts(*, sectors=(), groups=(), product_sets=(), provinces=()):
    def terms(pairs):
        return _buckets(*pairs)

    return {
        "doc_count": 100,
        "public": {
            "doc_count": 90,
            "sectors": terms(sectors),
            "groups": terms(groups),
            "product_sets": terms(product_sets),
            "provinces": terms(provinces),
        },
    }


def test_suggestions_for_a_pre_2025_province_lead_to_today_s(es_backend, fake, db):
    fake.search_responses.append(
        search_response(
            [],
            aggregations={
                "vendors": _facet(),
                "catalogue": _catalogue_counts(provinces=[("19", 12), ("14", 30)]),
            },
        )
    )

    suggestions = es_backend.suggest("bac kan")

    assert suggestions == [Suggestion(kind="province", label="Bắc Kạn", target="19")]
    (search,) = fake.calls("search")
    assert search.body == suggest_body("bac kan", limit=8, today=timezone.localdate())


def test_suggestions_mix_kinds_from_the_index_and_the_reference_tables(es_backend, fake, rows):
    tea = Category.objects.get(level=Category.Level.PRODUCT_SET, code="I.5.a")
    vendor = rows["vendor"]
    products = rows["public"]
    for n, product in enumerate(products):
        product.name = f"Miến dong loại {n}"
        product.save()
    archived = rows["archived"]
    hits = [products[0].pk, archived.pk, products[1].pk, products[2].pk]
    fake.search_responses.append(
        search_response(
            hits,
            sorts=[[5, 1, "a", 1], [5, 1, "b", 2], [0, 1, "c", 3], [0, 0, "d", 4]],
            aggregations={
                "vendors": _facet((str(vendor.pk), 3)),
                "catalogue": _catalogue_counts(
                    sectors=[(str(tea.parent.parent.pk), 9)],
                    groups=[(str(tea.parent.pk), 9)],
                    product_sets=[(str(tea.pk), 9)],
                    provinces=[("14", 9)],
                ),
            },
        )
    )

    suggestions = es_backend.suggest("mien", limit=4)

    # No category or province is named "mien…"; the producer first, then the products by stars,
    # availability and name length; at most half of them products while others have some.
    assert suggestions == [
        Suggestion("vendor", vendor.name, vendor.slug),
        Suggestion("product", "Miến dong loại 0", products[0].slug),
        Suggestion("product", "Miến dong loại 1", products[1].slug),
        Suggestion("product", "Miến dong loại 2", products[2].slug),
    ]


def test_suggestions_of_categories_and_provinces_need_public_products(es_backend, fake, db):
    tea = Category.objects.get(level=Category.Level.PRODUCT_SET, code="I.5.a")
    fake.search_responses.append(
        search_response(
            [],
            aggregations={
                "vendors": _facet(),
                "catalogue": _catalogue_counts(
                    product_sets=[(str(tea.pk), 3)], groups=[(str(tea.parent.pk), 3)]
                ),
            },
        )
    )

    suggestions = es_backend.suggest("che")

    assert {(s.kind, s.target) for s in suggestions} == {
        ("category", tea.slug),
        ("category", tea.parent.slug),
    }


def test_no_suggestion_request_without_words(es_backend, fake, db):
    assert es_backend.suggest("  *:() ") == []
    assert es_backend.suggest("che", limit=0) == []
    assert fake.requests == []


def test_suggestions_of_unpublished_products_and_suspended_producers_are_dropped(
    es_backend, fake, rows
):
    suspended = rows["suspended"]
    suspended.name = "Chè Shan tuyết Mộc Châu"
    suspended.save()
    fake.search_responses.append(
        search_response(
            [suspended.pk],
            sorts=[[4, 1, "che", suspended.pk]],
            aggregations={
                "vendors": _facet((str(rows["suspended_vendor"].pk), 1)),
                "catalogue": _catalogue_counts(),
            },
        )
    )

    assert es_backend.suggest("che shan") == []


def test_a_product_document_from_the_catalogue_indexes(es_backend, fake, db):
    from search.documents import build_documents

    product = ProductFactory(origin_commune=commune("01843"))  # Phường Bắc Kạn

    (built,) = build_documents([product.pk])
    es_backend.index([built])

    source = fake.calls("bulk")[0].body[1]
    assert source["province_code"] == "19"
    assert source["legacy_province_names"] == ["Bắc Kạn"]
    assert source["is_public"] is True
