import logging

import pytest
import stripe

from orders.models import GatewayEvent, Order, Payment
from orders.payments.registry import get_gateway, start_payment
from orders.payments.stripe_gateway import stripe_webhook
from tests.concurrency import run_in_threads
from tests.orders.payment_support import (
    STRIPE_KEY,
    STRIPE_WEBHOOK_SECRET,
    FakeStripeHTTP,
    intent_object,
    online_order,
    stripe_event,
    stripe_signature,
)

pytestmark = pytest.mark.django_db
WEBHOOK = "/payments/stripe/webhook/"


@pytest.fixture(autouse=True)
def _stripe(settings):
    settings.STRIPE_SECRET_KEY = STRIPE_KEY
    settings.STRIPE_WEBHOOK_SECRET = STRIPE_WEBHOOK_SECRET


@pytest.fixture
def stripe_http(monkeypatch):
    """No network: every call stripe-python makes goes through this fake HTTP client."""
    fake = FakeStripeHTTP()
    monkeypatch.setattr(stripe, "default_http_client", fake)
    return fake


def started(stripe_http, **kwargs):
    order, payment, _variant = online_order("STRIPE", **kwargs)
    intent_id = f"pi_test_{payment.pk}"
    stripe_http.answer(
        {
            "id": intent_id,
            "object": "payment_intent",
            "amount": payment.amount,
            "currency": "vnd",
            "client_secret": f"{intent_id}_secret_abc",
            "status": "requires_payment_method",
        }
    )
    action = start_payment(payment=payment, client_ip="203.113.1.7")
    payment.refresh_from_db()
    return order, payment, action


def post(client, payload: bytes, signature=None):
    headers = {} if signature is False else {"HTTP_STRIPE_SIGNATURE": signature}
    if signature is None:
        headers["HTTP_STRIPE_SIGNATURE"] = stripe_signature(payload)
    return client.post(WEBHOOK, payload, content_type="application/json", **headers)


def state(order):
    order.refresh_from_db()
    payment = order.payments.get()
    return (order.status, order.payment_status, payment.status, order.events.count())


def test_payment_intent_in_vnd_with_an_idempotency_key(stripe_http):
    order, payment, action = started(stripe_http, quantity=3, price=120_000)
    assert action.client_secret == f"pi_test_{payment.pk}_secret_abc"
    assert action.action_url is None
    assert payment.psp_reference == f"pi_test_{payment.pk}"
    [request] = stripe_http.requests
    assert (request["method"], request["url"]) == (
        "post",
        "https://api.stripe.com/v1/payment_intents",
    )
    assert request["headers"]["Idempotency-Key"] == f"ocop-payment-{payment.pk}-intent"
    assert request["headers"]["Authorization"] == f"Bearer {STRIPE_KEY}"
    data = request["data"]
    # VND is zero-decimal for Stripe: the amount is the total in đồng, not × 100.
    assert (data["amount"], data["currency"]) == (str(order.total), "vnd")
    assert order.total == 3 * 120_000 + 30_000
    assert data["metadata[payment_id]"] == str(payment.pk)
    assert data["metadata[order_id]"] == str(order.pk)
    assert data["metadata[order_number]"] == order.number


def test_a_refused_intent_leaves_the_order_unpaid_and_is_logged(stripe_http, caplog):
    order, payment, _variant = online_order("STRIPE")
    stripe_http.answer({"error": {"type": "invalid_request_error", "message": "no"}}, status=400)
    with caplog.at_level(logging.ERROR, logger="marketplace.payments"):
        action = start_payment(payment=payment, client_ip="1.2.3.4")
    assert action.client_secret is None and action.action_url is None
    assert "Could not start stripe payment" in caplog.text
    order.refresh_from_db()
    assert order.status == Order.Status.UNPAID


