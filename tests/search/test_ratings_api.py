"""Ratings in the GraphQL API: `products(sortBy: BEST_RATED | BEST_SELLING, filter: {rating})`
and `productFacets { rating }`, for shoppers (the search backend) and staff (the database), and
what they cost in queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import StaffFactory
from tests.graphql.catalog_fixtures import NAMES, STOREFRONT
from tests.search.test_ratings import RATINGS, rate

FACETS = """
query Facets($search: String, $filter: ProductFilterInput) {
  productFacets(search: $search, filter: $filter) {
    rating { key label count selected }
    inStock { key count }
  }
}"""


def names(data) -> list[str]:
    return [edge["node"]["name"] for edge in data["products"]["edges"]]


def keys(catalogue, found: list[str]) -> list[str]:
    by_name = {product.name: key for key, product in catalogue.products.items()}
    return [by_name[name] for name in found]


def listed(gql, catalogue, user=None, **variables) -> list[str]:
    client = gql(user)
    client.sync_search = False  # the catalogue fixture indexed it, ratings included
    return keys(catalogue, names(client.execute(NAMES, {"first": 50, **variables})))


@pytest.fixture
def rated(catalogue):
    rate(catalogue, {**RATINGS, "mien_phu_tho": (1, 5.0, 0), "bun_mien": (5, 4.0, 900)})
    return catalogue


@pytest.mark.parametrize("viewer", ["shopper", "staff"])
def test_best_rated_in_the_api(gql, rated, viewer):
    user = StaffFactory() if viewer == "staff" else None
    found = listed(gql, rated, user, sortBy={"field": "BEST_RATED"})
    # m = 1146 / 250 reviews = 4.58: 200 × 4.8 scores 4.75, one 5★ review 4.60, a product
    # without reviews 4.58 (the five in the middle, by name), 12 × 4.5 scores 4.55, 5 × 4.0
    # 4.47, 2 × 2.5 4.39 and 30 × 3.4 3.87.
    assert found[:2] == ["nuoc_mam", "mien_phu_tho"]
    assert found[-4:] == ["mien_bac_kan", "bun_mien", "banh_da", "che_shan"]


@pytest.mark.parametrize("viewer", ["shopper", "staff"])
def test_best_selling_and_from_4_stars_in_the_api(gql, rated, viewer):
    user = StaffFactory() if viewer == "staff" else None
    best_selling = listed(gql, rated, user, sortBy={"field": "BEST_SELLING"})
    from_4 = listed(gql, rated, user, filter={"rating": 4}, sortBy={"field": "NAME"})
    assert best_selling[0] == "bun_mien"
    assert from_4 == ["bun_mien", "mien_bac_kan", "mien_phu_tho", "nuoc_mam"]


def test_the_rating_facet_in_the_api(gql, rated):
    client = gql()
    client.sync_search = False
    facets = client.execute(FACETS, {"filter": {"rating": 4}})["productFacets"]
    assert facets["rating"] == [
        {"key": "4", "label": "≥ 4★", "count": 4, "selected": True},
        {"key": "3", "label": "≥ 3★", "count": 5, "selected": False},
    ]
    assert sum(v["count"] for v in facets["inStock"]) == 4  # the others are narrowed


def cost(gql, query, variables) -> int:
    client = gql()
    client.sync_search = False
    with CaptureQueriesContext(connection) as queries:
        client.execute(query, variables)
    return len(queries.captured_queries)


def test_the_new_sorts_filter_and_facet_cost_no_more_queries(gql, rated):
    before = cost(gql, STOREFRONT, {"first": 24, "sortBy": {"field": "PRICE"}})
    for sort in ("BEST_RATED", "BEST_SELLING"):
        variables = {"first": 24, "sortBy": {"field": sort}, "filter": {"rating": 3}}
        assert cost(gql, STOREFRONT, variables) == before
    plain = cost(gql, FACETS, {})
    assert cost(gql, FACETS, {"filter": {"rating": 4}}) == plain
