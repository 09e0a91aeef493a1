"""Real races on PostgreSQL: two connections at once, each in its own thread."""

import threading

import pytest

from inventory.models import PosSale, StockMovement, StockSyncRequest
from inventory.services.pos import PosLine, pos_sale_record
from inventory.services.sync import SyncItem, stock_sync
from marketplace.core.errors import ErrorCode, ServiceError
from tests.concurrency import holding_the_transaction, run_in_threads
from tests.inventory.helpers import assert_ledger_balances, quantity_at

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def teas(clerk, showroom, agreement, make_variants):
    variants = make_variants(3)
    stock_sync(
        actor=clerk,
        location=showroom,
        mode="SET",
        idempotency_key="opening",
        items=[SyncItem(v.sku, 3) for v in variants],
    )
    return variants


def first_holds_second_waits(first, second):
    """`first` keeps its transaction open until `second` is blocked behind it."""
    ready = threading.Event()

    def then_second():
        assert ready.wait(timeout=10)
        return second()

    return run_in_threads(holding_the_transaction(first, ready), then_second)


def test_two_deliveries_of_one_key_apply_once_with_identical_results(clerk, showroom, teas):
    def deliver():
        return stock_sync(
            actor=clerk,
            location=showroom,
            mode="ADJUST",
            idempotency_key="closing-1",
            items=[SyncItem("CHE-00000", 2), SyncItem("CHE-00001", -1), SyncItem("NOPE", 1)],
        )

    first, second = first_holds_second_waits(deliver, deliver)

    assert not isinstance(second, Exception), second
    assert (first.replayed, second.replayed) == (False, True)
    assert first.results == second.results
    assert (quantity_at(showroom, teas[0]), quantity_at(showroom, teas[1])) == (5, 2)
    assert StockSyncRequest.objects.filter(idempotency_key="closing-1").count() == 1
    assert StockMovement.objects.filter(reference="sync:closing-1").count() == 2
    assert_ledger_balances()


def test_two_deliveries_started_together_apply_once(clerk, showroom, teas):
    def deliver():
        return stock_sync(
            actor=clerk,
            location=showroom,
            mode="ADJUST",
            idempotency_key="k",
            items=[SyncItem("CHE-00002", 4)],
        )

    outcomes = run_in_threads(*[deliver] * 4)

    assert not any(isinstance(o, Exception) for o in outcomes), outcomes
    assert sorted(o.replayed for o in outcomes) == [False, True, True, True]
    assert len({tuple(o.results) for o in outcomes}) == 1
    assert quantity_at(showroom, teas[2]) == 7
    assert_ledger_balances()


def test_racing_compare_and_set_applies_one_and_finds_the_other_stale(clerk, showroom, teas):
    def count(key, quantity):
        return lambda: stock_sync(
            actor=clerk,
            location=showroom,
            mode="SET",
            idempotency_key=key,
            items=[SyncItem("CHE-00000", quantity, expected_quantity=3)],
        )

    first, second = first_holds_second_waits(count("a", 8), count("b", 1))

    assert first.results[0].status == "APPLIED"
    assert (second.results[0].status, second.results[0].quantity) == ("STALE", 8)
    assert quantity_at(showroom, teas[0]) == 8
    assert_ledger_balances()


def test_racing_sales_never_oversell_the_last_units(clerk, showroom, teas):
    def sale(n):
        return lambda: pos_sale_record(
            actor=clerk,
            location=showroom,
            client_sale_id=f"sale-{n}",
            lines=[PosLine("CHE-00000", 2, 50_000)],
            paid_with="CASH",
        )

    outcomes = run_in_threads(*[sale(n) for n in range(4)])

    sold = [o for o in outcomes if not isinstance(o, Exception)]
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(sold) == 1 and len(refused) == 3
    assert all(
        isinstance(e, ServiceError) and e.codes == [ErrorCode.INSUFFICIENT_STOCK] for e in refused
    )
    assert quantity_at(showroom, teas[0]) == 1
    assert PosSale.objects.count() == 1
    assert_ledger_balances()


def test_a_sale_waiting_on_another_sees_what_it_left(clerk, showroom, teas):
    def sale(sale_id, quantity):
        return lambda: pos_sale_record(
            actor=clerk,
            location=showroom,
            client_sale_id=sale_id,
            lines=[PosLine("CHE-00001", quantity, 10_000)],
            paid_with="CARD",
        )

    first, second = first_holds_second_waits(sale("a", 2), sale("b", 2))

    assert first.sale.total == 20_000
    assert isinstance(second, ServiceError) and second.codes == [ErrorCode.INSUFFICIENT_STOCK]
    assert quantity_at(showroom, teas[1]) == 1


def test_the_same_sale_delivered_twice_at_once_is_recorded_once(clerk, showroom, teas):
    def deliver():
        return pos_sale_record(
            actor=clerk,
            location=showroom,
            client_sale_id="once",
            lines=[PosLine("CHE-00002", 1, 10_000)],
            paid_with="QR",
        )

    first, second = first_holds_second_waits(deliver, deliver)

    assert (first.replayed, second.replayed) == (False, True)
    assert first.sale.pk == second.sale.pk
    assert quantity_at(showroom, teas[2]) == 2
