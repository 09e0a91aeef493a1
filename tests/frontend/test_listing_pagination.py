"""Numbered pages ("1 … 4 5 6 … 20") and the fragment the script swaps in."""

import re

import pytest

from frontend_templates.browse import PAGE_SIZE
from frontend_templates.page_numbers import page_links
from search.backends import get_backend
from search.services import rebuild_index
from tests.factories import ProductFactory, ProductVariantFactory, VendorFactory, commune

pytestmark = pytest.mark.django_db(databases=["default"])


def shown(current, num_pages):
    return [link.number or "…" for link in page_links(current, num_pages, lambda n: f"?page={n}")]


def test_page_numbers_with_gaps():
    assert shown(5, 20) == [1, "…", 4, 5, 6, "…", 20]
    assert shown(1, 20) == [1, 2, "…", 20]
    assert shown(20, 20) == [1, "…", 19, 20]
    assert shown(3, 20) == [1, 2, 3, 4, "…", 20]  # "1 … 2" would hide one page behind "…"
    assert shown(2, 3) == [1, 2, 3]
    assert shown(1, 1) == []
    current = [link for link in page_links(5, 20, str) if link.current]
    assert [link.number for link in current] == [5]


@pytest.fixture
def many(settings):
    settings.SEARCH_BACKEND = "database"
    get_backend.cache_clear()
    vendor = VendorFactory(commune=commune("02185"))
    for n in range(PAGE_SIZE * 5 + 3):  # six pages
        product = ProductFactory(vendor=vendor, name=f"Miến dong {n:03d}", slug=f"mien-{n:03d}")
        ProductVariantFactory(product=product, price=50_000 + n)
    rebuild_index()
    yield
    get_backend.cache_clear()


def test_the_listing_shows_page_numbers_current_prev_and_next(client, many):
    page = client.get("/san-pham/", {"sort": "price", "page": "5"}).content.decode()
    nav = re.search(r'<nav class="pagination".*?</nav>', page, re.S).group(0)

    assert re.search(r"<ol>", nav)
    numbers = re.findall(r"<li[^>]*><a[^>]*>(\d+)</a></li>", nav)
    assert numbers == ["1", "4", "5", "6"]  # 1 … 4 5 6
    assert '<li class="pagination-gap"><span aria-hidden="true">…</span></li>' in nav
    assert '<a aria-current="page" href="/san-pham/?sort=price&amp;page=5">5</a>' in nav
    assert 'href="/san-pham/?sort=price&amp;page=4" rel="prev"' in nav
    assert 'href="/san-pham/?sort=price&amp;page=6" rel="next"' in nav
    assert 'aria-label="Các trang (trang 5/6)"' in nav
    assert 'href="/san-pham/?sort=price"' in nav  # page 1 has no page= in its URL


def test_the_partial_response_is_only_the_listing_region(
    client, many, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get("/san-pham/", {"sort": "price", "page": "2", "partial": "1"})
    fragment = response.content.decode()

    assert response.status_code == 200
    assert fragment.lstrip().startswith('<div class="listing-fragment"')
    for whole_page_only in ("<html", "<head", "<header", "<footer", "<script", "site-search"):
        assert whole_page_only not in fragment
    assert fragment.count('class="product-card"') == PAGE_SIZE
    assert 'data-listing-url="/san-pham/?sort=price&amp;page=2"' in fragment
    assert 'data-listing-count="123 sản phẩm"' in fragment
    assert '<nav class="pagination"' in fragment and 'class="filter-form"' in fragment
    # Its links are the page's own URLs: partial=1 never leaks into them.
    assert "partial" not in fragment

    whole = client.get("/san-pham/", {"sort": "price", "page": "2"}).content.decode()
    assert '<div id="listing-region" class="listing-region" data-listing-region>' in whole
    assert "data-listing-status" in whole and fragment.strip() in whole


def test_a_partial_past_the_end_redirects_to_a_partial(client, many):
    response = client.get("/san-pham/", {"sort": "price", "page": "99", "partial": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/san-pham/?sort=price&page=6&partial=1"
    old = client.get("/san-pham/", {"stars": ["4", "5"], "partial": "1"})
    assert old.status_code == 301 and old["Location"] == "/san-pham/?stars=4&partial=1"
