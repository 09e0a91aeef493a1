import pytest

from inventory.lock_objects import lock_stocks
from inventory.models import Stock, StockMovement
from inventory.services import ledger
from inventory.services.ledger import (
    move,
    stock_adjust,
    stock_allocate,
    stock_fulfil,
    stock_open,
    stock_release,
)
from marketplace.core.errors import ErrorCode, ServiceError
from tests.factories import ProductVariantFactory, StockFactory
from tests.inventory.helpers import assert_ledger_balances

pytestmark = pytest.mark.django_db

Kind = StockMovement.Kind


@pytest.fixture
def stock(warehouse, make_variants):
    row = StockFactory(location=warehouse, variant=make_variants(1)[0], quantity=0)
    stock_open(stocks_with_quantities=[(row, 10)])
    row.refresh_from_db()
    return row


def movements():
    return list(StockMovement.objects.values_list("kind", "quantity_delta", "allocated_delta"))


def refused(call, code=ErrorCode.INSUFFICIENT_STOCK):
    before = (list(Stock.objects.values_list("quantity", "quantity_allocated")), movements())
    with pytest.raises(ServiceError) as error:
        call()
    assert error.value.codes == [code]
    assert (list(Stock.objects.values_list("quantity", "quantity_allocated")), movements()) == (
        before
    )


def test_opening_balance(stock):
    assert stock.quantity == 10
    assert movements() == [(Kind.OPENING, 10, 0)]
    movement = StockMovement.objects.get()
    assert (movement.quantity_before, movement.quantity_after) == (0, 10)


def test_allocate_release_fulfil(stock):
    stock_allocate(lines=[(stock, 4)], reference="order:1")
    stock_release(lines=[(stock, 1)], reference="order:1")
    stock_fulfil(lines=[(stock, 3)], reference="order:1")

    stock.refresh_from_db()
    assert (stock.quantity, stock.quantity_allocated) == (7, 0)
    assert movements()[1:] == [
        (Kind.ALLOCATION, 0, 4),
        (Kind.RELEASE, 0, -1),
        (Kind.FULFILMENT, -3, -3),
    ]
    last = StockMovement.objects.last()
    assert (last.allocated_before, last.allocated_after, last.reference) == (3, 0, "order:1")
    assert_ledger_balances()


def test_allocating_more_than_available_is_refused(stock):
    stock_allocate(lines=[(stock, 8)], reference="order:1")
    refused(lambda: stock_allocate(lines=[(stock, 3)], reference="order:2"))


def test_a_refused_line_refuses_the_whole_call(stock, warehouse, make_variants):
    other = StockFactory(location=warehouse, variant=ProductVariantFactory(), quantity=0)
    refused(lambda: stock_allocate(lines=[(stock, 2), (other, 1)], reference="order:1"))


def test_releasing_or_fulfilling_more_than_allocated_is_refused(stock):
    stock_allocate(lines=[(stock, 2)], reference="order:1")
    refused(lambda: stock_release(lines=[(stock, 3)], reference="order:1"))
    refused(lambda: stock_fulfil(lines=[(stock, 3)], reference="order:1"))


@pytest.mark.parametrize("n", [0, -1, True, 1.5])
def test_line_quantities_are_positive_whole_numbers(stock, n):
    refused(lambda: stock_allocate(lines=[(stock, n)], reference="x"), ErrorCode.INVALID)


def test_adjust_records_an_adjustment_with_its_reason(stock, owner, warehouse):
    stock_adjust(actor=owner, location=warehouse, variant=stock.variant, delta=-4, reason="vỡ")
    stock_adjust(actor=owner, location=warehouse, variant=stock.variant, delta=2, reason="đếm")

    stock.refresh_from_db()
    assert stock.quantity == 8
    last = StockMovement.objects.last()
    assert (last.kind, last.reason, last.actor_user) == (Kind.ADJUSTMENT, "đếm", owner)
    assert_ledger_balances()


def test_adjust_creates_the_row_for_a_held_product(owner, warehouse, make_variants):
    variant = make_variants(1, prefix="NEW")[0]
    stock = stock_adjust(actor=owner, location=warehouse, variant=variant, delta=3, reason="x")
    assert (stock.location, stock.quantity) == (warehouse, 3)


def test_adjust_refuses_below_allocated_and_below_zero(stock, owner, warehouse):
    stock_allocate(lines=[(stock, 6)], reference="order:1")
    adjust = lambda delta: stock_adjust(  # noqa: E731
        actor=owner, location=warehouse, variant=stock.variant, delta=delta, reason="x"
    )
    refused(lambda: adjust(-5))
    refused(lambda: adjust(-11))
    adjust(-4)


@pytest.mark.parametrize(
    ("delta", "reason", "field"),
    [(0, "x", "delta"), (1_000_001, "x", "delta"), ("1", "x", "delta"), (1, " ", "reason")],
)
def test_adjust_validation(stock, owner, warehouse, delta, reason, field):
    with pytest.raises(ServiceError) as error:
        stock_adjust(
            actor=owner, location=warehouse, variant=stock.variant, delta=delta, reason=reason
        )
    assert error.value.errors[0].field == field


def test_adjust_refuses_a_product_not_held_here(owner, warehouse):
    with pytest.raises(ServiceError) as error:
        stock_adjust(
            actor=owner, location=warehouse, variant=ProductVariantFactory(), delta=1, reason="x"
        )
    assert error.value.errors[0].field == "variant"


def test_adjust_needs_access(stock, other_owner, warehouse):
    with pytest.raises(ServiceError) as error:
        stock_adjust(
            actor=other_owner, location=warehouse, variant=stock.variant, delta=1, reason="x"
        )
    assert error.value.codes == [ErrorCode.PERMISSION_DENIED]


def test_move_refuses_what_the_database_would(stock):
    row = lock_stocks([stock.pk])[stock.pk]
    for q, a in ((-11, 0), (0, -1), (0, 11), (-5, 6)):
        with pytest.raises(ServiceError):
            move(stock=row, kind=Kind.CORRECTION, quantity_delta=q, allocated_delta=a)
    assert (row.quantity, row.quantity_allocated) == (10, 0)


def test_move_records_before_after_and_the_device(stock, device):
    token, _raw = device
    row = lock_stocks([stock.pk])[stock.pk]
    movement = move(stock=row, kind=Kind.CORRECTION, quantity_delta=-2, actor=token, reference="r")
    ledger.save_moves(stocks=[row], movements=[movement])
    movement.refresh_from_db()
    assert (movement.quantity_before, movement.quantity_after) == (10, 8)
    assert (movement.actor_user, movement.actor_token) == (None, token)
    assert_ledger_balances()


def test_lock_stocks_takes_ids_in_any_order(stock, warehouse):
    other = StockFactory(location=warehouse, variant=ProductVariantFactory(), quantity=0)
    assert list(lock_stocks([other.pk, stock.pk, other.pk])) == sorted([stock.pk, other.pk])
    assert lock_stocks([]) == {}
