"""Events become signed POSTs: once per subscription, only after commit, retried with backoff
on what is worth retrying, paused by the circuit breaker."""

import hashlib
import hmac
import json

import pytest
from django.db import transaction

from integrations.webhooks.models import WebhookDelivery
from marketplace.outbox.events import Event, emit
from marketplace.outbox.models import OutboxMessage
from tests.factories import StaffFactory
from tests.integrations.webhooks_support import (
    make_app,
    run_due_retries,
    running_receiver,
    subscribe,
)
from tests.orders.fulfilment_support import place, variant

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    with running_receiver() as receiver:
        yield receiver


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_placed_order_is_posted_once_signed(staff, receiver, committed):
    subscription = subscribe(staff, make_app(staff), receiver.url)
    with committed():
        order = place([(variant(), 2)])

    assert receiver.events() == ["ORDER_CREATED"]
    request = receiver.requests[0]
    headers, body = request["headers"], request["body"]
    signed = f"{headers['X-Ocop-Timestamp']}.".encode() + body
    expected = hmac.new(subscription.secret.encode(), signed, hashlib.sha256).hexdigest()
    assert headers["X-Ocop-Signature"] == f"sha256={expected}"
    payload = json.loads(body)
    assert payload["event"] == "ORDER_CREATED"
    assert payload["data"]["order"]["number"] == order.number
    assert payload["data"]["vendorOrders"][0]["status"] == "UNCONFIRMED"
    delivery = WebhookDelivery.objects.get()
    assert headers["X-Ocop-Delivery"] == str(delivery.delivery_id)
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("succeeded", 1, 200)
    assert delivery.response_body == '{"status": 200}'
    assert delivery.finished_at is not None


def test_a_rolled_back_change_sends_nothing(staff, receiver, committed):
    subscribe(staff, make_app(staff), receiver.url)
    order = place([(variant(), 1)])
    OutboxMessage.objects.all().delete()

    class Undone(Exception):
        pass

    with committed(), pytest.raises(Undone), transaction.atomic():
        emit(Event.ORDER_CREATED, order_id=order.pk)
        raise Undone

    assert not OutboxMessage.objects.exists()
    assert not WebhookDelivery.objects.exists()
    assert receiver.requests == []


def test_without_subscribers_an_event_writes_nothing(staff):
    make_app(staff)
    with transaction.atomic():
        assert emit(Event.ORDER_CREATED, order_id=1) is False
    assert not OutboxMessage.objects.exists()


def test_five_hundreds_then_ok_is_one_successful_delivery(staff, receiver, committed):
    subscribe(staff, make_app(staff), receiver.url)
    receiver.answers.extend([500, 500, 500])
    with committed():
        place([(variant(), 1)])
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("retrying", 1)
    assert delivery.next_attempt_at > delivery.created_at
    for _ in range(3):
        with committed():
            run_due_retries()

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("succeeded", 4, 200)
    assert len(receiver.requests) == 4
    assert len({r["headers"]["X-Ocop-Delivery"] for r in receiver.requests}) == 1
    assert WebhookDelivery.objects.filter(status="succeeded").count() == 1


@pytest.mark.parametrize(("status", "retried"), [(400, False), (404, False), (410, False),
                                                  (429, True), (503, True)])  # fmt: skip
def test_only_what_may_pass_later_is_retried(staff, receiver, committed, status, retried):
    subscribe(staff, make_app(staff), receiver.url)
    receiver.answers.append(status)
    with committed():
        place([(variant(), 1)])
    with committed():
        run_due_retries()

    delivery = WebhookDelivery.objects.get()
    if retried:
        assert (delivery.status, delivery.attempts, len(receiver.requests)) == ("succeeded", 2, 2)
    else:
        assert (delivery.status, delivery.attempts, len(receiver.requests)) == ("failed", 1, 1)
        assert delivery.response_code == status
        assert delivery.next_attempt_at is None


