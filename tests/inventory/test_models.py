import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from inventory.models import Location, Stock
from tests.factories import (
    ProductVariantFactory,
    StockFactory,
    VendorFactory,
    WarehouseFactory,
    commune,
)

pytestmark = pytest.mark.django_db


def refused_by_database(make):
    """Run `make` in a savepoint and check that the database refuses it."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


# --- stock ------------------------------------------------------------------------------------


def test_available_is_on_hand_minus_allocated():
    stock = StockFactory(quantity=10, quantity_allocated=3)
    stock.refresh_from_db()
    assert stock.quantity_available == 7
    assert StockFactory(quantity=0).quantity_available == 0


def test_everything_allocated_leaves_nothing_available():
    stock = StockFactory(quantity=4, quantity_allocated=4)
    stock.refresh_from_db()
    assert stock.quantity_available == 0


def test_negative_stock_is_refused_by_the_database():
    refused_by_database(lambda: StockFactory(quantity=-1))
    assert not Stock.objects.exists()


def test_negative_allocation_is_refused_by_the_database():
    refused_by_database(lambda: StockFactory(quantity=5, quantity_allocated=-1))
    assert not Stock.objects.exists()


def test_allocating_more_than_on_hand_is_refused_by_the_database():
    refused_by_database(lambda: StockFactory(quantity=5, quantity_allocated=6))
    assert not Stock.objects.exists()


def test_selling_more_than_on_hand_with_an_update_is_refused_and_changes_nothing():
    """A racing sale that decrements below zero or below what is allocated fails as a whole."""
    stock = StockFactory(quantity=5, quantity_allocated=2)

    refused_by_database(
        lambda: Stock.objects.filter(pk=stock.pk).update(quantity=F("quantity") - 6)
    )
    refused_by_database(
        lambda: Stock.objects.filter(pk=stock.pk).update(quantity=F("quantity") - 4)
    )
    refused_by_database(
        lambda: Stock.objects.filter(pk=stock.pk).update(
            quantity_allocated=F("quantity_allocated") + 4
        )
    )

    stock.refresh_from_db()
    assert (stock.quantity, stock.quantity_allocated) == (5, 2)
    Stock.objects.filter(pk=stock.pk).update(quantity=F("quantity") - 3)
    stock.refresh_from_db()
    assert (stock.quantity, stock.quantity_available) == (2, 0)


def test_one_stock_row_per_variant_and_location():
    stock = StockFactory()
    refused_by_database(
        lambda: Stock.objects.create(variant=stock.variant, location=stock.location)
    )
    assert Stock.objects.count() == 1


def test_the_same_variant_can_be_stocked_in_several_locations():
    stock = StockFactory(quantity=10)
    showroom = Location.objects.create(
        kind=Location.Kind.SHOWROOM, name="Điểm bán OCOP Sơn La", commune=commune()
    )
    Stock.objects.create(variant=stock.variant, location=showroom, quantity=3)
    assert stock.variant.stocks.count() == 2


def test_deleting_a_variant_deletes_its_stock_but_a_location_with_stock_is_kept():
    stock = StockFactory()
    location = stock.location
    refused_by_database(location.delete)  # PROTECT: stock still points at it
    stock.variant.delete()
    assert not Stock.objects.exists()
    location.delete()


# --- locations --------------------------------------------------------------------------------


def test_a_warehouse_belongs_to_a_producer():
    vendor = VendorFactory()
    warehouse = WarehouseFactory(vendor=vendor, street_address="Tiểu khu 3")
    warehouse.refresh_from_db()
    assert (warehouse.kind, warehouse.vendor, warehouse.commune) == (
        Location.Kind.WAREHOUSE,
        vendor,
        vendor.commune,
    )
    assert list(vendor.warehouses.all()) == [warehouse]


def test_a_showroom_has_no_producer():
    showroom = Location.objects.create(
        kind=Location.Kind.SHOWROOM,
        name="Trung tâm OCOP Thái Nguyên",
        commune=commune("02155"),
        street_address="Số 1 đường Hùng Vương",
    )
    showroom.refresh_from_db()
    assert showroom.vendor is None
    assert showroom.commune.province.short_name == "Thái Nguyên"
    assert showroom.is_active


def test_a_warehouse_without_a_producer_is_refused_by_the_database():
    refused_by_database(
        lambda: Location.objects.create(
            kind=Location.Kind.WAREHOUSE, name="Kho không chủ", commune=commune()
        )
    )
    assert not Location.objects.exists()


def test_a_showroom_owned_by_a_producer_is_refused_by_the_database():
    vendor = VendorFactory()
    refused_by_database(
        lambda: Location.objects.create(
            kind=Location.Kind.SHOWROOM, name="Showroom riêng", commune=commune(), vendor=vendor
        )
    )
    assert not Location.objects.exists()


def test_an_unknown_kind_is_refused_by_the_database():
    vendor = VendorFactory()
    refused_by_database(
        lambda: Location.objects.create(
            kind="kiosk", name="Ki-ốt", commune=commune(), vendor=vendor
        )
    )
    assert not Location.objects.exists()


def test_stock_is_shown_as_sku_at_location():
    variant = ProductVariantFactory(sku="MIEN-500")
    stock = StockFactory(variant=variant, quantity=12)
    assert str(stock) == f"MIEN-500 @ {stock.location.name}: 12"
