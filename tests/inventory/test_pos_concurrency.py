"""POS webhooks and pulls racing each other on PostgreSQL, in real threads through the webhook
view and the (inline) task: every event applies exactly once, the stock ends at the newest
count, nothing deadlocks (a deadlock would leave an event unapplied and log its error), and the
stock ledger balances."""

import datetime
import logging
import random

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from inventory.models import PosWebhookEvent, StockMovement, StockSyncRequest
from tests.concurrency import run_in_threads
from tests.factories import ProductVariantFactory
from tests.inventory.helpers import assert_ledger_balances, quantity_at
from tests.inventory.pos_support import HARAVAN_API, as_body, fixture, signed_headers

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BRANCH = 1007284
SKUS = [f"MIEN-{n}" for n in range(8)]
VARIANT_IDS = {sku: 2000 + n for n, sku in enumerate(SKUS)}  # the POS's ids of our SKUs


@pytest.fixture
def haravan(make_connection, vendor, agreement):
    """A Haravan connection mapping by SKU code, and the eight variants it counts."""
    variants = {sku: ProductVariantFactory(product__vendor=vendor, sku=sku) for sku in SKUS}
    return make_connection("haravan"), variants


@pytest.fixture
def failures(caplog):
    """Errors logged by anything (a task that raised inside on_commit is logged, not raised)."""
    caplog.set_level(logging.ERROR)
    return lambda: [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def event(counts: dict[str, int], at: datetime.datetime) -> bytes:
    """One Haravan inventory event naming several items (in the order given)."""
    stamp = at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    rows = [
        {"id": VARIANT_IDS[sku] + 1, "loc_id": BRANCH, "variant_id": VARIANT_IDS[sku],
         "sku": sku, "qty_onhand": quantity, "updated_at": stamp}
        for sku, quantity in counts.items()
    ]  # fmt: skip
    return as_body({"inventory_locations": rows})


def deliver(connection, body: bytes):
    """A delivery as Haravan makes it, through the view (the task runs once it commits)."""

    def send():
        answer = Client().post(
            reverse("pos-webhook", args=["haravan", connection.pk]),
            data=body,
            content_type="application/json",
            **signed_headers("haravan", body),
        )
        return answer.status_code

    return send


def in_turns(calls):
    """Each thread's calls one after the other."""
    return lambda: [call() for call in calls]


def keys_per_event() -> dict[str, int]:
    counts: dict[str, int] = {}
    for key in StockSyncRequest.objects.values_list("idempotency_key", flat=True):
        counts[key] = counts.get(key, 0) + 1
    return counts


def test_events_for_the_same_skus_at_once_each_apply_once_and_end_at_the_newest(
    haravan, showroom, failures
):
    connection, variants = haravan
    rng = random.Random(14)
    start = timezone.now() - datetime.timedelta(hours=2)
    newest: dict[str, tuple[datetime.datetime, int]] = {}
    threads = []
    for thread in range(6):
        calls = []
        for n in range(5):
            at = start + datetime.timedelta(
                seconds=rng.randrange(7200), microseconds=thread * 10 + n
            )
            order = rng.sample(SKUS, len(SKUS))  # the same items, each event its own order
            counts = {sku: rng.randrange(0, 300) for sku in order}
            for sku, quantity in counts.items():
                if sku not in newest or at > newest[sku][0]:
                    newest[sku] = (at, quantity)
            calls.append(deliver(connection, event(counts, at)))
        threads.append(in_turns(calls))

    results = run_in_threads(*threads)

    assert results == [[200] * 5] * 6, results
    assert failures() == []
    events = PosWebhookEvent.objects.all()
    assert events.count() == 30
    assert set(events.values_list("status", "deliveries")) == {("applied", 1)}
    assert all(n == 1 for n in keys_per_event().values())  # no event went through twice
    for sku, variant in variants.items():
        assert quantity_at(showroom, variant) == newest[sku][1], sku
    assert_ledger_balances()


def test_the_same_event_delivered_twice_at_once_applies_once(haravan, showroom, failures):
    connection, variants = haravan
    base = timezone.now() - datetime.timedelta(minutes=30)
    for n in range(5):
        body = event({"MIEN-0": 10 + n, "MIEN-1": 40 - n}, base + datetime.timedelta(minutes=n))

        assert run_in_threads(deliver(connection, body), deliver(connection, body)) == [200, 200]

    assert failures() == []
    events = PosWebhookEvent.objects.all()
    assert set(events.values_list("status", "deliveries")) == {("applied", 2)}
    assert events.count() == 5 and all(n == 1 for n in keys_per_event().values())
    # Each event changed both rows once: two movements an event, besides nothing.
    assert StockMovement.objects.count() == 10
    assert quantity_at(showroom, variants["MIEN-0"]) == 14
    assert quantity_at(showroom, variants["MIEN-1"]) == 36
    assert_ledger_balances()


def pull_answers(http, counts: dict[str, int]):
    """Haravan's answers to a pull: the branch's levels, then the variants' SKUs."""
    rows = [{"id": VARIANT_IDS[sku] + 1, "loc_id": BRANCH, "variant_id": VARIANT_IDS[sku],
             "qty_onhand": quantity, "updated_at": "2021-07-30T06:05:24.332Z"}
            for sku, quantity in counts.items()]  # fmt: skip
    products = fixture("haravan_products.json")
    products["products"][0]["variants"] = [{"id": VARIANT_IDS[sku], "sku": sku} for sku in SKUS]
    http.replace(
        "GET", HARAVAN_API + "inventory_locations.json", json={"inventory_locations": rows}
    )
    http.replace("GET", HARAVAN_API + "products.json", json=products)


def test_a_pull_racing_webhooks_ends_at_the_newest_count_of_each_item(
    haravan, showroom, failures, http, pauses
):
    from inventory.services.pos_ingest import pos_connection_pull

    connection, variants = haravan
    http.get(HARAVAN_API + "inventory_locations.json", json={"inventory_locations": []})
    http.get(HARAVAN_API + "products.json", json={"products": []})
    for round_ in range(4):  # two items of their own each round
        newer_item, older_item = SKUS[2 * round_], SKUS[2 * round_ + 1]
        pull_answers(http, {newer_item: 20 + round_, older_item: 30 + round_})
        now = timezone.now()  # a pull's counts are as of its start: about now
        newer = event({newer_item: 25 + round_}, now + datetime.timedelta(hours=1))
        older = event({older_item: 5 + round_}, now - datetime.timedelta(hours=1))

        results = run_in_threads(
            lambda: pos_connection_pull(connection_id=connection.pk),
            deliver(connection, newer),
            deliver(connection, older),
        )

        assert not any(isinstance(r, Exception) for r in results), results
        assert failures() == []
        assert quantity_at(showroom, variants[newer_item]) == 25 + round_  # the webhook's
        assert quantity_at(showroom, variants[older_item]) == 30 + round_  # the pull's
    assert set(PosWebhookEvent.objects.values_list("status", flat=True)) == {"applied"}
    assert all(n == 1 for n in keys_per_event().values())
    assert_ledger_balances()
