"""Unpublished, archived and suspended producers' products never appear, even before the
index catches up: backends re-check the live rows when they answer."""

from catalog.models import Product
from search.backends import get_backend
from search.backends.base import SearchFilters, SearchRequest
from tests.search.catalogue import counts, search
from vendors.models import Vendor


def test_drafts_archived_and_suspended_producers_never_show(catalogue):
    assert set(search(catalogue, "mien dong")).isdisjoint({"draft", "archived", "suspended"})
    assert set(search(catalogue, "")) == catalogue.public
    assert search(catalogue, "tam ngung") == []
    assert search(catalogue, "nhap") == []
    labels = {s.label for s in get_backend().suggest("mien")} | {
        s.label for s in get_backend().suggest("htx tam")
    }
    assert labels.isdisjoint({"Miến dong nháp", "Miến dong lưu trữ", "Miến dong Tạm Ngưng"})
    assert "HTX Tạm Ngưng" not in labels


def test_a_product_unpublished_a_second_ago_is_gone_before_reindexing(catalogue):
    assert "mien_bac_kan" in search(catalogue, "mien dong")
    Product.objects.filter(pk=catalogue["mien_bac_kan"].pk).update(status=Product.Status.DRAFT)
    assert "mien_bac_kan" not in search(catalogue, "mien dong")
    assert "mien_bac_kan" not in search(catalogue, "")
    assert get_backend().search(SearchRequest(query="")).total == len(catalogue.public) - 1
    facets = get_backend().facets("", SearchFilters())
    assert counts(facets.provinces)["19"] == 1
    assert "Miến dong Bắc Kạn" not in {s.label for s in get_backend().suggest("mien dong b")}


def test_an_archived_product_is_gone_before_reindexing(catalogue):
    Product.objects.filter(pk=catalogue["che_shan"].pk).update(status=Product.Status.ARCHIVED)
    assert search(catalogue, "che shan") == []
    assert counts(get_backend().facets("", SearchFilters()).stars) == {"5": 3, "4": 2}


def test_a_suspended_producer_disappears_at_once(catalogue):
    vendor = catalogue.vendors["yen_binh"]
    Vendor.objects.filter(pk=vendor.pk).update(status=Vendor.Status.SUSPENDED)
    assert "mien_yen_binh" not in search(catalogue, "mien dong")
    assert search(catalogue, "dac san") == ["dac_san_mat_ong"]
    facets = get_backend().facets("", SearchFilters())
    assert str(vendor.pk) not in counts(facets.vendors)
    assert counts(facets.provinces).get("01", 0) == 0
    assert "HTX Yên Bình" not in {s.label for s in get_backend().suggest("htx yen")}
    assert "Miến dong Yên Bình" not in {s.label for s in get_backend().suggest("mien dong y")}


def test_republished_products_come_back_once_indexed(catalogue):
    from search.services import index_requested_products

    product = catalogue["draft"]
    Product.objects.filter(pk=product.pk).update(status=Product.Status.PUBLISHED)
    Product.mark_for_reindex([product.pk])
    index_requested_products()
    assert "draft" in search(catalogue, "mien dong nhap")
