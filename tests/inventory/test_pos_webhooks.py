"""Inbound POS webhooks: verified the provider's way before anything is read, kept under the
provider's event id, applied once by the task, whatever the duplicates and the order."""

import json
import random

import pytest
import responses
from django.urls import reverse

from inventory.models import (
    PosConnection,
    PosWebhookEvent,
    Stock,
    StockMovement,
    StockSyncRequest,
)
from inventory.services.sync import SyncStatus
from tests.inventory.helpers import assert_ledger_balances, quantity_at
from tests.inventory.pos_support import (
    KIOTVIET_API,
    as_body,
    fixture,
    kiotviet_token,
    signed_headers,
)

pytestmark = pytest.mark.django_db


def url(connection) -> str:
    return reverse("pos-webhook", args=[connection.provider, connection.pk])


@pytest.fixture
def deliver(client, django_capture_on_commit_callbacks):
    """POST a body as the provider would (signed unless told otherwise); queued tasks run."""

    def send(connection, body: bytes, *, headers=None, topic=""):
        headers = (
            signed_headers(connection.provider, body, topic=topic) if headers is None else headers
        )
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url(connection), data=body, content_type="application/json",
                               **headers)  # fmt: skip

    return send


def haravan_update(variant_id, quantity, minute, *, location=1007284):
    body = fixture("haravan_inventory_update.json")
    body.update(variant_id=variant_id, loc_id=location, qty_onhand=quantity,
                updated_at=f"2025-06-01T03:{minute // 60:02d}:{minute % 60:02d}.000Z")  # fmt: skip
    return as_body(body)


# Signatures ----------------------------------------------------------------------------------


@pytest.mark.parametrize("provider", ["kiotviet", "sapo", "haravan"])
def test_a_wrong_signature_is_401_and_nothing_is_read(
    provider, deliver, make_connection, pos_variants, http
):
    connection = make_connection(provider)
    body = as_body(fixture("kiotviet_stock_update.json"))
    wrong = signed_headers(provider, body, secret="not-the-secret")
    assert deliver(connection, body, headers=wrong).status_code == 401
    assert deliver(connection, body, headers={}).status_code == 401  # no signature at all
    tampered = signed_headers(provider, body)
    assert deliver(connection, body + b" ", headers=tampered).status_code == 401
    assert not PosWebhookEvent.objects.exists()
    assert not http.calls and not StockMovement.objects.exists()


def test_a_connection_of_another_provider_or_none_is_404(deliver, make_connection, client):
    connection = make_connection("sapo")
    body = as_body({"inventory_item_id": 1})
    for provider, pk in (("haravan", connection.pk), ("sapo", 999999)):
        answer = client.post(
            reverse("pos-webhook", args=[provider, pk]),
            data=body,
            content_type="application/json",
            **signed_headers(provider, body),
        )
        assert answer.status_code == 404


def test_haravan_s_subscription_handshake_echoes_the_challenge(client, make_connection):
    connection = make_connection("haravan")
    query = {"hub.mode": "subscribe", "hub.verify_token": "xac-minh-ocop", "hub.challenge": "42x"}
    answer = client.get(url(connection), query)
    assert answer.status_code == 200 and answer.content == b"42x"
    query["hub.verify_token"] = "sai"
    assert client.get(url(connection), query).status_code == 403
    kiotviet = make_connection("kiotviet")
    assert client.get(url(kiotviet), query).status_code == 403


# Applying ------------------------------------------------------------------------------------


def test_a_signed_sapo_stock_event_sets_the_count(deliver, make_connection, pos_variants, showroom):
    connection = make_connection("sapo")
    connection.items.create(external_id="item:3001", inventory_item_id="3001", code="CHE-1")
    body = as_body(fixture("sapo_inventory_level_update.json"))

    answer = deliver(connection, body)

    assert answer.status_code == 200
    assert quantity_at(showroom, pos_variants["CHE-1"]) == 37  # on_hand, not available
    event = PosWebhookEvent.objects.get()
    assert (
        event.status == PosWebhookEvent.Status.APPLIED and event.topic == "inventory_levels/update"
    )
    assert event.body == body.decode()
    movement = StockMovement.objects.get()
    assert movement.reference.startswith("sync:pos:sapo:")
    assert movement.actor_user is None and movement.actor_token is None


