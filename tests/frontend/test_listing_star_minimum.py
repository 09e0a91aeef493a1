"""The OCOP star facet of the listing is a minimum: "from 3★ / 4★ / 5★", one choice."""

import datetime
import re

import pytest
from django.http import QueryDict

from frontend_templates.browse import Catalogue, ListingState, search_filters
from search.backends import get_backend
from search.backends.elasticsearch.queries import filter_clauses
from search.services import rebuild_index
from tests.factories import CertificateFactory, ProductFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db

SCORES = {3: 60, 4: 75, 5: 95}


@pytest.fixture
def starred(settings):
    settings.SEARCH_BACKEND = "database"
    get_backend.cache_clear()
    for stars in (3, 4, 5):
        level = "central" if stars == 5 else "province"
        certificate = CertificateFactory(stars=stars, score=SCORES[stars], level=level)
        product = ProductFactory(
            vendor=certificate.vendor, certificate=certificate, name=f"Sản phẩm {stars} sao"
        )
        ProductVariantFactory(product=product)
    ProductVariantFactory(product=ProductFactory(name="Chưa có sao"))
    rebuild_index()
    yield
    get_backend.cache_clear()


def names(response) -> set[str]:
    return set(re.findall(r"<h3[^>]*>(.*?)</h3>", response.content.decode()))


def test_from_four_stars_includes_four_and_five(client, starred):
    response = client.get("/san-pham/", {"stars": "4"})

    assert names(response) == {"Sản phẩm 4 sao", "Sản phẩm 5 sao"}
    page = response.content.decode()
    assert 'type="radio" id="f-stars-4" name="stars" value="4" checked' in page


def test_from_three_is_every_certified_product_and_five_only_five(client, starred):
    assert names(client.get("/san-pham/", {"stars": "3"})) == {
        "Sản phẩm 3 sao",
        "Sản phẩm 4 sao",
        "Sản phẩm 5 sao",
    }
    assert names(client.get("/san-pham/", {"stars": "5"})) == {"Sản phẩm 5 sao"}


def test_the_options_count_what_each_minimum_shows(client, starred):
    page = client.get("/san-pham/", {"stars": "5"}).content.decode()
    facet = re.search(r'<fieldset class="facet facet-stars">.*?</fieldset>', page, re.S).group(0)

    # Counts ignore the stars filter itself: 3+4+5, 4+5, 5.
    for minimum, count in ((3, 3), (4, 2), (5, 1)):
        assert re.search(
            rf'id="f-stars-{minimum}".*?Từ {minimum}★</span>'
            rf'<span class="visually-hidden">Từ {minimum} sao trở lên</span> '
            rf'<span class="count">\({count}\)',
            facet,
            re.S,
        )
    assert 'type="radio"' in facet and 'type="checkbox"' not in facet
    # A radio cannot be unticked: a way back to any stars.
    assert 'name="stars" value="" data-autosubmit>' in facet and "Mọi hạng sao" in facet
    # The chip says the minimum and removes it.
    assert re.search(r'<a class="chip" href="/san-pham/\?">Từ 5 sao trở lên', page)


def test_an_old_link_with_exact_values_redirects_to_its_lowest(client, starred):
    response = client.get("/san-pham/?q=san+pham&stars=5&stars=4&sort=name")

    assert response.status_code == 301
    assert response["Location"] == "/san-pham/?q=san+pham&stars=4&sort=name"
    # One exact value from before is read as the minimum: still a page, never an error.
    assert names(client.get("/san-pham/", {"stars": "4"})) == {"Sản phẩm 4 sao", "Sản phẩm 5 sao"}


def test_a_minimum_is_the_backends_stars_filter_from_it_up():
    state = ListingState.from_query(QueryDict("stars=4"))
    assert state.stars == 4 and state.query_string() == "?stars=4"
    assert search_filters(state, Catalogue()).stars == frozenset({4, 5})
    assert search_filters(ListingState(), Catalogue()).stars == frozenset()
    assert ListingState.from_query(QueryDict("stars=9")).stars is None
    assert ListingState.from_query(QueryDict("stars=abc")).stars is None


def test_the_elasticsearch_backend_gets_the_minimum_as_its_stars_filter():
    """Both backends take the minimum as the set of star values from it up (the database
    backend is exercised above): a verified, current certificate of 4 or 5 stars."""
    filters = search_filters(ListingState.from_query(QueryDict("stars=4")), Catalogue())
    clause = filter_clauses(filters, datetime.date(2026, 12, 4))["stars"]

    assert clause["bool"]["filter"][0] == {"terms": {"stars": [4, 5]}}
    assert clause["bool"]["filter"][1] == {"range": {"stars_valid_until": {"gte": "2026-12-04"}}}
