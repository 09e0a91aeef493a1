import pytest
from django.db import connection

from inventory.models import Stock, StockMovement, StockSyncRequest
from inventory.services.ledger import stock_allocate
from inventory.services.sync import SyncItem, SyncMode, SyncStatus, stock_sync
from marketplace.core.errors import ErrorCode, ServiceError
from tests.factories import AgreementFactory, ProductVariantFactory, StockFactory, VendorFactory
from tests.inventory.helpers import assert_ledger_balances, quantity_at

pytestmark = pytest.mark.django_db

SET, ADJUST = SyncMode.SET, SyncMode.ADJUST


def sync(actor, location, items, *, mode=SET, key="k1", reason=""):
    return stock_sync(
        actor=actor,
        location=location,
        mode=mode,
        idempotency_key=key,
        items=[SyncItem(*item) for item in items],
        reason=reason,
    )


def statuses(outcome):
    return [(r.sku, r.status, r.quantity) for r in outcome.results]


@pytest.fixture
def teas(make_variants, agreement):
    return make_variants(3)


def test_set_creates_rows_and_records_sync_set_movements(clerk, showroom, teas):
    outcome = sync(clerk, showroom, [("CHE-00000", 12), ("CHE-00001", 0)], reason="closing")

    assert not outcome.replayed
    assert statuses(outcome) == [
        ("CHE-00000", SyncStatus.APPLIED, 12),
        ("CHE-00001", SyncStatus.APPLIED, 0),
    ]
    assert quantity_at(showroom, teas[0]) == 12
    movement = StockMovement.objects.get()  # the unchanged 0 → 0 writes none
    assert (movement.kind, movement.quantity_before, movement.quantity_after) == (
        StockMovement.Kind.SYNC_SET,
        0,
        12,
    )
    assert (movement.reference, movement.reason, movement.actor_user) == (
        "sync:k1",
        "closing",
        clerk,
    )
    assert_ledger_balances()


def test_adjust_adds_and_removes(clerk, showroom, teas):
    sync(clerk, showroom, [("CHE-00000", 10)])
    outcome = sync(clerk, showroom, [("CHE-00000", -3), ("CHE-00001", 4)], mode=ADJUST, key="k2")

    assert statuses(outcome) == [
        ("CHE-00000", SyncStatus.APPLIED, 7),
        ("CHE-00001", SyncStatus.APPLIED, 4),
    ]
    kinds = list(StockMovement.objects.values_list("kind", "quantity_delta"))
    assert kinds == [("sync_set", 10), ("adjustment", -3), ("adjustment", 4)]
    assert_ledger_balances()


def test_compare_and_set_applies_only_on_the_expected_quantity(clerk, showroom, teas):
    sync(clerk, showroom, [("CHE-00000", 10)])

    outcome = sync(clerk, showroom, [("CHE-00000", 8, 9), ("CHE-00000x", 1)], key="k2")
    assert statuses(outcome)[0] == ("CHE-00000", SyncStatus.STALE, 10)

    outcome = sync(clerk, showroom, [("CHE-00000", 8, 10)], key="k3")
    assert statuses(outcome) == [("CHE-00000", SyncStatus.APPLIED, 8)]
    assert quantity_at(showroom, teas[0]) == 8


def test_set_below_allocated_is_refused(clerk, showroom, teas):
    sync(clerk, showroom, [("CHE-00000", 10)])
    stock_allocate(lines=[(Stock.objects.get(), 6)], reference="order:1")

    outcome = sync(clerk, showroom, [("CHE-00000", 5), ("CHE-00001", 2)], key="k2")

    assert statuses(outcome) == [
        ("CHE-00000", SyncStatus.WOULD_GO_NEGATIVE, 10),
        ("CHE-00001", SyncStatus.APPLIED, 2),
    ]
    assert sync(clerk, showroom, [("CHE-00000", 6)], key="k3").results[0].status == "APPLIED"


def test_adjust_below_zero_or_allocated_is_refused(clerk, showroom, teas):
    sync(clerk, showroom, [("CHE-00000", 3), ("CHE-00001", 5)])
    stock_allocate(lines=[(Stock.objects.get(variant=teas[1]), 4)], reference="order:1")

    outcome = sync(clerk, showroom, [("CHE-00000", -4), ("CHE-00001", -2)], mode=ADJUST, key="2")

    assert [r.status for r in outcome.results] == ["WOULD_GO_NEGATIVE", "WOULD_GO_NEGATIVE"]
    assert quantity_at(showroom, teas[0]) == 3
    assert_ledger_balances()


def test_unknown_and_not_consigned_skus(clerk, showroom, teas):
    stranger = ProductVariantFactory(sku="OTHER-1")  # a producer without an agreement here
    ended = AgreementFactory(showroom=showroom, ends_on=None)
    ended_variant = ProductVariantFactory(product__vendor=ended.vendor, sku="ENDED-1")
    ended.ends_on = ended.starts_on
    ended.is_active = False
    ended.save()

    outcome = sync(clerk, showroom, [("NOPE", 1), ("OTHER-1", 1), ("ENDED-1", 1)])

    assert statuses(outcome) == [
        ("NOPE", SyncStatus.UNKNOWN_SKU, None),
        ("OTHER-1", SyncStatus.NOT_CONSIGNED, None),
        ("ENDED-1", SyncStatus.NOT_CONSIGNED, None),
    ]
    assert not Stock.objects.filter(variant__in=[stranger, ended_variant]).exists()


