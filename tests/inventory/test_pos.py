from decimal import Decimal

import pytest

from inventory.models import PosSale, PosSaleLine, Stock, StockMovement
from inventory.services.ledger import stock_allocate
from inventory.services.pos import PosLine, _commission_of, pos_sale_record
from inventory.services.sync import SyncItem, stock_sync
from marketplace.core.errors import ErrorCode, ServiceError
from tests.factories import AgreementFactory, ProductVariantFactory, ShowroomFactory
from tests.inventory.helpers import assert_ledger_balances, quantity_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def stocked(clerk, showroom, agreement, make_variants):
    variants = make_variants(2)
    stock_sync(
        actor=clerk,
        location=showroom,
        mode="SET",
        idempotency_key="open",
        items=[SyncItem("CHE-00000", 5), SyncItem("CHE-00001", 3)],
    )
    return variants


def sell(actor, location, lines, *, sale_id="s1", paid_with="CASH"):
    return pos_sale_record(
        actor=actor,
        location=location,
        client_sale_id=sale_id,
        lines=[PosLine(*line) for line in lines],
        paid_with=paid_with,
    )


def nothing_written(call, code, field):
    counts = (PosSale.objects.count(), StockMovement.objects.count())
    quantities = list(Stock.objects.order_by("pk").values_list("quantity", flat=True))
    with pytest.raises(ServiceError) as error:
        call()
    assert (error.value.codes, error.value.errors[0].field) == ([code], field)
    assert (PosSale.objects.count(), StockMovement.objects.count()) == counts
    assert list(Stock.objects.order_by("pk").values_list("quantity", flat=True)) == quantities
    return error.value


def test_a_sale_takes_the_stock_and_splits_the_commission(clerk, showroom, stocked, vendor):
    outcome = sell(clerk, showroom, [("CHE-00000", 2, 120_000), ("CHE-00001", 1, 85_000)])

    sale = outcome.sale
    assert not outcome.replayed
    assert (sale.total, sale.paid_with, sale.recorded_by_user) == (325_000, "cash", clerk)
    line = sale.lines.first()
    assert (line.vendor, line.line_total, line.commission_rate) == (vendor, 240_000, Decimal(15))
    assert (line.commission_amount, line.producer_amount) == (36_000, 204_000)
    assert quantity_at(showroom, stocked[0]) == 3
    movement = StockMovement.objects.filter(kind=StockMovement.Kind.POS_SALE).first()
    assert (movement.quantity_delta, movement.reference) == (-2, f"pos:{sale.pk}")
    assert_ledger_balances()


@pytest.mark.parametrize(
    ("total", "rate", "commission"),
    [
        (10_001, "12.5", 1250),
        (10_004, "12.5", 1251),
        (3, "50", 2),
        (1, "50", 1),
        (999, "0", 0),
        (7, "100", 7),
        (33_333, "33.33", 11_110),
        (100, "0.5", 1),
    ],
)
def test_commission_rounds_half_up_to_whole_dong(total, rate, commission):
    assert _commission_of(total, Decimal(rate)) == commission


def test_exactly_once_per_client_sale_id(clerk, showroom, stocked):
    first = sell(clerk, showroom, [("CHE-00000", 2, 100)])
    again = sell(clerk, showroom, [("CHE-00000", 2, 100)])

    assert again.replayed and again.sale == first.sale
    assert quantity_at(showroom, stocked[0]) == 3
    assert PosSale.objects.count() == 1 and PosSaleLine.objects.count() == 1


@pytest.mark.parametrize(
    ("lines", "paid_with"),
    [
        ([("CHE-00000", 1, 100)], "CASH"),
        ([("CHE-00000", 2, 101)], "CASH"),
        ([("CHE-00000", 2, 100)], "QR"),
        ([("CHE-00000", 2, 100), ("CHE-00001", 1, 1)], "CASH"),
    ],
)
def test_a_reused_sale_id_with_another_payload_is_invalid(
    clerk, showroom, stocked, lines, paid_with
):
    sell(clerk, showroom, [("CHE-00000", 2, 100)])
    nothing_written(
        lambda: sell(clerk, showroom, lines, paid_with=paid_with),
        ErrorCode.INVALID,
        "client_sale_id",
    )