def test_a_redelivery_is_recognised_and_applied_once(deliver, make_connection, pos_variants):
    connection = make_connection("haravan")
    connection.items.create(external_id="1061514767", code="MO-1")
    body = haravan_update(1061514767, 12, 10)
    for _ in range(3):
        assert deliver(connection, body).status_code == 200
    event = PosWebhookEvent.objects.get()
    assert event.deliveries == 3 and event.status == PosWebhookEvent.Status.APPLIED
    assert StockSyncRequest.objects.count() == 1 and StockMovement.objects.count() == 1


def test_a_signed_body_that_is_not_json_is_kept_as_failed_and_answered_2xx(
    deliver, make_connection, pos_variants
):
    connection = make_connection("kiotviet")
    answer = deliver(connection, b'{"Id": "abc", "Notifications": [')
    assert answer.status_code == 202  # 4xx would make KiotViet stop calling us
    event = PosWebhookEvent.objects.get()
    assert event.status == PosWebhookEvent.Status.FAILED and event.error
    assert not StockMovement.objects.exists()


def test_unknown_and_unconsigned_skus_never_touch_stock(
    deliver, make_connection, pos_variants, showroom
):
    connection = make_connection("haravan")
    connection.items.create(external_id="1", code="KHAC-1")
    connection.items.create(external_id="2", code="KHONG-CO")
    body = as_body([json.loads(haravan_update(1, 5, 1)), json.loads(haravan_update(2, 6, 1)),
                    json.loads(haravan_update(3, 7, 1))])  # fmt: skip
    deliver(connection, body)
    event = PosWebhookEvent.objects.get()
    assert {row["code"]: row["status"] for row in event.report} == {
        "KHAC-1": SyncStatus.NOT_CONSIGNED,
        "KHONG-CO": SyncStatus.UNKNOWN_SKU,
        "3": SyncStatus.UNKNOWN_SKU,  # an item no pull has named yet
    }
    assert not StockMovement.objects.exists()
    assert quantity_at(showroom, pos_variants["KHAC-1"]) is None


def test_events_of_other_branches_and_topics_are_ignored(deliver, make_connection, pos_variants):
    connection = make_connection("haravan")
    connection.items.create(external_id="1061514767", code="MO-1")
    deliver(connection, haravan_update(1061514767, 12, 10, location=42))
    deliver(connection, as_body({"id": 1}), topic="orders/create")
    assert not StockMovement.objects.exists()
    assert PosWebhookEvent.objects.filter(status=PosWebhookEvent.Status.IGNORED).count() == 1


def test_a_paused_connection_records_but_does_not_apply(deliver, make_connection, pos_variants):
    connection = make_connection("haravan", status=PosConnection.Status.PAUSED)
    connection.items.create(external_id="1061514767", code="MO-1")
    assert deliver(connection, haravan_update(1061514767, 12, 10)).status_code == 200
    assert PosWebhookEvent.objects.get().status == PosWebhookEvent.Status.IGNORED
    assert not StockMovement.objects.exists()


def test_a_kiotviet_stock_event_applies_the_count_read_again(
    deliver, make_connection, pos_variants, showroom, http, pauses
):
    connection = make_connection("kiotviet")
    kiotviet_token(http)
    product = fixture("kiotviet_product.json")
    product["inventories"][0]["onHand"] = 46.0  # sold twice more since the event was sent
    http.get(KIOTVIET_API + "products/1001", json=product)

    deliver(connection, as_body(fixture("kiotviet_stock_update.json")))

    assert quantity_at(showroom, pos_variants["CHE-1"]) == 46
    assert PosWebhookEvent.objects.get().event_id == "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"


# Many deliveries, duplicated and out of order ------------------------------------------------