def test_an_agreement_past_its_end_date_no_longer_consigns(clerk, showroom):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    past = AgreementFactory(
        showroom=showroom,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today - datetime.timedelta(days=1),
    )
    ProductVariantFactory(product__vendor=past.vendor, sku="PAST-1")

    assert sync(clerk, showroom, [("PAST-1", 1)]).results[0].status == "NOT_CONSIGNED"


@pytest.mark.parametrize(
    "item",
    [
        ("CHE-00000", -1),
        ("CHE-00000", None),
        ("CHE-00000", 1_000_001),
        ("CHE-00000", True),
        ("CHE-00000", "5"),
        ("CHE-00000", 1.5),
        ("", 1),
        ("CHE-00000", 1, -1),
    ],
)
def test_bad_numbers_are_invalid_and_do_not_block_good_rows(clerk, showroom, teas, item):
    outcome = sync(clerk, showroom, [item, ("CHE-00001", 3)])

    assert outcome.results[0].status == SyncStatus.INVALID
    assert statuses(outcome)[1] == ("CHE-00001", SyncStatus.APPLIED, 3)
    assert quantity_at(showroom, teas[0]) is None


def test_a_duplicated_sku_is_invalid_everywhere_in_the_call(clerk, showroom, teas):
    outcome = sync(clerk, showroom, [("CHE-00000", 1), ("CHE-00001", 2), ("CHE-00000", 3)])

    assert [r.status for r in outcome.results] == ["INVALID", "APPLIED", "INVALID"]
    assert quantity_at(showroom, teas[0]) is None


def test_a_sku_two_consigned_producers_share_is_invalid(clerk, showroom, teas):
    other = AgreementFactory(showroom=showroom).vendor
    ProductVariantFactory(product__vendor=other, sku="CHE-00000")

    assert sync(clerk, showroom, [("CHE-00000", 1)]).results[0].status == "INVALID"


def test_adjust_may_be_negative_but_set_may_not(clerk, showroom, teas):
    sync(clerk, showroom, [("CHE-00000", 5)])
    outcome = sync(clerk, showroom, [("CHE-00000", -5)], mode=ADJUST, key="k2")
    assert statuses(outcome) == [("CHE-00000", SyncStatus.APPLIED, 0)]


def test_replay_returns_the_first_results_and_applies_nothing(clerk, showroom, teas):
    first = sync(clerk, showroom, [("CHE-00000", 5, 0), ("NOPE", 1)], mode=SET)
    sync(clerk, showroom, [("CHE-00000", 7)], key="k2")  # someone else counts since

    again = sync(clerk, showroom, [("CHE-00000", 5, 0), ("NOPE", 1)], mode=SET)

    assert again.replayed
    assert again.results == first.results
    assert quantity_at(showroom, teas[0]) == 7
    assert StockMovement.objects.count() == 2
    assert StockSyncRequest.objects.count() == 2


def test_a_reused_key_with_another_body_is_invalid(clerk, showroom, teas):
    sync(clerk, showroom, [("CHE-00000", 5)])

    for items, mode in (([("CHE-00000", 6)], SET), ([("CHE-00000", 5)], ADJUST)):
        with pytest.raises(ServiceError) as error:
            sync(clerk, showroom, items, mode=mode)
        assert error.value.codes == [ErrorCode.INVALID]
        assert error.value.errors[0].field == "idempotency_key"
    assert quantity_at(showroom, teas[0]) == 5


def test_keys_are_per_location(clerk, showroom, teas, vendor, owner, warehouse):
    sync(clerk, showroom, [("CHE-00000", 5)])
    outcome = sync(owner, warehouse, [("CHE-00000", 9)])
    assert not outcome.replayed
    assert quantity_at(warehouse, teas[0]) == 9


def test_warehouse_syncs_its_producers_skus_only(owner, warehouse, teas):
    ProductVariantFactory(sku="OTHER-1")
    outcome = sync(owner, warehouse, [("CHE-00002", 4), ("OTHER-1", 1)])
    assert [r.status for r in outcome.results] == ["APPLIED", "NOT_CONSIGNED"]


@pytest.mark.parametrize(
    ("mode", "key", "field"),
    [("SOMETIMES", "k", "mode"), (SET, "", "idempotency_key"), (SET, "x" * 121, "idempotency_key")],
)
def test_bad_calls_are_refused_whole(clerk, showroom, teas, mode, key, field):
    with pytest.raises(ServiceError) as error:
        sync(clerk, showroom, [("CHE-00000", 1)], mode=mode, key=key)
    assert error.value.errors[0].field == field
    assert not StockSyncRequest.objects.exists()


