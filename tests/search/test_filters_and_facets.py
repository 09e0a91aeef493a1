"""Filters narrow a search; facets count under every filter but their own."""

import pytest

from catalog.models import Category
from catalog.selectors import category_descendant_ids
from search.backends import get_backend
from search.backends.base import SearchFilters, SearchRequest
from tests.factories import product_set
from tests.search.catalogue import counts, search


def below(category) -> frozenset[int]:
    return frozenset(category_descendant_ids(category))


def sector(name: str) -> Category:
    return Category.objects.get(level=Category.Level.SECTOR, name=name)


def test_each_filter(catalogue):
    v = catalogue.vendors

    def found(**filters):
        return set(search(catalogue, "", filters=SearchFilters(**filters)))

    drinks = sector("Sản phẩm đồ uống")
    assert found(category_ids=below(drinks)) == {"dac_san_ruou"}
    assert found(category_ids=frozenset({product_set("I.5.a").pk})) == {"che_shan"}
    assert found(province_codes=frozenset({"19"})) == {"mien_bac_kan", "dac_san_mat_ong"}
    assert found(province_codes=frozenset({"19", "38"})) == {
        "mien_bac_kan",
        "dac_san_mat_ong",
        "nuoc_mam",
    }
    assert found(stars=frozenset({5})) == {"mien_yen_binh", "banh_da", "nuoc_mam"}
    assert found(stars=frozenset({3, 4})) == {"mien_bac_kan", "mien_phu_tho", "che_shan"}
    assert found(vendor_ids=frozenset({v["con_minh"].pk})) == {"mien_bac_kan", "dac_san_mat_ong"}
    assert found(price_gte=50_000, price_lte=100_000) == {
        "mien_bac_kan",
        "mien_yen_binh",
        "mien_phu_tho",
    }
    assert found(price_gte=250_000) == {"che_shan", "dac_san_mat_ong"}
    assert found(price_lte=40_000) == {"banh_da", "bun_mien"}
    assert found(in_stock=True) == {
        "mien_bac_kan",
        "bun_mien",
        "banh_da",
        "nuoc_mam",  # one of its two variants has stock
        "che_shan",
        "dac_san_ruou",
    }
    assert found(in_stock=False) == {"mien_yen_binh", "mien_phu_tho", "dac_san_mat_ong", "arabica"}
    assert found(category_ids=frozenset({-1})) == set()  # what names nothing matches nothing


def test_filters_combine_with_each_other_and_with_search(catalogue):
    def found(query, **filters):
        return search(catalogue, query, filters=SearchFilters(**filters))

    assert found("mien dong", in_stock=True) == ["mien_bac_kan", "bun_mien", "banh_da"]
    assert found("mien dong", in_stock=True, province_codes=frozenset({"25"})) == [
        "bun_mien",
        "banh_da",
    ]
    assert found("mien dong", stars=frozenset({4, 5}), price_lte=60_000) == [
        "mien_bac_kan",
        "mien_phu_tho",
        "banh_da",
    ]
    assert found("dac san", category_ids=below(sector("Sản phẩm thực phẩm"))) == ["dac_san_mat_ong"]


SECTOR_COUNTS = {"Sản phẩm thực phẩm": 9, "Sản phẩm đồ uống": 1}
ALL_PROVINCES = {"19": 2, "01": 2, "25": 3, "38": 1, "14": 2}
ALL_STARS = {"5": 3, "4": 2, "3": 1}  # the arabica's certificate expired
ALL_PRICES = {"-50000": 2, "50000-100000": 3, "100000-200000": 2, "200000-500000": 2}


def by_label(values) -> dict[str, int]:
    return {value.label: value.count for value in values if value.count}