def test_succeeded_marks_paid_once(client, stripe_http):
    order, payment, _ = started(stripe_http)
    payload = stripe_event("payment_intent.succeeded", intent_object(payment), event_id="evt_ok")
    response = post(client, payload)
    assert response.status_code == 200 and response.json()["outcome"] == "applied"
    assert state(order)[:3] == (Order.Status.PLACED, Order.PaymentStatus.PAID, Payment.Status.PAID)
    assert order.events.filter(kind="payment_captured").count() == 1

    before = state(order)
    again = post(client, payload)  # the same event delivered again
    assert again.status_code == 200 and again.json()["outcome"] == "duplicate"
    other = stripe_event("payment_intent.succeeded", intent_object(payment), event_id="evt_ok2")
    assert post(client, other).json()["outcome"] == "already"
    assert state(order) == before
    assert GatewayEvent.objects.filter(event_id="evt_ok").count() == 1


def test_wrong_amount_or_currency_is_refused(client, stripe_http, caplog):
    order, payment, _ = started(stripe_http)
    before = state(order)
    short = intent_object(payment, amount=payment.amount - 1_000)
    with caplog.at_level(logging.WARNING, logger="marketplace.payments"):
        response = post(client, stripe_event("payment_intent.succeeded", short, event_id="e1"))
    assert response.status_code == 200 and response.json()["outcome"] == "refused"
    usd = intent_object(payment, currency="usd")
    response = post(client, stripe_event("payment_intent.succeeded", usd, event_id="e2"))
    assert response.json()["outcome"] == "refused"
    assert state(order) == before
    assert GatewayEvent.objects.get(event_id="e1").outcome == "refused"
    assert "refused" in caplog.text


def test_failed_then_succeeded_on_retry(client, stripe_http):
    order, payment, _ = started(stripe_http)
    failed = intent_object(payment, status="requires_payment_method")
    response = post(client, stripe_event("payment_intent.payment_failed", failed, event_id="f1"))
    assert response.json()["outcome"] == "applied"
    assert state(order)[:3] == (
        Order.Status.UNPAID,
        Order.PaymentStatus.FAILED,
        Payment.Status.FAILED,
    )
    before = state(order)
    replay = post(client, stripe_event("payment_intent.payment_failed", failed, event_id="f1"))
    assert replay.json()["outcome"] == "duplicate" and state(order) == before
    # Stripe lets the shopper try another card with the same intent.
    ok = stripe_event("payment_intent.succeeded", intent_object(payment), event_id="s1")
    assert post(client, ok).json()["outcome"] == "applied"
    assert state(order)[:3] == (Order.Status.PLACED, Order.PaymentStatus.PAID, Payment.Status.PAID)


def charge(payment, refunded):
    return {
        "id": "ch_1",
        "object": "charge",
        "amount": payment.amount,
        "amount_refunded": refunded,
        "currency": "vnd",
        "payment_intent": payment.psp_reference,
        "refunded": refunded == payment.amount,
    }


def test_charge_refunded_partly_then_wholly_each_once(client, stripe_http):
    order, payment, _ = started(stripe_http)
    post(client, stripe_event("payment_intent.succeeded", intent_object(payment), event_id="s"))
    part = stripe_event("charge.refunded", charge(payment, 30_000), event_id="r1")
    assert post(client, part).json()["outcome"] == "applied"
    assert state(order)[1:3] == (Order.PaymentStatus.PARTIALLY_REFUNDED, Payment.Status.PAID)
    before = state(order)
    assert post(client, part).json()["outcome"] == "duplicate"
    assert state(order) == before
    whole = stripe_event("charge.refunded", charge(payment, payment.amount), event_id="r2")
    assert post(client, whole).json()["outcome"] == "applied"
    assert state(order)[1:3] == (Order.PaymentStatus.REFUNDED, Payment.Status.REFUNDED)
    event = order.events.filter(kind="payment_refunded").last()
    assert event.data["refunded_total"] == payment.amount
    assert order.events.filter(kind="payment_refunded").count() == 2
    too_much = stripe_event("charge.refunded", charge(payment, payment.amount + 1), event_id="r3")
    assert post(client, too_much).json()["outcome"] == "refused"