def test_a_dead_receiver_is_retried_until_the_window_closes(staff, committed, settings):
    with running_receiver() as gone:
        url = gone.url
    subscribe(staff, make_app(staff), url)
    with committed():
        place([(variant(), 1)])
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "retrying"
    assert "Connection" in delivery.last_error or "refused" in delivery.last_error.lower()
    assert delivery.response_code is None

    settings.WEBHOOKS_RETRY_WINDOW_HOURS = 0  # as if 24 hours had passed
    WebhookDelivery.objects.update(retry_until=delivery.created_at)
    with committed():
        run_due_retries()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 2)


def test_the_breaker_pauses_a_failing_receiver_then_probes(staff, receiver, committed, settings):
    settings.WEBHOOKS_BREAKER_THRESHOLD = 3
    subscription = subscribe(staff, make_app(staff), receiver.url)
    receiver.answers.extend([500] * 3)
    with committed():
        for _ in range(3):
            place([(variant(), 1)])  # three orders, three failed deliveries
    subscription.refresh_from_db()
    assert subscription.consecutive_failures == 3
    assert subscription.paused_until is not None

    with committed():
        place([(variant(), 1)])
    with committed():
        run_due_retries()  # due, but the breaker is open: nothing is sent
    assert len(receiver.requests) == 3
    assert WebhookDelivery.objects.filter(attempts=0).count() == 1

    # The cool-down passes: one delivery probes, succeeds, and the others follow.
    type(subscription).objects.update(paused_until=subscription.created_at)
    for _ in range(2):
        with committed():
            run_due_retries()
    subscription.refresh_from_db()
    assert (subscription.consecutive_failures, subscription.paused_until) == (0, None)
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"succeeded"}
    assert len(receiver.requests) == 3 + 4


def test_a_producer_scoped_app_hears_only_of_its_own_producer(staff, receiver, committed):
    mine, theirs = variant(), variant()
    app = make_app(staff, producer=mine.vendor)
    subscribe(staff, app, receiver.url, events=["ORDER_CREATED", "VENDOR_ORDER_STATUS_CHANGED"])
    with committed():
        place([(theirs, 1)])
        order = place([(mine, 1), (theirs, 1)])

    assert receiver.events() == ["ORDER_CREATED"]
    data = receiver.bodies()[0]["data"]
    assert data["order"] is None
    assert [part["vendor"]["name"] for part in data["vendorOrders"]] == [mine.vendor.name]
    assert order.vendor_orders.count() == 2


def test_redelivery_sends_the_same_delivery_again(staff, receiver, committed):
    from integrations.webhooks.services import webhook_redeliver

    subscribe(staff, make_app(staff), receiver.url)
    receiver.answers.append(400)
    with committed():
        place([(variant(), 1)])
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed"

    with committed():
        webhook_redeliver(actor=staff, delivery=delivery)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("succeeded", 2)
    ids = [r["headers"]["X-Ocop-Delivery"] for r in receiver.requests]
    assert ids == [str(delivery.delivery_id)] * 2


def test_stock_falling_low_is_told_once_as_it_crosses(staff, receiver, committed):
    subscribe(staff, make_app(staff), receiver.url, events=["STOCK_LOW"])
    sold = variant(quantity=10)  # low at 5 available or fewer
    for quantity in (4, 2, 1):  # 6 left: not low; 4 left: low now; 3: still low, nothing new
        with committed():
            place([(sold, quantity)])
    assert receiver.events() == ["STOCK_LOW"]
    stock = receiver.bodies()[0]["data"]["stock"]
    assert (stock["quantityAvailable"], stock["lowStockThreshold"]) == (4, 5)
    assert stock["variant"]["sku"] == sold.sku


def test_cancelling_every_part_tells_the_order_cancelled(staff, receiver, committed):
    from orders.services.cancellation import vendor_order_cancel
    from tests.orders.fulfilment_support import member, part

    subscribe(
        staff, make_app(staff), receiver.url,
        events=["ORDER_CANCELLED", "VENDOR_ORDER_STATUS_CHANGED"],
    )  # fmt: skip
    sold = variant()
    with committed():
        order = place([(sold, 1)])
    with committed():
        vendor_order_cancel(
            actor=member(sold.vendor), vendor_order=part(order, sold), reason="Hết hàng"
        )
    assert receiver.events() == ["VENDOR_ORDER_STATUS_CHANGED", "ORDER_CANCELLED"]
    changed, cancelled = receiver.bodies()
    assert changed["data"]["previousStatus"] == "UNCONFIRMED"
    assert changed["data"]["vendorOrder"]["status"] == "CANCELLED"
    assert cancelled["data"]["order"]["status"] == "CANCELLED"


