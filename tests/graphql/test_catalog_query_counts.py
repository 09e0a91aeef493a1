"""The SQL budget: a page of 100 costs the same number of queries as a page of 5, at most 10.

Each list prefetches what the query asks for once per page (and the taxonomy once per request),
so the count does not grow with the page, whoever asks.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import VendorFactory, commune
from tests.graphql.catalog_fixtures import (
    BA_DINH,
    MOC_CHAU,
    NA_RI,
    PRODUCT,
    PRODUCT_FIELDS,
    STOREFRONT,
    Status,
    listing,
    showroom,
)
from tests.graphql.client import sync_search_index

pytestmark = pytest.mark.django_db

BUDGET = 10
CATEGORIES = """
query($first: Int) {
  categories(first: $first) {
    totalCount
    edges { node {
      id code name nameEn slug level productCount parent { id name parent { id name } }
      children { id name slug productCount children { id name productCount } }
    } }
  }
}"""
VENDOR_PRODUCTS = """
query($slug: String, $first: Int) {
  vendor(slug: $slug) {
    id name
    products(first: $first) { totalCount edges { node { PRODUCT_FIELDS } } }
  }
}""".replace("PRODUCT_FIELDS", PRODUCT_FIELDS)
SHOWROOMS = """
query($first: Int) {
  showrooms(first: $first) {
    edges { node { id name kind streetAddress province { code name legacyNames }
                   commune { code name formerProvinceName } } }
  }
}"""


@pytest.fixture
def big_catalogue(vendor, other_vendor):
    """24 published products of two producers, everything a card shows filled in, and a few
    that nobody outside their producer sees."""
    origins = [NA_RI, MOC_CHAU, BA_DINH]
    for number in range(24):
        listing(
            vendor if number % 2 else other_vendor,
            f"Sản phẩm OCOP {number:02d}",
            category=["I.3.b", "I.5.a", "II.1.a", "I.6"][number % 4],
            origin=origins[number % 3],
            stars=[None, 3, 4, 5][number % 4],
            expired=number % 8 == 1,
            prices=(10_000 * (number + 1), 20_000 * (number + 1)),
            stock=(number % 3, 5),
            images=number % 3,
            review_note="ok",
        )
    for number in range(3):
        listing(vendor, f"Nháp {number}", status=Status.DRAFT, stars=4, images=1, stock=(1,))
    VendorFactory(commune=commune(NA_RI))


def count_queries(client, query: str, variables: dict) -> int:
    """The request's queries only: the search index is brought up to date before counting."""
    sync_search_index()
    client.sync_search = False
    with CaptureQueriesContext(connection) as queries:
        client.execute(query, variables)
    return len(queries.captured_queries)


def pages_cost_the_same(client, query, variables, total_items: int):
    small = count_queries(client, query, {**variables, "first": 5})
    large = count_queries(client, query, {**variables, "first": 100})
    assert total_items > 5
    assert small == large, f"first: 5 took {small} queries, first: 100 took {large}"
    assert large <= BUDGET, f"{large} queries; the budget is {BUDGET}"
    return large


@pytest.mark.parametrize("viewer", ["anonymous", "shopper", "owner", "staff"])
def test_the_full_storefront_product_query_costs_the_same_for_5_and_100(
    gql, big_catalogue, request, viewer
):
    user = None if viewer == "anonymous" else request.getfixturevalue(viewer)
    client = gql(user)
    variables = {"filter": {"statuses": ["PUBLISHED", "DRAFT"]}} if viewer == "owner" else {}
    pages_cost_the_same(client, STOREFRONT, variables, total_items=24)


def test_filters_search_and_sorting_do_not_change_the_budget(gql, big_catalogue):
    variables = {
        "search": "san pham ocop",
        "filter": {
            "categories": ["I"],
            "provinces": ["Bắc Kạn", "Hà Nội", "14"],
            "stars": [3, 4, 5],
            "price": {"gte": 1, "lte": 10_000_000},
            "inStock": True,
        },
        "sortBy": {"field": "PRICE", "direction": "DESC"},
    }
    data = gql().execute(STOREFRONT, {**variables, "first": 100})
    assert data["products"]["totalCount"] > 5
    pages_cost_the_same(gql(), STOREFRONT, variables, data["products"]["totalCount"])


def test_vendor_products_cost_the_same_for_5_and_100(gql, big_catalogue, vendor, owner):
    pages_cost_the_same(gql(), VENDOR_PRODUCTS, {"slug": vendor.slug}, total_items=12)
    pages_cost_the_same(gql(owner), VENDOR_PRODUCTS, {"slug": vendor.slug}, total_items=12)


def test_categories_with_children_and_counts_cost_the_same_for_5_and_100(gql, big_catalogue):
    # 49 categories: sectors, groups and product sets.
    count = pages_cost_the_same(gql(), CATEGORIES, {}, total_items=49)
    assert count == 2  # the taxonomy, and the product counts of every category


def test_one_product_with_every_field_stays_within_budget(gql, big_catalogue, vendor):
    slug = vendor.products.filter(status=Status.PUBLISHED).first().slug
    assert count_queries(gql(), PRODUCT, {"slug": slug}) <= 5


def test_showrooms_cost_the_same_for_5_and_100(gql):
    for number in range(8):
        showroom(f"Điểm OCOP {number}", [NA_RI, MOC_CHAU][number % 2])
    assert pages_cost_the_same(gql(), SHOWROOMS, {}, total_items=8) <= 3
