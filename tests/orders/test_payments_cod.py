import pytest

from orders.models import Order, Payment, VendorOrder
from orders.payments.cod import record_cod_collected
from orders.payments.registry import gateway_configured, get_gateway, start_payment
from orders.services.complete import checkout_complete
from tests.factories import UserFactory
from tests.orders.helpers import ready_checkout, variant_in_stock

pytestmark = pytest.mark.django_db


def cod_order(producers=2):
    lines = [(variant_in_stock(5), 1) for _ in range(producers)]
    done = checkout_complete(actor=None, checkout=ready_checkout(lines), payment_method="COD")
    return done.order, done.payment


def deliver(vendor_order, actor):
    """What fulfilment's mark-delivered does: save the status, then report the cash."""
    vendor_order.status = VendorOrder.Status.DELIVERED
    vendor_order.save(update_fields=["status"])
    return record_cod_collected(vendor_order=vendor_order, actor=actor)


def test_cod_has_nothing_to_start():
    _order, payment = cod_order(1)
    action = start_payment(payment=payment, client_ip="1.2.3.4")
    assert (action.action_url, action.client_secret) == (None, None)
    assert gateway_configured("COD")


def test_paid_once_every_part_still_on_its_way_is_delivered():
    order, payment = cod_order(3)
    courier = UserFactory()
    first, second, third = order.vendor_orders.all()
    assert not deliver(first, courier)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    third.status = VendorOrder.Status.CANCELLED
    third.save(update_fields=["status"])
    assert deliver(second, courier)
    order.refresh_from_db()
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert order.payment_status == Order.PaymentStatus.PAID
    assert order.status == Order.Status.PLACED  # fulfilment decides the order's own status
    captured = order.events.get(kind="payment_captured")
    assert captured.data["amount"] == first.total + second.total
    assert captured.actor_user == courier
    assert order.events.filter(kind="cod_collected").count() == 2
    # Reported again: nothing new.
    assert record_cod_collected(vendor_order=second, actor=courier)
    assert order.events.filter(kind__in=["cod_collected", "payment_captured"]).count() == 3


def test_online_orders_are_not_cash_on_delivery():
    variant = variant_in_stock(5)
    done = checkout_complete(
        actor=None, checkout=ready_checkout([(variant, 1)]), payment_method="VNPAY"
    )
    vendor_order = done.order.vendor_orders.get()
    assert not record_cod_collected(vendor_order=vendor_order, actor=None)
    assert not done.order.events.filter(kind="cod_collected").exists()


def test_gateways_and_their_configuration(settings):
    settings.VNPAY_TMN_CODE = settings.VNPAY_HASH_SECRET = ""
    settings.STRIPE_SECRET_KEY = "sk_test_x"
    settings.STRIPE_WEBHOOK_SECRET = ""
    assert not gateway_configured("vnpay") and not gateway_configured("STRIPE")
    settings.VNPAY_TMN_CODE, settings.VNPAY_HASH_SECRET = "T", "S"
    assert gateway_configured("VNPAY")
    assert get_gateway("stripe").name == "stripe"
    with pytest.raises(ValueError):
        get_gateway("bitcoin")
