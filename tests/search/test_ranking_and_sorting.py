"""Best match first (the whole phrase in the name, then stars, then availability), and every
sort of the catalogue's lists."""

import pytest

from search.backends.base import SearchFilters
from tests.search.catalogue import search


def test_whole_phrase_in_the_name_first_then_stars_then_availability(catalogue):
    """ "Miến dong" names first: the 5-star one, then the two 4-star ones, in stock first; the
    one with the phrase later in its name after them (no stars); last the 5-star product that
    only its producer's name matches."""
    assert search(catalogue, "mien dong") == [
        "mien_yen_binh",
        "mien_bac_kan",
        "mien_phu_tho",
        "bun_mien",
        "banh_da",
    ]


def test_availability_breaks_a_tie_of_stars(catalogue):
    assert search(catalogue, "dac san") == ["dac_san_ruou", "dac_san_mat_ong"]


def test_rank_ignores_the_direction(catalogue):
    assert search(catalogue, "mien dong", descending=True) == search(catalogue, "mien dong")


# Without a query, rank is stars (current ones: the arabica's certificate expired), then
# availability, then name.
BY_RANK = [
    "banh_da",
    "nuoc_mam",
    "mien_yen_binh",
    "mien_bac_kan",
    "mien_phu_tho",
    "che_shan",
    "bun_mien",
    "dac_san_ruou",
    "arabica",
    "dac_san_mat_ong",
]
BY_NAME = [
    "banh_da",  # Bánh đa nem
    "bun_mien",  # Bún miến dong riềng
    "arabica",  # Cà phê Arabica Sơn La
    "che_shan",  # Chè Shan tuyết Mộc Châu
    "dac_san_mat_ong",  # Đặc sản mật ong bạc hà (đ sorts as d)
    "dac_san_ruou",  # Dac san ruou ngo
    "mien_bac_kan",
    "mien_phu_tho",
    "mien_yen_binh",
    "nuoc_mam",
]
BY_PRICE = [
    "banh_da",  # 30.000
    "bun_mien",  # 40.000
    "mien_phu_tho",  # 55.000
    "mien_bac_kan",  # 60.000
    "mien_yen_binh",  # 70.000
    "nuoc_mam",  # 120.000 (its cheapest variant)
    "dac_san_ruou",  # 150.000
    "che_shan",  # 250.000
    "dac_san_mat_ong",  # 350.000
]
BY_CREATION = [  # listed in this order, a day apart
    "mien_bac_kan",
    "mien_yen_binh",
    "mien_phu_tho",
    "bun_mien",
    "banh_da",
    "nuoc_mam",
    "che_shan",
    "dac_san_mat_ong",
    "dac_san_ruou",
    "arabica",
]
STARRED = ["banh_da", "mien_yen_binh", "nuoc_mam", "mien_bac_kan", "mien_phu_tho", "che_shan"]
NO_STARS = ["bun_mien", "arabica", "dac_san_mat_ong", "dac_san_ruou"]  # by name


@pytest.mark.parametrize(
    ("sort", "descending", "expected"),
    [
        ("rank", None, BY_RANK),
        ("rank", False, BY_RANK),
        ("name", None, BY_NAME),
        ("name", True, BY_NAME[::-1]),
        ("price", None, [*BY_PRICE, "arabica"]),  # no price: last either way
        ("price", True, [*BY_PRICE[::-1], "arabica"]),
        ("created_at", None, BY_CREATION[::-1]),  # newest first by default
        ("created_at", False, BY_CREATION),
        ("stars", None, [*STARRED, *NO_STARS]),  # most first by default, none last
        ("stars", False, ["che_shan", "mien_bac_kan", "mien_phu_tho", "banh_da",
                          "mien_yen_binh", "nuoc_mam", *NO_STARS]),
    ],
)  # fmt: skip
def test_every_sort(catalogue, sort, descending, expected):
    assert search(catalogue, "", sort=sort, descending=descending) == expected


def test_sorts_apply_to_search_results_too(catalogue):
    assert search(catalogue, "mien dong", sort="price") == [
        "banh_da",
        "bun_mien",
        "mien_phu_tho",
        "mien_bac_kan",
        "mien_yen_binh",
    ]
    assert search(catalogue, "mien dong", sort="name", descending=True) == [
        "mien_yen_binh",
        "mien_phu_tho",
        "mien_bac_kan",
        "bun_mien",
        "banh_da",
    ]


def test_pages_split_the_order_without_overlap(catalogue):
    from search.backends import get_backend
    from search.backends.base import SearchRequest

    backend = get_backend()
    pages = [
        backend.search(SearchRequest(query="", sort="name", offset=offset, limit=3))
        for offset in (0, 3, 6, 9, 12)
    ]
    assert [catalogue.keys(page.product_ids) for page in pages] == [
        BY_NAME[0:3],
        BY_NAME[3:6],
        BY_NAME[6:9],
        BY_NAME[9:10],
        [],
    ]
    assert {page.total for page in pages} == {10}
    assert backend.search(SearchRequest(query="mien dong", limit=0)).total == 5
    assert search(catalogue, "", filters=SearchFilters(stars=frozenset({5}))) == [
        "banh_da",
        "nuoc_mam",
        "mien_yen_binh",
    ]
