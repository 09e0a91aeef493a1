"""Buyers' ratings in the Elasticsearch backend, without a server (through FakeElasticsearch):
the document's fields, the sorts, the rank boost and the rating filter and facet in the
bodies sent, the answers read back, and the catalogue's mean taken from the live ratings."""

import datetime
from decimal import Decimal

import pytest

from reviews.models import ProductRating
from search.backends.base import SearchFilters, SearchRequest
from search.backends.elasticsearch import ElasticsearchBackend
from search.backends.elasticsearch.mapping import source_for
from search.backends.elasticsearch.queries import facets_body, search_body
from search.backends.elasticsearch.results import facets_from
from search.ranking import SCORE_PAINLESS
from tests.factories import ProductFactory
from tests.search.elasticsearch_fake import FakeElasticsearch, search_response
from tests.search.test_elasticsearch_backend import BY_ID, BY_NAME, document

TODAY = datetime.date(2025, 7, 1)
HAS_REVIEWS = {"range": {"rating_count": {"gt": 0}}}


def score(mean, order="desc"):
    return {
        "_script": {
            "type": "number",
            "order": order,
            "script": {
                "lang": "painless",
                "source": SCORE_PAINLESS,
                "params": {"mean": mean, "confidence": 20},
            },
        }
    }


def test_the_source_carries_the_rating_and_units_sold():
    source = source_for(document(rating_average=4.8, rating_count=200, sold_count=1234))
    assert (source["rating_average"], source["rating_count"], source["sold_count"]) == (
        4.8,
        200,
        1234,
    )


@pytest.mark.parametrize(
    ("sort", "descending", "expected"),
    [
        ("best_rated", None, [score(4.3), {"rating_count": {"order": "desc"}}, BY_NAME, BY_ID]),
        ("best_rated", False, [score(4.3, "asc"), {"rating_count": {"order": "asc"}}, BY_NAME,
                               BY_ID]),
        ("best_selling", None, [{"sold_count": {"order": "desc", "missing": "_last"}}, BY_NAME,
                                BY_ID]),
        ("best_selling", False, [{"sold_count": {"order": "asc", "missing": "_last"}}, BY_NAME,
                                 BY_ID]),
    ],
)  # fmt: skip
def test_best_rated_and_best_selling_sorts(sort, descending, expected):
    request = SearchRequest(query="mien", sort=sort, descending=descending)
    assert search_body(request, today=TODAY, mean=4.3)["sort"] == expected


def test_the_rank_adds_4_per_point_of_the_rating_score_with_the_mean_given():
    functions = search_body(SearchRequest(query="mien"), today=TODAY, mean=4.3)["query"][
        "function_score"
    ]["functions"]
    assert functions[-1] == {"script_score": {"script": score(4.3)["_script"]["script"]},
                             "weight": 4}  # fmt: skip


def test_the_rating_filter_needs_reviews_and_an_average_at_least_the_minimum():
    sent = search_body(SearchRequest(filters=SearchFilters(rating_gte=4)), today=TODAY)
    filters = sent["query"]["function_score"]["query"]["bool"]["filter"]
    assert filters[1:] == [
        {"bool": {"filter": [HAS_REVIEWS, {"range": {"rating_average": {"gte": 4}}}]}}
    ]


def test_the_rating_facet_leaves_out_its_own_filter_and_narrows_the_others():
    rating = {"bool": {"filter": [HAS_REVIEWS, {"range": {"rating_average": {"gte": 3}}}]}}
    stock = {"term": {"in_stock": True}}
    sent = facets_body("", SearchFilters(rating_gte=3, in_stock=True), today=TODAY)

    assert sent["aggs"]["rating"]["filter"] == {"bool": {"filter": [stock, HAS_REVIEWS]}}
    assert sent["aggs"]["provinces"]["filter"] == {"bool": {"filter": [stock, rating]}}
    assert sent["aggs"]["in_stock"]["filter"] == {"bool": {"filter": [rating]}}


def _rating(*pairs):
    buckets = [{"key": key, "from": float(key), "doc_count": n} for key, n in pairs]
    return {"doc_count": sum(n for _k, n in pairs), "values": {"buckets": buckets}}


def test_rating_buckets_read_back_with_labels_and_the_choice(db):
    facets = facets_from({"rating": _rating(("4", 3), ("3", 5))}, SearchFilters(rating_gte=3))
    assert [(v.key, v.label, v.count, v.selected) for v in facets.rating] == [
        ("4", "≥ 4★", 3, False),
        ("3", "≥ 3★", 5, True),
    ]
    nothing = facets_from({"rating": _rating(("4", 0), ("3", 0))}, SearchFilters(rating_gte=4))
    assert [(v.key, v.count, v.selected) for v in nothing.rating] == [("4", 0, True)]


@pytest.fixture
def fake():
    return FakeElasticsearch()


def test_the_search_takes_the_mean_from_the_live_ratings_once_then_from_the_cache(
    fake, db, django_assert_num_queries
):
    rated = [ProductFactory(), ProductFactory(), ProductFactory(status="archived")]
    ratings = [(1, "5.0"), (200, "4.8"), (50, "1.0")]
    for product, (count, average) in zip(rated, ratings, strict=True):
        ProductRating.objects.create(product=product, count=count, average=Decimal(average))
    backend = ElasticsearchBackend(client=fake, index_prefix="ocop")
    fake.search_responses += [search_response([]), search_response([])]
    request = SearchRequest(sort="best_rated")

    with django_assert_num_queries(3):  # the hidden rows (2), the mean (the archived left out)
        backend.search(request)
    with django_assert_num_queries(2):
        backend.search(request)

    first, second = fake.calls("search")
    sent = first.body["sort"][0]["_script"]["script"]["params"]["mean"]
    assert sent == pytest.approx((5 + 200 * 4.8) / 201)
    assert (
        first.body["query"]["function_score"]["functions"][-1]["script_score"]["script"]["params"][
            "mean"
        ]
        == sent
    )
    assert second.body == first.body


def test_without_any_review_the_mean_is_the_fixed_prior(fake, db):
    backend = ElasticsearchBackend(client=fake, index_prefix="ocop")
    backend.search(SearchRequest(sort="best_rated"))
    (sent,) = fake.calls("search")
    assert sent.body["sort"][0]["_script"]["script"]["params"]["mean"] == 4.0