def test_refund_of_an_unpaid_payment_is_refused(client, stripe_http):
    order, payment, _ = started(stripe_http)
    before = state(order)
    event = stripe_event("charge.refunded", charge(payment, 1_000), event_id="r0")
    assert post(client, event).json()["outcome"] == "refused"
    assert state(order) == before


def test_bad_signature_is_400_and_changes_nothing(client, stripe_http, caplog):
    order, payment, _ = started(stripe_http)
    before = state(order)
    payload = stripe_event("payment_intent.succeeded", intent_object(payment))
    with caplog.at_level(logging.WARNING, logger="marketplace.payments"):
        for signature in (
            stripe_signature(payload, secret="whsec_wrong"),
            stripe_signature(payload, at=1_000_000_000),  # too old: a replay
            "t=1,v1=deadbeef",
            "garbage",
            False,
        ):
            assert post(client, payload, signature).status_code == 400
        tampered = payload.replace(b'"evt_1"', b'"evt_2"')
        assert post(client, tampered, stripe_signature(payload)).status_code == 400
    assert state(order) == before
    assert not GatewayEvent.objects.exists()
    assert "bad signature" in caplog.text


def test_without_a_webhook_secret_nothing_verifies(client, stripe_http, settings):
    order, payment, _ = started(stripe_http)
    settings.STRIPE_WEBHOOK_SECRET = ""
    payload = stripe_event("payment_intent.succeeded", intent_object(payment))
    assert post(client, payload, stripe_signature(payload, secret="")).status_code == 400
    assert state(order)[0] == Order.Status.UNPAID


def test_unknown_events_and_payments_are_ignored(client, stripe_http):
    order, payment, _ = started(stripe_http)
    other = stripe_event("customer.created", {"id": "cus_1", "object": "customer"})
    assert post(client, other).json()["outcome"] == "ignored"
    stranger = {**intent_object(payment), "id": "pi_someone_else", "metadata": {}}
    event = stripe_event("payment_intent.succeeded", stranger, event_id="x")
    assert post(client, event).json()["outcome"] == "unknown_payment"
    assert state(order)[:3] == (Order.Status.UNPAID, Order.PaymentStatus.PENDING, "pending")


def test_refund_goes_through_the_stripe_api_with_an_idempotency_key(client, stripe_http):
    _order, payment, _ = started(stripe_http)
    stripe_http.answer({"id": "re_1", "object": "refund", "amount": 50_000, "currency": "vnd"})
    result = get_gateway("stripe").refund(payment, 50_000, idempotency_key="refund-7")
    assert result.reference == "re_1" and not result.manual
    request = stripe_http.requests[-1]
    assert request["url"] == "https://api.stripe.com/v1/refunds"
    assert request["headers"]["Idempotency-Key"] == "ocop-refund-refund-7"
    assert request["data"]["amount"] == "50000"
    assert request["data"]["payment_intent"] == payment.psp_reference


def test_vnpay_and_cod_refunds_are_recorded_by_staff():
    for name in ("vnpay", "cod"):
        assert get_gateway(name).refund(None, 1, idempotency_key="k").manual


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_webhook_delivered_concurrently_applies_once(stripe_http):
    order, payment, _ = started(stripe_http)
    payload = stripe_event("payment_intent.succeeded", intent_object(payment), event_id="evt_c")
    signature = stripe_signature(payload)
    results = run_in_threads(*[lambda: stripe_webhook(payload=payload, signature=signature)] * 4)
    assert sorted(map(str, results)) == ["applied", "duplicate", "duplicate", "duplicate"]
    assert order.events.filter(kind="payment_captured").count() == 1
    assert GatewayEvent.objects.filter(event_id="evt_c").count() == 1
