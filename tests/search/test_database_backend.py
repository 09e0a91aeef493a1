"""The database backend's own parts: query words, typo corrections, the vocabulary and
suggestion tables it maintains, and its PostgreSQL structures."""

import pytest
from django.db import connection

from search.backends import get_backend
from search.backends.database import DatabaseBackend
from search.backends.database.terms import (
    MAX_QUERY_WORDS,
    MAX_WORD_LENGTH,
    Term,
    index_text,
    query_terms,
    query_words,
    within_one_edit,
)
from search.models import ProductSearchDocument, SearchSuggestion, SearchTerm
from search.services import index_requested_products, rebuild_index
from tests.search.catalogue import build_catalogue


@pytest.fixture
def indexed(db, settings):
    settings.SEARCH_BACKEND = "database"
    catalogue = build_catalogue()
    rebuild_index()
    return catalogue


def test_the_default_backend(settings):
    settings.SEARCH_BACKEND = "database"
    assert isinstance(get_backend(), DatabaseBackend)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("tuyet", "tuyet", True),
        ("tuyat", "tuyet", True),  # substitution
        ("shann", "shan", True),  # insertion
        ("arabca", "arabica", True),  # deletion
        ("arbaica", "arabica", True),  # transposition
        ("tuyte", "tuyet", True),
        ("tyuet", "tuyet", True),
        ("tuyet", "teyut", False),  # a swap of letters that are not neighbours
        ("tuyat", "tuyen", False),  # two substitutions
        ("arabica", "arab", False),
        ("mien", "miens", True),
    ],
)
def test_within_one_edit(a, b, expected):
    assert within_one_edit(a, b) is expected
    assert within_one_edit(b, a) is expected


def test_query_words_are_letters_and_digits_only():
    assert query_words("Nước mắm (Lê-Gia) 100%_đạm") == ["nuoc", "mam", "le", "gia", "100", "dam"]
    assert query_words("'; DROP TABLE x; --") == ["drop", "table", "x"]
    assert query_words("mien mien MIEN dong") == ["mien", "dong"]
    assert query_words("a" * 300) == ["a" * MAX_WORD_LENGTH]
    assert len(query_words(" ".join(f"w{i}" for i in range(200)))) == MAX_QUERY_WORDS
    assert index_text("Chè  Shan-tuyết, Mộc Châu!") == "che shan tuyet moc chau"
    for word in query_words("%_\\'\":*&|!<>()[]{}^~ đ_đ"):
        assert word.isalnum()


def test_typo_corrections_come_from_the_vocabulary(indexed):
    assert query_terms("tuyat mien") == [Term("tuyat", ("tuyet",)), Term("mien")]
    assert query_terms("arabc") == [Term("arabc")]  # the start of "arabica": no correction
    assert query_terms("xyzzyq") == [Term("xyzzyq")]  # nothing one edit away
    assert query_terms("12345") == [Term("12345")]  # numbers are not corrected


def test_the_vocabulary_counts_public_documents(indexed):
    words = dict(SearchTerm.objects.values_list("word", "document_count"))
    assert words["shan"] == 1
    assert words["mien"] == 5  # four names and a producer; not the draft nor the archived one
    assert words["kan"] == 2  # Bắc Kạn: a name and a pre-2025 province
    assert "nhap" not in words  # the draft's name
    assert "soi" not in words  # descriptions do not count ("Sợi miến dai")


def test_the_vocabulary_follows_incremental_changes(indexed):
    product = indexed["che_shan"]
    product.name = "Trà Tà Xùa"
    product.save()
    product.mark_for_reindex([product])
    index_requested_products()
    words = dict(SearchTerm.objects.values_list("word", "document_count"))
    assert "shan" not in words and "tuyet" not in words
    assert words["xua"] == 1
    assert words["che"] >= 1  # still in other documents (producer, categories)


def test_suggestion_rows(indexed):
    rows = set(SearchSuggestion.objects.values_list("kind", "label", "target"))
    assert ("province", "Bắc Kạn", "19") in rows
    assert ("province", "Hòa Bình", "25") in rows
    assert ("province", "Hoà Bình", "25") not in rows  # folds like "Hòa Bình": one row
    assert ("province", "Sơn La", "14") in rows
    provinces = {target for kind, _label, target in rows if kind == "province"}
    assert provinces == {"19", "01", "25", "38", "14"}  # only where there are products
    products = SearchSuggestion.objects.filter(kind="product")
    assert products.count() == 10  # the public ones
    assert not SearchSuggestion.objects.filter(label="HTX Tạm Ngưng").exists()


def test_documents_hold_folded_words(indexed):
    document = ProductSearchDocument.objects.get(product=indexed["mien_bac_kan"])
    assert document.text_a == "mien dong bac kan"
    assert "htx nong san con minh" in document.text_b
    assert "thai nguyen" in document.text_b and "bac kan" in document.text_b
    assert document.text_c == "soi mien dai lam tu cu dong rieng trong tren nui"
    assert document.is_public and document.stars == 4 and document.in_stock
    assert not ProductSearchDocument.objects.get(product=indexed["draft"]).is_public


@pytest.mark.postgres
def test_postgres_structures(indexed):
    with connection.cursor() as cursor:
        cursor.execute("SELECT provolatile FROM pg_proc WHERE proname = 'ocop_unaccent'")
        assert cursor.fetchone() == ("i",)  # IMMUTABLE
        cursor.execute("SELECT ocop_unaccent('Đặc sản Bắc Kạn')")
        assert cursor.fetchone() == ("Dac san Bac Kan",)
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname IN ('search_doc_vector_idx', "
            "'search_term_word_trgm_idx', 'search_suggestion_label_trgm_idx', "
            "'search_unlisted_product_idx', 'search_inactive_vendor_idx', "
            "'search_doc_public_idx')"
        )
        assert len(cursor.fetchall()) == 6
        cursor.execute(
            "SELECT search_vector::text FROM search_productsearchdocument WHERE product_id = %s",
            [indexed["mien_bac_kan"].pk],
        )
        vector = cursor.fetchone()[0]
    assert "'mien':1A" in vector  # the name weighs A
    assert "'minh':" in vector and "B" in vector.split("'minh':")[1].split(" ")[0]
    assert "'nui':" in vector and "C" in vector.split("'nui':")[1].split(" ")[0]


@pytest.mark.postgres
def test_description_words_rank_but_are_not_required(indexed):
    """ "núi" is only in the description: it does not find the product alone."""
    from tests.search.catalogue import search

    assert search(indexed, "nui") == []


def test_sqlite_has_no_postgres_column(indexed):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    columns = {c.name for c in connection.introspection.get_table_description(
        connection.cursor(), ProductSearchDocument._meta.db_table)}  # fmt: skip
    assert "search_vector" not in columns
