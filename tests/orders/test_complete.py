import pytest
from django.db import connection

from inventory.models import Stock, StockMovement
from marketplace.core.errors import ErrorCode, ServiceError
from orders.models import Checkout, Order, OrderLine, VendorOrder
from orders.services.complete import checkout_complete
from tests.concurrency import run_in_threads
from tests.factories import (
    AgreementFactory,
    ProductVariantFactory,
    ShowroomFactory,
    StockFactory,
    WarehouseFactory,
)
from tests.orders.helpers import ready_checkout, variant_in_stock

pytestmark = pytest.mark.django_db


def complete(checkout, method="COD"):
    return checkout_complete(actor=None, checkout=checkout, payment_method=method)


def three_producers_six_lines():
    lines = []
    for _producer in range(3):
        first = variant_in_stock(price=100_000)
        second = ProductVariantFactory(product__vendor=first.vendor, price=50_000)
        StockFactory(variant=second, location=first.stocks.get().location, quantity=10)
        lines += [(first, 2), (second, 1)]
    return lines


def test_one_order_split_per_producer_with_snapshots_and_allocations(
    django_assert_max_num_queries,
):
    checkout = ready_checkout(three_producers_six_lines())
    with django_assert_max_num_queries(40):
        done = complete(checkout)
    order = done.order
    assert order.status == Order.Status.PLACED and order.payment_method == "cod"
    assert (order.subtotal, order.shipping_total, order.total) == (750_000, 90_000, 840_000)
    assert order.vendor_orders.count() == 3
    assert set(order.vendor_orders.values_list("status", flat=True)) == {"unconfirmed"}
    assert OrderLine.objects.filter(vendor_order__order=order).count() == 6
    assert sorted(Stock.objects.values_list("quantity_allocated", flat=True)) == [1, 1, 1, 2, 2, 2]
    assert (
        StockMovement.objects.filter(kind="allocation", reference=f"order:{order.pk}").count() == 6
    )
    assert done.payment.amount == 840_000 and done.payment.gateway == "cod"
    assert not Checkout.objects.exists()
    assert order.number.startswith("OCOP")


def test_insufficient_stock_names_the_line_and_writes_nothing():
    plenty, scarce = variant_in_stock(10), variant_in_stock(3)
    checkout = ready_checkout([(plenty, 1), (scarce, 3)])
    Stock.objects.filter(variant=scarce).update(quantity_allocated=1)  # someone else took one
    with pytest.raises(ServiceError) as caught:
        complete(checkout)
    error = caught.value.errors[0]
    assert (error.code, error.field) == (ErrorCode.INSUFFICIENT_STOCK, "lines.1")
    assert scarce.sku in error.message
    assert not Order.objects.exists() and not StockMovement.objects.exists()
    assert Stock.objects.get(variant=plenty).quantity_allocated == 0
    assert Checkout.objects.filter(pk=checkout.pk).exists()


def test_every_group_needs_a_delivery_method():
    variant = variant_in_stock()
    checkout = ready_checkout([(variant, 1)])
    checkout.deliveries.all().delete()
    with pytest.raises(ServiceError) as caught:
        complete(checkout)
    assert [(e.code, e.field) for e in caught.value.errors] == [
        (ErrorCode.REQUIRED, "delivery_method")
    ]


def test_an_unknown_payment_method_is_invalid():
    checkout = ready_checkout([(variant_in_stock(), 1)])
    with pytest.raises(ServiceError) as caught:
        complete(checkout, method="BITCOIN")
    assert caught.value.errors[0].field == "payment_method"


def test_delivery_draws_on_the_warehouse_first_then_consigned_showrooms():
    variant = variant_in_stock(quantity=2)
    consigned, not_consigned = ShowroomFactory(), ShowroomFactory()
    AgreementFactory(vendor=variant.vendor, showroom=consigned)
    StockFactory(variant=variant, location=not_consigned, quantity=50)
    StockFactory(variant=variant, location=consigned, quantity=5)
    order = complete(ready_checkout([(variant, 4)])).order
    allocated = dict(Stock.objects.values_list("location_id", "quantity_allocated"))
    warehouse = WarehouseFactory._meta.model.objects.get(kind="warehouse", vendor=variant.vendor)
    assert allocated == {warehouse.pk: 2, consigned.pk: 2, not_consigned.pk: 0}
    assert order.vendor_orders.get().delivery_kind == "shipping"


def test_pickup_allocates_at_its_showroom_and_gets_a_code():
    variant = variant_in_stock(quantity=10)
    showroom = ShowroomFactory()
    AgreementFactory(vendor=variant.vendor, showroom=showroom)
    StockFactory(variant=variant, location=showroom, quantity=3)
    checkout = ready_checkout([(variant, 3)], pickup={variant.vendor_id: showroom})
    vendor_order = complete(checkout).order.vendor_orders.get()
    assert vendor_order.delivery_kind == VendorOrder.DeliveryKind.PICKUP
    assert vendor_order.pickup_location == showroom and vendor_order.shipping_price == 0
    assert len(vendor_order.pickup_code) == 6 and vendor_order.pickup_code.isdigit()
    assert Stock.objects.get(location=showroom).quantity_allocated == 3
    assert Stock.objects.get(location__kind="warehouse").quantity_allocated == 0


def test_online_payments_wait_unpaid_with_a_deadline():
    order = complete(ready_checkout([(variant_in_stock(), 1)]), method="VNPAY").order
    assert order.status == Order.Status.UNPAID
    assert order.payment_status == Order.PaymentStatus.PENDING
    assert order.payment_due_at > order.created_at


def test_a_completed_checkout_cannot_complete_again():
    checkout = ready_checkout([(variant_in_stock(), 1)])
    complete(checkout)
    with pytest.raises(ServiceError) as caught:
        complete(checkout)
    assert caught.value.errors[0].code == ErrorCode.NOT_FOUND
    assert Order.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_shoppers_racing_for_the_last_five_units():
    variant = variant_in_stock(quantity=5)
    checkouts = [ready_checkout([(variant, 1)], email=f"s{i}@example.vn") for i in range(20)]
    connection.close()
    results = run_in_threads(*[lambda c=c: complete(c) for c in checkouts])
    placed = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, ServiceError)]
    assert len(placed) == 5 and len(refused) == 15
    assert all(r.codes == [ErrorCode.INSUFFICIENT_STOCK] for r in refused)
    stock = Stock.objects.get(variant=variant)
    assert (stock.quantity, stock.quantity_allocated) == (5, 5)
    assert Order.objects.count() == 5


def test_release_and_fulfil_spend_the_allocation_once():
    from orders.services.allocation import fulfil_allocations, release_allocations

    a, b = variant_in_stock(5), variant_in_stock(5)
    order = complete(ready_checkout([(a, 2), (b, 3)])).order
    part_a, part_b = order.vendor_orders.order_by("vendor_id")
    if part_a.vendor_id != a.vendor_id:
        part_a, part_b = part_b, part_a
    release_allocations(vendor_orders=[part_a])
    release_allocations(vendor_orders=[part_a])  # again: nothing left to release
    fulfil_allocations(vendor_orders=[part_b])
    stock_a, stock_b = Stock.objects.get(variant=a), Stock.objects.get(variant=b)
    assert (stock_a.quantity, stock_a.quantity_allocated) == (5, 0)
    assert (stock_b.quantity, stock_b.quantity_allocated) == (2, 0)
    kinds = list(StockMovement.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["allocation", "allocation", "release", "fulfilment"]