def test_a_product_approved_by_staff_is_told_published(staff, receiver, committed):
    from catalog.models import Product
    from catalog.services.products import product_approve
    from tests.factories import ProductFactory, ProductVariantFactory

    subscribe(staff, make_app(staff), receiver.url, events=["PRODUCT_PUBLISHED"])
    product = ProductFactory(status=Product.Status.PENDING_REVIEW)
    ProductVariantFactory(product=product, price=120_000)
    with committed():
        product_approve(product=product, actor=staff)
    assert receiver.events() == ["PRODUCT_PUBLISHED"]
    assert receiver.bodies()[0]["data"]["product"]["slug"] == product.slug


def test_nobody_listening_costs_no_query(staff, django_assert_num_queries):
    from integrations.webhooks.selectors import wanted_events

    wanted_events()  # the first emit of a process (or of a minute) asks the database once
    with transaction.atomic(), django_assert_num_queries(0):
        assert emit(Event.PRODUCT_UPDATED, product_id=1) is False


def test_events_wait_out_a_broker_outage(staff, receiver, committed, settings, monkeypatch):
    """The broker refuses at commit: the order is placed and its event waits in the outbox;
    once the broker is back the sweep hands it over and the webhook goes out."""
    from marketplace.celery import app as celery_app

    subscribe(staff, make_app(staff), receiver.url)
    settings.CELERY_TASK_ALWAYS_EAGER = False

    def down(*args, **kwargs):
        raise ConnectionRefusedError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr(celery_app, "send_task", down)
    with committed():
        order = place([(variant(), 1)])
    assert receiver.requests == []
    assert OutboxMessage.objects.pending().filter(handler="webhooks.fan_out").count() == 1

    settings.CELERY_TASK_ALWAYS_EAGER = True  # back: here, the sweep runs what it hands over
    with committed():
        run_due_retries()
    assert receiver.events() == ["ORDER_CREATED"]
    assert receiver.bodies()[0]["data"]["order"]["number"] == order.number


def test_a_payout_and_a_review_are_told(staff, receiver, committed):
    from reviews.services.reviews import review_create
    from tests.orders.test_payouts import delivered, payout
    from tests.reviews.support import bought, shopper_of

    subscribe(staff, make_app(staff), receiver.url, events=["PAYOUT_CREATED", "REVIEW_PUBLISHED"])
    vendor_order = delivered(100_000)
    line = bought()
    with committed():
        [made] = payout(vendor_order.vendor, actor=staff)
    with committed():
        review_create(actor=shopper_of(line), order_line=line, rating=5, body="Chè rất thơm.")
    assert receiver.events() == ["PAYOUT_CREATED", "REVIEW_PUBLISHED"]
    paid, reviewed = (body["data"] for body in receiver.bodies())
    assert paid["payout"]["amount"] == {"amount": made.amount, "currency": "VND"}
    assert paid["payout"]["vendor"]["name"] == vendor_order.vendor.name
    assert (reviewed["review"]["rating"], reviewed["review"]["body"]) == (5, "Chè rất thơm.")


@pytest.mark.parametrize("method", ["COD", "VNPAY"])
def test_an_order_is_told_paid_when_its_money_arrives(staff, receiver, committed, method):
    from tests.orders.fulfilment_support import advance, part, pay

    subscribe(staff, make_app(staff), receiver.url, events=["ORDER_PAID"])
    sold = variant()
    order = place([(sold, 1)], method=method)
    with committed():
        if method == "COD":  # cash on delivery: paid once the parts are delivered
            advance(part(order, sold), "delivered")
        else:
            pay(order)
    assert receiver.events() == ["ORDER_PAID"]
    assert receiver.bodies()[0]["data"]["order"]["paymentStatus"] == "PAID"
