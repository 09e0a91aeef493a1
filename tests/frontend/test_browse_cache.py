"""Browsing without search words (home, listing) is answered from a short-lived cache of the
search backend's facet counts and result pages, and of the home page's product rows: the same
for every visitor, so a busy catalogue counts its 20,000 documents once a minute, not per
request. Writing the index starts afresh, so an indexed product shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import browse_cache
from search.backends import get_backend
from search.backends.base import SearchFilters
from search.services import rebuild_index
from tests.search.catalogue import MUONG_CHANH, PUBLIC, build_catalogue, listing

pytestmark = pytest.mark.django_db

INDEX_TABLE = "search_productsearchdocument"


@pytest.fixture
def catalogue(settings):
    settings.SEARCH_BACKEND = "database"
    settings.STOREFRONT_BROWSE_CACHE_SECONDS = 60
    get_backend.cache_clear()
    built = build_catalogue()
    rebuild_index()
    yield built
    get_backend.cache_clear()


def index_reads(client, url: str) -> tuple[int, str]:
    """(statements that read the search index, the page) for one GET of `url`."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    reads = sum(INDEX_TABLE in query["sql"] for query in queries.captured_queries)
    return reads, response.content.decode()


def test_the_unfiltered_listing_counts_the_index_once_for_every_visitor(client, catalogue):
    first, page = index_reads(client, "/san-pham/")
    again, page_again = index_reads(client, "/san-pham/")

    assert first >= 2  # the page of results and the facet counts
    assert again == 0
    assert page_again.count('class="product-card"') == page.count('class="product-card"')


def test_a_product_indexed_after_a_cached_page_shows_at_once(client, catalogue):
    client.get("/san-pham/?province=38")
    client.get("/")
    vendor = catalogue["nuoc_mam"].vendor
    listing(vendor, "Nước mắm cốt nhĩ mới", origin=MUONG_CHANH, category="I.3.b", prices=[90_000])

    rebuild_index()

    assert "Nước mắm cốt nhĩ mới" in client.get("/san-pham/?province=38").content.decode()
    newest = client.get("/").content.decode()
    assert "Nước mắm cốt nhĩ mới" in newest


def test_searches_with_words_are_not_cached(client, catalogue):
    index_reads(client, "/san-pham/?q=mien+dong")
    again, page = index_reads(client, "/san-pham/?q=mien+dong")

    assert again >= 2
    assert "Miến dong Bắc Kạn" in page


def test_no_cache_when_its_time_is_zero(client, catalogue, settings):
    settings.STOREFRONT_BROWSE_CACHE_SECONDS = 0
    index_reads(client, "/san-pham/")
    again, _ = index_reads(client, "/san-pham/")

    assert again >= 2


def test_equal_filters_share_an_answer_whatever_their_order(catalogue):
    chosen = [catalogue[key].category_id for key in PUBLIC]
    forwards = SearchFilters(category_ids=frozenset(chosen), province_codes=frozenset({"01", "38"}))
    backwards = SearchFilters(
        category_ids=frozenset(reversed(chosen)), province_codes=frozenset({"38", "01"})
    )
    counted = browse_cache.facets("", forwards)

    with CaptureQueriesContext(connection) as queries:
        again = browse_cache.facets("", backwards)

    assert not queries.captured_queries
    assert again == counted


def test_home_rows_and_counts_come_from_the_cache_the_second_time(client, catalogue):
    with CaptureQueriesContext(connection) as first:
        page = client.get("/").content.decode()
    with CaptureQueriesContext(connection) as again:
        page_again = client.get("/").content.decode()

    # The cards, the taxonomy and the showrooms are read each time; the rows' ids and the
    # sector and province counts are not.
    assert len(again) <= len(first) - 4
    assert page_again.count('class="product-card"') == page.count('class="product-card"')
