from datetime import timedelta

import pytest
import stripe

from inventory.models import Stock, StockMovement
from orders.models import Order, OrderEvent, Payment, VendorOrder
from orders.payments.registry import start_payment
from orders.services.complete import checkout_complete
from orders.services.expiry import expire_unpaid_orders
from tests.orders.helpers import ready_checkout, variant_in_stock
from tests.orders.payment_support import STRIPE_KEY, FakeStripeHTTP, online_order

pytestmark = pytest.mark.django_db


def two_producer_order(method="VNPAY"):
    first, second = variant_in_stock(5), variant_in_stock(5)
    done = checkout_complete(
        actor=None,
        checkout=ready_checkout([(first, 2), (second, 3)]),
        payment_method=method,
    )
    return done.order


def test_unpaid_orders_past_due_expire_and_release_their_stock(settings):
    settings.ORDER_PAYMENT_TIMEOUT_MINUTES = 30
    order = two_producer_order()
    assert order.status == Order.Status.UNPAID
    assert sorted(Stock.objects.values_list("quantity_allocated", flat=True)) == [2, 3]
    assert expire_unpaid_orders(now=order.payment_due_at - timedelta(seconds=1)) == 0

    assert expire_unpaid_orders(now=order.payment_due_at + timedelta(seconds=1)) == 1
    order.refresh_from_db()
    assert (order.status, order.payment_status) == (
        Order.Status.EXPIRED,
        Order.PaymentStatus.NOT_CHARGED,
    )
    assert set(order.vendor_orders.values_list("status", flat=True)) == {"cancelled"}
    assert order.payments.get().status == Payment.Status.CANCELLED
    assert list(Stock.objects.values_list("quantity_allocated", flat=True)) == [0, 0]
    assert sorted(Stock.objects.values_list("quantity", flat=True)) == [5, 5]
    assert StockMovement.objects.filter(kind="release").count() == 2
    assert order.events.filter(kind="expired").count() == 1
    assert order.events.filter(kind="cancelled", vendor_order__isnull=False).count() == 2

    # Idempotent: a second run (or a second worker) finds nothing to do.
    events, movements = OrderEvent.objects.count(), StockMovement.objects.count()
    assert expire_unpaid_orders(now=order.payment_due_at + timedelta(hours=1)) == 0
    assert (OrderEvent.objects.count(), StockMovement.objects.count()) == (events, movements)


def test_default_uses_the_current_time(settings):
    order = two_producer_order()
    assert expire_unpaid_orders() == 0
    overdue = order.payment_due_at - timedelta(hours=1)
    Order.objects.filter(pk=order.pk).update(payment_due_at=overdue)
    assert expire_unpaid_orders() == 1


def test_paid_and_cod_orders_never_expire():
    cod = two_producer_order("COD")
    paid = two_producer_order("VNPAY")
    Order.objects.filter(pk=paid.pk).update(status=Order.Status.PLACED, payment_status="paid")
    assert expire_unpaid_orders(now=paid.payment_due_at + timedelta(days=1)) == 0
    assert set(VendorOrder.objects.values_list("status", flat=True)) == {"unconfirmed"}
    assert cod.payment_due_at is None


def test_expiry_cancels_the_stripe_intent_after_commit(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.STRIPE_SECRET_KEY = STRIPE_KEY
    fake = FakeStripeHTTP()
    monkeypatch.setattr(stripe, "default_http_client", fake)
    order, payment, _ = online_order("STRIPE")
    fake.answer({"id": "pi_x", "object": "payment_intent", "client_secret": "pi_x_secret"})
    start_payment(payment=payment, client_ip="")
    fake.answer({"id": "pi_x", "object": "payment_intent", "status": "canceled"})
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_unpaid_orders(now=order.payment_due_at + timedelta(seconds=1)) == 1
    request = fake.requests[-1]
    assert request["url"] == "https://api.stripe.com/v1/payment_intents/pi_x/cancel"
    assert request["headers"]["Idempotency-Key"] == f"ocop-payment-{payment.pk}-cancel"


def test_the_periodic_task_expires(settings):
    from orders.tasks import expire_unpaid_orders as task

    order = two_producer_order()
    overdue = order.payment_due_at - timedelta(hours=1)
    Order.objects.filter(pk=order.pk).update(payment_due_at=overdue)
    assert task.delay().get() == 1
    assert "orders.tasks" in settings.CELERY_IMPORTS
    assert settings.CELERY_BEAT_SCHEDULE["orders-expire-unpaid"]["task"] == task.name
