"""As-you-type completions: products, producers, categories and provinces (pre-2025 names lead
to today's province), matched at the start of any word of the label, diacritics optional."""

import pytest

from search.backends import get_backend
from search.backends.base import MAX_SUGGESTIONS, Suggestion
from tests.factories import product_set


def suggest(query, limit=MAX_SUGGESTIONS) -> list[Suggestion]:
    return get_backend().suggest(query, limit=limit)


def test_a_pre_2025_province_leads_to_today_s(catalogue):
    assert Suggestion("province", "Bắc Kạn", "19") in suggest("bac k")
    assert Suggestion("province", "Bắc Kạn", "19") in suggest("Bắc")
    assert Suggestion("province", "Thái Nguyên", "19") in suggest("thai ng")


def test_products_by_the_start_of_any_word(catalogue):
    che = catalogue["che_shan"]
    assert Suggestion("product", "Chè Shan tuyết Mộc Châu", che.slug) in suggest("che s")
    assert Suggestion("product", "Chè Shan tuyết Mộc Châu", che.slug) in suggest("tuyet m")
    assert "Chè Shan tuyết Mộc Châu" not in {s.label for s in suggest("huyet")}


def test_producers_and_categories(catalogue):
    vendor = catalogue.vendors["moc_chau"]
    assert Suggestion("vendor", "HTX Chè Mộc Châu", vendor.slug) in suggest("htx che")
    sauces = product_set("I.4.a")
    found = suggest("nuoc m")
    assert Suggestion("category", sauces.name, sauces.slug) in found
    assert Suggestion("product", "Nước mắm Lê Gia", catalogue["nuoc_mam"].slug) in found


def test_at_most_the_limit_with_kind_label_and_target(catalogue):
    for query in ("m", "mien", "h", "san", "c"):
        found = suggest(query)
        assert len(found) <= MAX_SUGGESTIONS
        assert all(s.kind in {"product", "vendor", "category", "province"} for s in found)
        assert all(s.label and s.target for s in found)
    assert len(suggest("mien", limit=3)) == 3
    assert suggest("mien", limit=0) == []


def test_best_first(catalogue):
    """Every "miến dong" product is suggested, the 5-star one first."""
    products = [s.label for s in suggest("mien dong") if s.kind == "product"]
    assert products[0] == "Miến dong Yên Bình"
    assert set(products) == {
        "Miến dong Yên Bình",
        "Miến dong Bắc Kạn",
        "Miến dong Phú Thọ",
        "Bún miến dong riềng",
    }


@pytest.mark.parametrize("query", ["", "   ", "***", "zzzz", "'; --"])
def test_nothing_to_suggest(catalogue, query):
    assert suggest(query) == []
