import pytest

from inventory.models import StockMovement, Transfer
from inventory.services.ledger import stock_allocate, stock_open
from inventory.services.transfers import (
    TransferLineInput,
    transfer_cancel,
    transfer_create,
    transfer_receive,
)
from marketplace.core.errors import ErrorCode, ServiceError
from tests.factories import (
    ProductVariantFactory,
    ShowroomFactory,
    StockFactory,
    WarehouseFactory,
)
from tests.inventory.helpers import assert_ledger_balances, quantity_at

pytestmark = pytest.mark.django_db

Kind = StockMovement.Kind


@pytest.fixture
def goods(warehouse, make_variants):
    variants = make_variants(2)
    rows = [StockFactory(location=warehouse, variant=v, quantity=0) for v in variants]
    stock_open(stocks_with_quantities=[(rows[0], 10), (rows[1], 4)])
    return variants


def send(actor, source, destination, lines, note=""):
    return transfer_create(
        actor=actor,
        source=source,
        destination=destination,
        lines=[TransferLineInput(v, n) for v, n in lines],
        note=note,
    )


def error_of(call):
    with pytest.raises(ServiceError) as error:
        call()
    return error.value.codes[0], error.value.errors[0].field


def test_create_takes_the_goods_from_the_warehouse(owner, warehouse, showroom, agreement, goods):
    transfer = send(owner, warehouse, showroom, [(goods[0], 6), (goods[1], 4)], note=" lô 1 ")

    assert (transfer.status, transfer.vendor, transfer.note) == (
        "in_transit",
        warehouse.vendor,
        "lô 1",
    )
    assert [(line.variant, line.quantity_sent) for line in transfer.lines.all()] == [
        (goods[0], 6),
        (goods[1], 4),
    ]
    assert (quantity_at(warehouse, goods[0]), quantity_at(warehouse, goods[1])) == (4, 0)
    assert quantity_at(showroom, goods[0]) is None
    out = StockMovement.objects.filter(kind=Kind.TRANSFER_OUT)
    assert {m.reference for m in out} == {f"transfer:{transfer.pk}"}
    assert_ledger_balances()


def test_receive_with_short_quantities(owner, clerk, warehouse, showroom, agreement, goods):
    transfer = send(owner, warehouse, showroom, [(goods[0], 6), (goods[1], 4)])

    received = transfer_receive(actor=clerk, transfer=transfer, received={goods[0].pk: 5})

    assert (received.status, received.received_by_user) == ("received", clerk)
    assert received.received_at is not None
    assert [(line.quantity_received, line.shortfall) for line in received.lines.all()] == [
        (5, 1),
        (4, 0),
    ]
    assert (quantity_at(showroom, goods[0]), quantity_at(showroom, goods[1])) == (5, 4)
    assert StockMovement.objects.filter(kind=Kind.TRANSFER_IN).count() == 2
    assert_ledger_balances()


def test_nothing_received_of_a_line_writes_no_movement(
    owner, device, warehouse, showroom, agreement, goods
):
    token, _raw = device
    transfer = send(owner, warehouse, showroom, [(goods[0], 6), (goods[1], 4)])
    received = transfer_receive(actor=token, transfer=transfer, received={goods[1].pk: 0})
    assert received.received_by_token == token
    assert StockMovement.objects.filter(kind=Kind.TRANSFER_IN).count() == 1


@pytest.mark.parametrize("received", ["unknown", "too many", "negative", "text"])
def test_receive_validation(owner, clerk, warehouse, showroom, agreement, goods, received):
    transfer = send(owner, warehouse, showroom, [(goods[0], 6)])
    received = {
        "unknown": {0: 1},
        "too many": {goods[0].pk: 7},
        "negative": {goods[0].pk: -1},
        "text": {goods[0].pk: "6"},
    }[received]
    assert error_of(
        lambda: transfer_receive(actor=clerk, transfer=transfer, received=received)
    ) == (
        ErrorCode.INVALID,
        "lines",
    )
    assert quantity_at(showroom, goods[0]) is None


