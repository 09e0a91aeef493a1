"""Buyers' ratings and units sold in search, on every backend: best rated (with the Bayesian
prior of search.ranking), best selling, the mild boost of relevance, the "from 4★" filter and
its facet counts."""

from decimal import Decimal

import pytest

from reviews.models import ProductRating
from search.backends import get_backend
from search.backends.base import SearchFilters
from search.services import rebuild_index
from tests.search.catalogue import counts, search


def rate(catalogue, ratings: dict) -> None:
    """{key: (review count, average, units sold)} as the reviews app keeps them, then a
    rebuild of the index."""
    for key, (count, average, sold) in ratings.items():
        ProductRating.objects.update_or_create(
            product=catalogue[key],
            defaults={"count": count, "average": Decimal(str(average)), "sold_count": sold},
        )
    rebuild_index()


def test_two_hundred_reviews_at_4_8_beat_one_5_star_review(catalogue):
    rate(
        catalogue,
        {
            "mien_bac_kan": (1, 5.0, 0),
            "nuoc_mam": (200, 4.8, 0),
            "che_shan": (30, 3.0, 0),
        },
    )

    found = search(catalogue, sort="best_rated")

    assert found[:2] == ["nuoc_mam", "mien_bac_kan"]
    # Without reviews a product scores the catalogue's mean: above the badly reviewed one.
    assert found[-1] == "che_shan"
    assert set(found) == catalogue.public


def test_best_rated_without_any_review_is_by_name(catalogue):
    by_name = search(catalogue, sort="name")
    assert search(catalogue, sort="best_rated") == by_name


def test_best_selling_sorts_by_units_sold_then_name(catalogue):
    rate(
        catalogue,
        {"che_shan": (0, 0, 40), "bun_mien": (0, 0, 1200), "banh_da": (3, 4.0, 40)},
    )

    found = search(catalogue, sort="best_selling")

    assert found[:3] == ["bun_mien", "banh_da", "che_shan"]  # 40 each: by name
    assert set(found) == catalogue.public


def test_the_rating_orders_what_ties_on_stars_and_stock_in_the_default_ranking(catalogue):
    """Without a query, rank is stars, stock, then the rating score: Nước mắm (5★, in stock)
    passes Bánh đa nem (5★, in stock, no reviews: it scores the catalogue's mean, 4.58) with
    good reviews, but a 3★ product with many good reviews stays below the 4★ and 5★ ones."""
    before = search(catalogue)
    assert before[:2] == ["banh_da", "nuoc_mam"]

    rate(catalogue, {"nuoc_mam": (80, 4.9, 0), "che_shan": (300, 4.5, 0)})
    after = search(catalogue)

    assert after[:2] == ["nuoc_mam", "banh_da"]
    assert after.index("che_shan") == before.index("che_shan")


def test_with_a_text_query_availability_still_comes_before_the_rating(catalogue):
    rate(catalogue, {"dac_san_mat_ong": (50, 5.0, 0), "dac_san_ruou": (50, 2.0, 0)})
    assert search(catalogue, "dac san") == ["dac_san_ruou", "dac_san_mat_ong"]  # in stock first


RATINGS = {
    "mien_bac_kan": (12, 4.5, 0),
    "nuoc_mam": (200, 4.8, 0),
    "bun_mien": (5, 4.0, 0),
    "che_shan": (30, 3.4, 0),
    "banh_da": (2, 2.5, 0),
}


def test_from_4_stars_and_from_3_stars(catalogue):
    rate(catalogue, RATINGS)

    from_4 = search(catalogue, filters=SearchFilters(rating_gte=4), sort="name")
    from_3 = search(catalogue, filters=SearchFilters(rating_gte=3), sort="name")

    assert from_4 == ["bun_mien", "mien_bac_kan", "nuoc_mam"]
    assert from_3 == ["bun_mien", "che_shan", "mien_bac_kan", "nuoc_mam"]


def test_a_product_without_reviews_is_in_no_rating_bucket(catalogue):
    rate(catalogue, {"mien_bac_kan": (0, 0, 10)})
    assert search(catalogue, filters=SearchFilters(rating_gte=1)) == []


def test_the_rating_facet_counts_each_minimum_under_the_other_filters(catalogue):
    rate(catalogue, RATINGS)
    backend = get_backend()

    everything = backend.facets("", SearchFilters())
    chosen = backend.facets("", SearchFilters(rating_gte=4))
    phu_tho = backend.facets("", SearchFilters(province_codes=frozenset({"25"}), rating_gte=3))
    searched = backend.facets("mien", SearchFilters())

    assert counts(everything.rating) == {"4": 3, "3": 4}
    assert [v.key for v in everything.rating] == ["4", "3"]
    assert {v.key: v.label for v in everything.rating} == {"4": "≥ 4★", "3": "≥ 3★"}
    # Its own choice does not narrow it; it narrows the others.
    assert counts(chosen.rating) == {"4": 3, "3": 4}
    assert [(v.key, v.selected) for v in chosen.rating] == [("4", True), ("3", False)]
    assert sum(v.count for v in chosen.provinces) == 3
    # Phú Thọ's: bún miến (4.0) and bánh đa nem (2.5, in no bucket).
    assert counts(phu_tho.rating) == {"4": 1, "3": 1}
    # Matching "mien": miến Bắc Kạn (4.5), bún miến (4.0), bánh đa nem (its producer, 2.5).
    assert counts(searched.rating) == {"4": 2, "3": 2}


def test_a_chosen_minimum_no_product_reaches_is_listed_with_0(catalogue):
    facets = get_backend().facets("", SearchFilters(rating_gte=5))
    assert [(v.key, v.count, v.selected) for v in facets.rating if v.key == "5"] == [("5", 0, True)]


@pytest.mark.parametrize("sort", ["best_rated", "best_selling"])
def test_the_new_sorts_page_without_overlap(catalogue, sort):
    rate(catalogue, RATINGS)
    whole = search(catalogue, sort=sort)
    pages = [search(catalogue, sort=sort, offset=n, limit=3) for n in range(0, 12, 3)]
    assert [key for page in pages for key in page] == whole
