"""With the script, the listing's facets, sort and pages swap the results in place: the URL
follows (history API), Back and Forward restore each state, and the result count is announced."""

import re

import pytest

from search.backends import get_backend
from search.services import rebuild_index
from tests.factories import VendorFactory, commune
from tests.search.catalogue import BA_DINH, CON_MINH, VINH_CHAN, listing


@pytest.fixture
def page_language():
    return "en"


@pytest.fixture
def products(settings):
    settings.SEARCH_BACKEND = "database"
    get_backend.cache_clear()
    producer = VendorFactory(name="HTX Nông sản Côn Minh", commune=commune(CON_MINH))
    for name, origin, stars in [
        ("Miến dong Bắc Kạn", CON_MINH, 4),
        ("Miến dong Yên Bình", BA_DINH, 5),
        ("Miến dong Phú Thọ", VINH_CHAN, 3),
        ("Bún miến dong riềng", VINH_CHAN, None),
    ]:
        listing(producer, name, origin=origin, category="I.3.b", stars=stars, prices=(60_000,))
    rebuild_index()
    yield
    get_backend.cache_clear()


def product_links(page) -> set[str]:
    return set(page.locator(".product-card h3").all_inner_texts())


def test_a_facet_updates_results_and_url_without_a_reload_and_back_restores(
    desktop_page, shot, products
):
    page = desktop_page
    page.goto("/san-pham/")
    assert len(product_links(page)) == 4
    page.evaluate("window.__sameDocument = 'yes'")  # gone if the page were loaded again

    page.get_by_label(re.compile(r"From 4 stars")).check()
    page.wait_for_url(re.compile(r"/san-pham/\?stars=4$"))

    assert page.evaluate("window.__sameDocument") == "yes"
    assert product_links(page) == {"Miến dong Bắc Kạn", "Miến dong Yên Bình"}
    page.locator("[data-listing-status]", has_text="2 products").wait_for(state="attached")
    # The control the shopper used keeps the focus, ticked, in the new results' form.
    assert page.evaluate("document.activeElement.id") == "f-stars-4"
    assert page.get_by_label(re.compile(r"From 4 stars")).is_checked()
    assert page.title().startswith("Products")
    shot(page, "from-four-stars")

    page.get_by_label("Sort by").select_option("name")
    page.wait_for_url(re.compile(r"stars=4&sort=name$"))
    assert page.locator(".product-card h3").all_inner_texts() == [
        "Miến dong Bắc Kạn",
        "Miến dong Yên Bình",
    ]

    page.go_back()
    page.wait_for_url(re.compile(r"/san-pham/\?stars=4$"))
    page.go_back()
    page.wait_for_url(re.compile(r"/san-pham/$"))
    page.locator(".product-card").nth(3).wait_for()
    assert len(product_links(page)) == 4
    assert not page.get_by_label(re.compile(r"From 4 stars")).is_checked()
    assert page.evaluate("window.__sameDocument") == "yes"

    page.go_forward()
    page.wait_for_url(re.compile(r"\?stars=4$"))
    page.locator(".product-card").nth(2).wait_for(state="detached")
    assert product_links(page) == {"Miến dong Bắc Kạn", "Miến dong Yên Bình"}


def test_a_chip_link_swaps_in_place_and_moves_focus_to_the_heading(desktop_page, products):
    page = desktop_page
    page.goto("/san-pham/?stars=5")
    page.evaluate("window.__sameDocument = 'yes'")
    assert product_links(page) == {"Miến dong Yên Bình"}

    page.locator("a.chip").first.click()
    page.wait_for_url(re.compile(r"/san-pham/$"))

    assert page.evaluate("window.__sameDocument") == "yes"
    page.locator(".product-card").nth(3).wait_for()
    assert page.evaluate("document.activeElement.id") == "listing-heading"
