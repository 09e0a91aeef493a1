import pytest

from inventory.selectors import availability_by_product, product_availability, stock_levels
from tests.factories import ProductVariantFactory, ShowroomFactory, StockFactory

pytestmark = pytest.mark.django_db


def test_stock_levels_by_sku_with_search_and_low_stock(showroom, vendor):
    rows = {
        sku: StockFactory(
            location=showroom,
            variant=ProductVariantFactory(product__vendor=vendor, product__name=name, sku=sku),
            quantity=quantity,
            quantity_allocated=allocated,
        )
        for sku, name, quantity, allocated in (
            ("B-2", "Chè Shan tuyết", 20, 0),
            ("A-1", "Mật ong bạc hà", 9, 5),
            ("C-3", "Chè móc câu", 5, 0),
        )
    }
    StockFactory(location=ShowroomFactory(), quantity=1)  # elsewhere

    assert [s.variant.sku for s in stock_levels(showroom)] == ["A-1", "B-2", "C-3"]
    assert [s.variant.sku for s in stock_levels(showroom, search="chè")] == ["B-2", "C-3"]
    assert [s.variant.sku for s in stock_levels(showroom, search="a-1")] == ["A-1"]
    # available 4 ≤ 5 and 5 ≤ 5 are low; 20 is not
    assert [s.pk for s in stock_levels(showroom, low_stock=True)] == [
        rows["A-1"].pk,
        rows["C-3"].pk,
    ]


def test_availability_per_location(vendor, showroom, warehouse, django_assert_num_queries):
    one, two = (ProductVariantFactory(product__vendor=vendor) for _ in range(2))
    two.product = one.product
    two.save()
    StockFactory(location=warehouse, variant=one, quantity=4, quantity_allocated=1)
    StockFactory(location=warehouse, variant=two, quantity=2)
    StockFactory(location=showroom, variant=one, quantity=3)
    StockFactory(location=ShowroomFactory(), variant=one, quantity=2, quantity_allocated=2)
    StockFactory(location=ShowroomFactory(is_active=False), variant=one, quantity=9)
    lonely = ProductVariantFactory()

    with django_assert_num_queries(2):
        found = availability_by_product([one.product_id, lonely.product_id])

    assert [(loc, loc.quantity) for loc in found[one.product_id]] == [(showroom, 3), (warehouse, 5)]
    assert lonely.product_id not in found
    assert found[one.product_id][0].commune.province.name
    assert product_availability(lonely.product) == []
    assert [loc.quantity for loc in product_availability(one.product)] == [3, 5]
