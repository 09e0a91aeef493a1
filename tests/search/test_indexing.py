"""Keeping the index in step: the services mark what they change, `index_requested_products`
indexes it; removing and rebuilding."""

from catalog.models import Product
from catalog.services.products import (
    product_approve,
    product_create,
    product_submit_for_review,
    product_update,
)
from catalog.services.variants import variant_create
from search.backends import get_backend
from search.backends.base import SearchFilters
from search.services import index_requested_products, rebuild_index
from tests.factories import StaffFactory, VendorMemberFactory, commune, product_set
from tests.search.catalogue import CON_MINH, counts, search
from vendors.services.vendors import vendor_set_status, vendor_update


def owner_of(vendor):
    return VendorMemberFactory(vendor=vendor).user


def test_a_new_product_is_found_once_its_marks_are_indexed(catalogue):
    vendor = catalogue.vendors["con_minh"]
    owner = owner_of(vendor)
    product = product_create(
        vendor=vendor,
        actor=owner,
        name="Măng khô Côn Minh",
        category=product_set("I.3.c"),
        origin_commune=commune(CON_MINH),
    )
    variant_create(product=product, actor=owner, sku="MANG-1", name="Túi 500g", price=95_000)
    product_submit_for_review(product=product, actor=owner)
    assert index_requested_products() >= 1
    assert search(catalogue, "mang kho") == []  # pending review: not public yet
    product_approve(product=product, actor=StaffFactory())
    assert index_requested_products() == 1
    assert search(catalogue, "mang kho") == [f"#{product.pk}"]
    assert search(catalogue, "mang kho bac kan") == [f"#{product.pk}"]
    assert "Măng khô Côn Minh" in {s.label for s in get_backend().suggest("mang k")}
    assert index_requested_products() == 0  # marks are cleared


def test_a_renamed_product_is_found_by_its_new_name(catalogue):
    product = catalogue["che_shan"]
    owner = owner_of(product.vendor)
    product_update(product=product, actor=owner, name="Trà cổ thụ Tà Xùa")
    index_requested_products()
    assert search(catalogue, "ta xua") == ["che_shan"]
    assert search(catalogue, "shan tuyet") == []
    assert "Trà cổ thụ Tà Xùa" in {s.label for s in get_backend().suggest("tra co")}
    assert "Chè Shan tuyết Mộc Châu" not in {s.label for s in get_backend().suggest("che s")}


def test_a_renamed_producer_s_products_are_found_under_the_new_name(catalogue):
    vendor = catalogue.vendors["con_minh"]
    vendor_update(vendor=vendor, actor=owner_of(vendor), display_name="HTX Dong Riềng Na Rì")
    index_requested_products()
    assert set(search(catalogue, "dong rieng na ri")) == {"mien_bac_kan", "dac_san_mat_ong"}
    assert search(catalogue, "mien dong nong san") == []  # the old name is gone
    labels = {(s.kind, s.label) for s in get_backend().suggest("htx dong")}
    assert ("vendor", "HTX Dong Riềng Na Rì") in labels
    assert all(label != "HTX Nông sản Côn Minh" for _kind, label in labels)
    facets = get_backend().facets("", SearchFilters())
    assert {v.label for v in facets.vendors} >= {"HTX Dong Riềng Na Rì"}


def test_a_suspended_producer_leaves_the_index_and_comes_back(catalogue):
    vendor = catalogue.vendors["yen_binh"]
    staff = StaffFactory()
    vendor_set_status(vendor=vendor, actor=staff, status="suspended")
    index_requested_products()
    assert search(catalogue, "yen binh") == []
    vendor_set_status(vendor=vendor, actor=staff, status="active")
    index_requested_products()
    assert search(catalogue, "mien dong yen binh") == ["mien_yen_binh"]


def test_removing_and_rebuilding(catalogue):
    backend = get_backend()
    assert backend.remove([catalogue["nuoc_mam"].pk]) == 1
    assert search(catalogue, "nuoc mam") == []
    assert counts(backend.facets("", SearchFilters()).provinces).get("38", 0) == 0
    assert "Nước mắm Lê Gia" not in {s.label for s in backend.suggest("nuoc")}
    assert rebuild_index() == Product.objects.count()
    assert search(catalogue, "nuoc mam") == ["nuoc_mam"]


def test_rebuild_reports_progress(catalogue):
    seen = []
    assert rebuild_index(batch_size=4, progress=seen.append) == Product.objects.count()
    assert sum(seen) == Product.objects.count()


def test_a_change_asks_the_outbox_for_a_refresh_that_runs_once_committed(
    catalogue, django_capture_on_commit_callbacks
):
    from marketplace.outbox.models import OutboxMessage

    product = catalogue["che_shan"]
    owner = owner_of(product.vendor)
    with django_capture_on_commit_callbacks(execute=True):
        product_update(product=product, actor=owner, name="Trà cổ thụ Tà Xùa")
    refresh = OutboxMessage.objects.get()
    assert (refresh.handler, refresh.status) == ("search.index_requested_products", "done")
    assert search(catalogue, "ta xua") == ["che_shan"]  # no index run by hand