def test_500_haravan_deliveries_with_duplicates_and_reorderings_end_right_applied_once(
    deliver, make_connection, vendor, agreement, showroom
):
    from tests.factories import ProductVariantFactory

    connection = make_connection("haravan")
    variants = {}
    for n in range(5):
        variants[n] = ProductVariantFactory(product__vendor=vendor, sku=f"MIEN-{n}")
        connection.items.create(external_id=str(100 + n), code=f"MIEN-{n}")
    rng = random.Random(14)
    events = []  # 200 distinct events: each item's count over time
    for minute in range(200):
        item = rng.randrange(5)
        events.append((item, rng.randrange(0, 500), minute))
    deliveries = [haravan_update(100 + i, q, m) for i, q, m in events]
    deliveries += [rng.choice(deliveries) for _ in range(300)]  # redeliveries
    rng.shuffle(deliveries)

    for body in deliveries:
        assert deliver(connection, body).status_code == 200

    latest = {}
    for item, quantity, _minute in events:
        latest[item] = quantity  # in time order: the last one counts
    for item, variant in variants.items():
        if item in latest:
            assert quantity_at(showroom, variant) == latest[item], item
    rows = PosWebhookEvent.objects.all()
    assert rows.count() == len(set(deliveries)) == 200
    assert sum(rows.values_list("deliveries", flat=True)) == 500
    assert set(rows.values_list("status", flat=True)) == {PosWebhookEvent.Status.APPLIED}
    # Each event went through stock_sync at most once (a late, older one not at all).
    keys = list(StockSyncRequest.objects.values_list("idempotency_key", flat=True))
    assert len(keys) == len(set(keys)) <= 200
    assert_ledger_balances()


def test_kiotviet_deliveries_in_any_order_end_at_the_pos_count(
    deliver, make_connection, pos_variants, showroom, pauses
):
    connection = make_connection("kiotviet")
    pos_count = {"value": 30}
    rng = random.Random(7)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as http:
        kiotviet_token(http)

        def product(request):
            body = fixture("kiotviet_product.json")
            body["inventories"][0]["onHand"] = float(pos_count["value"])
            return 200, {}, json.dumps(body)

        http.add_callback("GET", KIOTVIET_API + "products/1001", callback=product)
        events = []
        for n in range(40):
            event = fixture("kiotviet_stock_update.json")
            event["Id"] = f"evt-{n}"
            events.append(as_body(event))
        deliveries = events + [rng.choice(events) for _ in range(60)]
        rng.shuffle(deliveries)
        sent = set()
        for n, body in enumerate(deliveries):
            if body not in sent:  # each event follows a change in the POS; a redelivery none
                pos_count["value"] = 30 - n % 17
                sent.add(body)
            deliver(connection, body)
        final = pos_count["value"]

    assert quantity_at(showroom, pos_variants["CHE-1"]) == final
    assert PosWebhookEvent.objects.filter(status=PosWebhookEvent.Status.APPLIED).count() == 40
    assert_ledger_balances()


# SQL per event -----------------------------------------------------------------------------

# The apply task of one stock event, counted as the tests see it (savepoints included, and the
# task's own transaction is a savepoint of the test's): the event read, then locked and saved
# (3); the POS items made, locked, their codes kept (3); the sync request kept for replays and
# its results (2) inside stock_sync's savepoints (4); the agreements and the SKUs (2); the stock
# rows found, made, found again, locked and updated (5); the movements (1); the items' newest
# count time (1); 2 for the outer savepoint. The same for one item or many: all in bulk.
APPLY_BUDGET = 23


@pytest.mark.parametrize("items", [1, 12])
def test_the_apply_task_costs_the_same_queries_for_one_item_or_many(
    client, make_connection, vendor, agreement, showroom, items, django_assert_max_num_queries
):
    from inventory.services.pos_ingest import pos_event_apply
    from tests.factories import ProductVariantFactory

    connection = make_connection("haravan")
    for n in range(items):
        ProductVariantFactory(product__vendor=vendor, sku=f"MIEN-{n}")
    rows = [json.loads(haravan_update(500 + n, 7, 1)) | {"sku": f"MIEN-{n}"} for n in range(items)]
    body = as_body({"inventory_locations": rows})
    answer = client.post(url(connection), data=body, content_type="application/json",
                         **signed_headers("haravan", body))  # fmt: skip
    assert answer.status_code == 200  # recorded; its task queued after the commit (not run)
    event = PosWebhookEvent.objects.get()

    with django_assert_max_num_queries(APPLY_BUDGET):
        pos_event_apply(event_id=event.pk)

    event.refresh_from_db()
    assert event.status == PosWebhookEvent.Status.APPLIED
    assert StockMovement.objects.count() == items
    assert set(Stock.objects.filter(location=showroom).values_list("quantity", flat=True)) == {7}