def test_facets_of_the_whole_catalogue(catalogue):
    v = catalogue.vendors
    facets = get_backend().facets("", SearchFilters())
    assert by_label(facets.sectors) == SECTOR_COUNTS
    assert by_label(facets.product_sets) == {
        "Chế biến từ gạo, ngũ cốc": 5,
        "Tương, nước mắm, gia vị dạng lỏng khác": 1,
        "Chè tươi, chế biến": 1,
        "Mật ong, mật khác và nông sản thực phẩm khác": 1,
        "Rượu trắng": 1,
        "Cà phê, ca cao": 1,
    }
    assert counts(facets.provinces) == ALL_PROVINCES
    assert by_label(facets.provinces)["Thái Nguyên"] == 2
    assert counts(facets.stars) == ALL_STARS
    assert counts(facets.vendors) == {
        str(v["con_minh"].pk): 2,
        str(v["yen_binh"].pk): 2,
        str(v["thanh_son"].pk): 2,
        str(v["mai_chau"].pk): 1,
        str(v["le_gia"].pk): 1,
        str(v["moc_chau"].pk): 1,
        str(v["phuc_sinh"].pk): 1,
    }
    assert by_label(facets.vendors)["HTX Nông sản Côn Minh"] == 2
    assert counts(facets.price_buckets) == ALL_PRICES  # the arabica has no price
    assert counts(facets.in_stock) == {"true": 6, "false": 4}
    everything = [*facets.sectors, *facets.provinces, *facets.stars, *facets.in_stock]
    assert not any(value.selected for value in everything)


def test_a_facet_ignores_its_own_selection_but_applies_the_others(catalogue):
    filters = SearchFilters(province_codes=frozenset({"25"}))
    facets = get_backend().facets("", filters)
    assert counts(facets.provinces) == ALL_PROVINCES  # every province, to widen the choice
    assert [v.key for v in facets.provinces if v.selected] == ["25"]
    assert counts(facets.stars) == {"5": 1, "4": 1}  # Phú Thọ's only
    assert counts(facets.in_stock) == {"true": 2, "false": 1}
    assert counts(facets.price_buckets) == {"-50000": 2, "50000-100000": 1}
    assert by_label(facets.sectors) == {"Sản phẩm thực phẩm": 3}


def test_facets_of_a_search_with_filters(catalogue):
    filters = SearchFilters(stars=frozenset({5}), in_stock=True)
    facets = get_backend().facets("mien dong", filters)
    # Stars count without the stars filter, with the in-stock one: Bắc Kạn (4) and Mai Châu (5)
    # are in stock; Bún miến dong has no stars.
    assert counts(facets.stars) == {"5": 1, "4": 1}
    assert [v.key for v in facets.stars if v.selected] == ["5"]
    # In stock counts without its own filter, with the stars one: the two 5-star "mien dong".
    assert counts(facets.in_stock) == {"true": 1, "false": 1}
    assert [v.key for v in facets.in_stock if v.selected] == ["true"]
    # The others apply both: only Bánh đa nem (5 stars, in stock, Phú Thọ).
    assert counts(facets.provinces) == {"25": 1}
    assert counts(facets.price_buckets) == {"-50000": 1}
    assert counts(facets.vendors) == {str(catalogue.vendors["mai_chau"].pk): 1}


def test_facets_count_categories_without_the_category_filter(catalogue):
    drinks = sector("Sản phẩm đồ uống")
    facets = get_backend().facets("dac san", SearchFilters(category_ids=below(drinks)))
    assert by_label(facets.sectors) == {"Sản phẩm thực phẩm": 1, "Sản phẩm đồ uống": 1}
    assert [v.label for v in facets.sectors if v.selected] == ["Sản phẩm đồ uống"]
    assert counts(facets.provinces) == {"01": 1}  # the category filter applies here


def test_price_buckets_and_a_chosen_range(catalogue):
    facets = get_backend().facets("", SearchFilters(price_gte=50_000, price_lte=99_999))
    assert counts(facets.price_buckets) == ALL_PRICES
    assert [v.key for v in facets.price_buckets if v.selected] == ["50000-100000"]
    assert counts(facets.stars) == {"5": 1, "4": 2}


@pytest.mark.parametrize("query", ["", "mien dong", "zzzz"])
def test_facet_counts_add_up(catalogue, query):
    facets = get_backend().facets(query, SearchFilters())
    total = get_backend().search(SearchRequest(query=query)).total
    assert sum(v.count for v in facets.in_stock) == total
    assert sum(v.count for v in facets.sectors) == total
    assert sum(v.count for v in facets.provinces) == total


def test_a_chosen_value_without_products_is_listed_to_be_unchosen(catalogue):
    facets = get_backend().facets("mien dong", SearchFilters(province_codes=frozenset({"14"})))
    assert [(v.key, v.label, v.count) for v in facets.provinces if v.selected] == [
        ("14", "Sơn La", 0)
    ]
    assert counts(facets.provinces) == {"19": 1, "01": 1, "25": 3}
    assert counts(facets.stars) == {}  # nothing from Sơn La matches