def test_too_many_items_are_refused(clerk, showroom, monkeypatch):
    monkeypatch.setattr("inventory.services.sync.MAX_SYNC_ITEMS", 2)
    with pytest.raises(ServiceError) as error:
        sync(clerk, showroom, [("A", 1), ("B", 1), ("C", 1)])
    assert error.value.errors[0].field == "items"


def test_mode_may_be_given_as_text(clerk, showroom, teas):
    assert sync(clerk, showroom, [("CHE-00000", 2)], mode="adjust").results[0].quantity == 2


def test_a_failure_leaves_the_key_free_for_a_retry(clerk, showroom, teas, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("connection lost")

    monkeypatch.setattr("inventory.services.ledger.save_moves", boom)
    with pytest.raises(RuntimeError):
        sync(clerk, showroom, [("CHE-00000", 2)])
    monkeypatch.undo()

    assert not sync(clerk, showroom, [("CHE-00000", 2)]).replayed
    assert quantity_at(showroom, teas[0]) == 2


# One budget whatever the number of items. SQLite's 999-parameter limit makes Django split
# the bulk writes of 300 rows into a few statements; PostgreSQL sends each in one.
QUERY_BUDGET = 15 if connection.vendor == "postgresql" else 19


@pytest.mark.parametrize("count", [10, 300])
def test_the_query_count_does_not_grow_with_items(
    clerk, showroom, agreement, vendor, django_assert_max_num_queries, count
):
    variants = [
        ProductVariantFactory(product__vendor=vendor, sku=f"Q-{i:04d}") for i in range(count)
    ]
    for variant in variants[: count // 2]:
        StockFactory(location=showroom, variant=variant, quantity=1)
    items = [(v.sku, 5) for v in variants] + [("NOPE", 1), ("Q-0000", 1)]

    with django_assert_max_num_queries(QUERY_BUDGET):
        outcome = sync(clerk, showroom, items)

    assert sum(r.status == "APPLIED" for r in outcome.results) == count - 1


def test_other_producers_stock_is_untouched(clerk, showroom, teas):
    outsider = VendorFactory()
    assert sync(clerk, showroom, [("CHE-00000", 1)]).results[0].status == "APPLIED"
    assert not Stock.objects.filter(variant__vendor=outsider).exists()


@pytest.mark.postgres
def test_the_query_count_stays_flat_for_thousands_on_postgresql(
    clerk, showroom, agreement, vendor, django_assert_max_num_queries
):
    from catalog.models import ProductVariant

    product = ProductVariantFactory(product__vendor=vendor, sku="BIG-00000").product
    ProductVariant.objects.bulk_create(
        ProductVariant(product=product, vendor=vendor, sku=f"BIG-{i:05d}", name="x", price=1)
        for i in range(1, 3000)
    )
    items = [(f"BIG-{i:05d}", i % 7) for i in range(3000)]

    with django_assert_max_num_queries(QUERY_BUDGET):
        outcome = sync(clerk, showroom, items)

    assert all(r.status == "APPLIED" for r in outcome.results)
    assert_ledger_balances()


WEIRD = ['A"B', "x\\y", "NULL", "{a,b}", "chè ' xanh", " ", 'a\\"b', "tab\there"]


def test_odd_skus_and_reasons_survive_a_large_call(clerk, showroom, agreement, vendor):
    """Large calls take another path to the database on PostgreSQL (array parameters)."""
    variants = [ProductVariantFactory(product__vendor=vendor, sku=f"L-{i:04d}") for i in range(110)]
    ProductVariantFactory(product__vendor=vendor, sku="NULL")
    items = [(v.sku, 2) for v in variants] + [(sku, 1) for sku in WEIRD]
    reason = 'kiểm kê "cuối ngày", {ca 2} \\ NULL'

    outcome = sync(clerk, showroom, items, reason=reason)

    by_sku = {r.sku: r.status for r in outcome.results}
    assert by_sku["NULL"] == "APPLIED" and by_sku["L-0109"] == "APPLIED"
    assert by_sku['A"B'] == by_sku["x\\y"] == by_sku["{a,b}"] == "UNKNOWN_SKU"
    assert by_sku[" "] == "INVALID"  # blank
    assert set(StockMovement.objects.values_list("reason", flat=True)) == {reason}
    assert_ledger_balances()


def test_a_sku_longer_than_any_is_unknown_even_in_a_large_call(clerk, showroom, teas, vendor):
    long_sku = "L" * 64
    ProductVariantFactory(product__vendor=vendor, sku=long_sku)
    items = [(long_sku + "X", 1)] + [(f"N-{i}", 1) for i in range(120)]
    assert sync(clerk, showroom, items).results[0].status == "UNKNOWN_SKU"


@pytest.mark.parametrize(
    "reason", ['đếm cuối ngày "quầy 2"', "back\\slash {a,b} NULL", "dấu phẩy, và ngoặc ()"]
)
def test_free_text_reaches_the_ledger_unchanged(clerk, showroom, teas, reason):
    """Large syncs take PostgreSQL's array path: quoting there must not alter what was said."""
    sync(clerk, showroom, [(f"CHE-0000{i}", 5 + i) for i in range(3)], reason=reason)
    assert set(StockMovement.objects.values_list("reason", flat=True)) == {reason}