def test_insufficient_stock_writes_nothing(clerk, showroom, stocked):
    error = nothing_written(
        lambda: sell(clerk, showroom, [("CHE-00001", 1, 100), ("CHE-00000", 6, 100)]),
        ErrorCode.INSUFFICIENT_STOCK,
        "lines.1.quantity",
    )
    assert "CHE-00000" in str(error)
    # the id stays free: the corrected sale goes through
    assert not sell(clerk, showroom, [("CHE-00000", 5, 100)]).replayed


def test_allocated_units_are_not_for_sale(clerk, showroom, stocked):
    stock_allocate(lines=[(Stock.objects.get(variant=stocked[0]), 4)], reference="order:1")
    nothing_written(
        lambda: sell(clerk, showroom, [("CHE-00000", 2, 100)]),
        ErrorCode.INSUFFICIENT_STOCK,
        "lines.0.quantity",
    )


def test_two_lines_of_one_sku_add_up(clerk, showroom, stocked):
    nothing_written(
        lambda: sell(clerk, showroom, [("CHE-00000", 3, 100), ("CHE-00000", 3, 90)]),
        ErrorCode.INSUFFICIENT_STOCK,
        "lines.1.quantity",
    )
    sell(clerk, showroom, [("CHE-00000", 3, 100), ("CHE-00000", 2, 90)])
    assert quantity_at(showroom, stocked[0]) == 0
    assert_ledger_balances()


def test_a_sku_not_consigned_here_is_not_found(clerk, showroom, stocked):
    ProductVariantFactory(sku="OTHER-1")
    for sku in ("OTHER-1", "NOPE"):
        nothing_written(
            lambda sku=sku: sell(clerk, showroom, [(sku, 1, 100)]),
            ErrorCode.NOT_FOUND,
            "lines.0.sku",
        )


def test_a_consigned_sku_without_a_stock_row_is_insufficient(clerk, showroom, stocked, vendor):
    ProductVariantFactory(product__vendor=vendor, sku="NEW-1")
    nothing_written(
        lambda: sell(clerk, showroom, [("NEW-1", 1, 100)]),
        ErrorCode.INSUFFICIENT_STOCK,
        "lines.0.quantity",
    )


def test_each_producer_gets_its_own_rate(clerk, showroom, stocked):
    other = AgreementFactory(showroom=showroom, commission_rate=Decimal("20"))
    ProductVariantFactory(product__vendor=other.vendor, sku="MIEN-1")
    stock_sync(
        actor=clerk,
        location=showroom,
        mode="SET",
        idempotency_key="k2",
        items=[SyncItem("MIEN-1", 2)],
    )
    sale = sell(clerk, showroom, [("CHE-00000", 1, 1000), ("MIEN-1", 1, 1000)]).sale
    assert [(line.vendor_id, line.commission_amount) for line in sale.lines.all()] == [
        (stocked[0].vendor_id, 150),
        (other.vendor_id, 200),
    ]


@pytest.mark.parametrize(
    ("lines", "kwargs", "field"),
    [
        ([], {}, "lines"),
        ([("", 1, 1)], {}, "lines.0.sku"),
        ([("CHE-00000", 0, 1)], {}, "lines.0.quantity"),
        ([("CHE-00000", 1, -1)], {}, "lines.0.unit_price"),
        ([("CHE-00000", 1, 1)], {"paid_with": "IOU"}, "paid_with"),
        ([("CHE-00000", 1, 1)], {"sale_id": " "}, "client_sale_id"),
    ],
)
def test_validation(clerk, showroom, stocked, lines, kwargs, field):
    with pytest.raises(ServiceError) as error:
        sell(clerk, showroom, lines, **kwargs)
    assert error.value.errors[0].field == field
    assert not PosSale.objects.exists()


def test_sales_are_recorded_at_showrooms_only(owner, warehouse, stocked):
    with pytest.raises(ServiceError) as error:
        sell(owner, warehouse, [("CHE-00000", 1, 1)])
    assert error.value.errors[0].field == "location_id"


def test_only_the_showrooms_people_and_devices_sell(other_owner, device, showroom, stocked):
    token, _raw = device
    elsewhere = ShowroomFactory()
    for actor, location in ((other_owner, showroom), (token, elsewhere), (None, showroom)):
        with pytest.raises(ServiceError) as error:
            sell(actor, location, [("CHE-00000", 1, 1)])
        assert error.value.codes == [ErrorCode.PERMISSION_DENIED]
    sale = sell(token, showroom, [("CHE-00000", 1, 1)], paid_with="qr").sale
    assert (sale.recorded_by_token, sale.recorded_by_user) == (token, None)