def test_received_once_only(owner, clerk, warehouse, showroom, agreement, goods):
    transfer = send(owner, warehouse, showroom, [(goods[0], 6)])
    transfer_receive(actor=clerk, transfer=transfer, received={})
    for call in (
        lambda: transfer_receive(actor=clerk, transfer=transfer, received={}),
        lambda: transfer_cancel(actor=owner, transfer=transfer),
    ):
        assert error_of(call)[0] == ErrorCode.INVALID_TRANSITION
    assert quantity_at(showroom, goods[0]) == 6


def test_cancel_returns_the_goods(owner, clerk, warehouse, showroom, agreement, goods):
    transfer = send(owner, warehouse, showroom, [(goods[0], 6)])
    cancelled = transfer_cancel(actor=owner, transfer=transfer)

    assert cancelled.status == Transfer.Status.CANCELLED
    assert quantity_at(warehouse, goods[0]) == 10
    back = StockMovement.objects.get(kind=Kind.TRANSFER_IN)
    assert (back.quantity_delta, back.reason, back.stock.location) == (6, "cancelled", warehouse)
    assert error_of(lambda: transfer_receive(actor=clerk, transfer=transfer))[0] == (
        ErrorCode.INVALID_TRANSITION
    )
    assert_ledger_balances()


def test_the_showroom_cannot_cancel_and_strangers_cannot_receive(
    owner, clerk, other_owner, warehouse, showroom, agreement, goods
):
    transfer = send(owner, warehouse, showroom, [(goods[0], 6)])
    assert error_of(lambda: transfer_cancel(actor=clerk, transfer=transfer))[0] == (
        ErrorCode.PERMISSION_DENIED
    )
    assert error_of(lambda: transfer_receive(actor=other_owner, transfer=transfer))[0] == (
        ErrorCode.PERMISSION_DENIED
    )


def test_a_destination_without_an_agreement_is_refused(owner, warehouse, goods):
    assert error_of(lambda: send(owner, warehouse, ShowroomFactory(), [(goods[0], 1)])) == (
        ErrorCode.INVALID,
        "destination_id",
    )


def test_another_producers_warehouse_or_goods_are_refused(
    owner, warehouse, showroom, agreement, goods
):
    assert error_of(lambda: send(owner, warehouse, WarehouseFactory(), [(goods[0], 1)])) == (
        ErrorCode.INVALID,
        "destination_id",
    )
    foreign = ProductVariantFactory()
    assert error_of(lambda: send(owner, warehouse, showroom, [(foreign, 1)])) == (
        ErrorCode.INVALID,
        "lines.0.variant_id",
    )


def test_another_producer_cannot_send_from_the_warehouse(
    other_owner, clerk, warehouse, showroom, agreement, goods
):
    for actor in (other_owner, clerk):
        assert error_of(lambda actor=actor: send(actor, warehouse, showroom, [(goods[0], 1)]))[
            0
        ] == (ErrorCode.PERMISSION_DENIED)


def test_between_two_warehouses_of_the_producer(owner, warehouse, vendor, goods):
    second = WarehouseFactory(vendor=vendor, name="Kho 2")
    transfer = send(owner, warehouse, second, [(goods[1], 4)])
    transfer_receive(actor=owner, transfer=transfer)
    assert quantity_at(second, goods[1]) == 4


def test_not_more_than_available(owner, warehouse, showroom, agreement, goods):
    stock_allocate(lines=[(goods[0].stocks.get(), 5)], reference="order:1")
    assert error_of(lambda: send(owner, warehouse, showroom, [(goods[1], 1), (goods[0], 6)])) == (
        ErrorCode.INSUFFICIENT_STOCK,
        "lines.1.quantity",
    )
    assert not Transfer.objects.exists()
    assert quantity_at(warehouse, goods[1]) == 4


@pytest.mark.parametrize(
    ("lines", "field"),
    [("none", "lines"), ("twice", "lines.1.variant_id"), ("zero", "lines.0.quantity")],
)
def test_line_validation(owner, warehouse, showroom, agreement, goods, lines, field):
    lines = {"none": [], "twice": [(goods[0], 1), (goods[0], 1)], "zero": [(goods[0], 0)]}[lines]
    assert error_of(lambda: send(owner, warehouse, showroom, lines))[1] == field


def test_goods_leave_from_a_warehouse_only(staff, showroom, agreement, goods):
    other = ShowroomFactory()
    assert error_of(lambda: send(staff, showroom, other, [(goods[0], 1)])) == (
        ErrorCode.INVALID,
        "source_id",
    )
