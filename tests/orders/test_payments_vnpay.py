import hashlib
import hmac
import logging
from datetime import datetime, timedelta
from urllib.parse import quote_plus, urlencode
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from inventory.models import Stock
from orders.models import Order, OrderEvent, OrderLine, Payment
from orders.payments import vnpay
from orders.payments.registry import start_payment
from orders.services.expiry import expire_unpaid_orders
from tests.concurrency import run_in_threads
from tests.orders.payment_support import (
    VNPAY_SECRET,
    VNPAY_TMN,
    online_order,
    query_params,
    vnpay_ipn_params,
    vnpay_signed,
)

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
IPN = "/payments/vnpay/ipn/"


@pytest.fixture(autouse=True)
def _vnpay(settings):
    settings.VNPAY_TMN_CODE = VNPAY_TMN
    settings.VNPAY_HASH_SECRET = VNPAY_SECRET
    settings.VNPAY_PAYMENT_URL = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
    settings.VNPAY_RETURN_URL = ""
    settings.SITE_URL = "https://cho-ocop.example.vn"


def started(**kwargs):
    order, payment, _variant = online_order("VNPAY", **kwargs)
    action = start_payment(payment=payment, client_ip="203.113.1.7")
    payment.refresh_from_db()
    return order, payment, action


def stock_of(order):
    return Stock.objects.get(variant_id=OrderLine.objects.get(vendor_order__order=order).variant_id)


def snapshot(order):
    order.refresh_from_db()
    payment = order.payments.get()
    return (
        order.status,
        order.payment_status,
        order.updated_at,
        payment.status,
        payment.updated_at,
        order.events.count(),
    )


def test_payment_url_is_signed_as_vnpay_checks_it():
    order, payment, action = started(quantity=3, price=125_000)
    assert action.client_secret is None
    url = action.action_url
    assert url.startswith("https://sandbox.vnpayment.vn/paymentv2/vpcpay.html?")
    params = query_params(url)
    given = params.pop("vnp_SecureHash")
    # Rebuilt independently: sorted, quote_plus-encoded, HMAC-SHA512 with the hash secret.
    query = urlencode(sorted(params.items()), quote_via=quote_plus)
    assert url.split("?", 1)[1] == f"{query}&vnp_SecureHash={given}"
    expected = hmac.new(VNPAY_SECRET.encode(), query.encode(), hashlib.sha512).hexdigest()
    assert hmac.compare_digest(given, expected)

    assert order.total == 3 * 125_000 + 30_000
    assert params["vnp_Amount"] == str(order.total * 100)
    assert {k: params[k] for k in ("vnp_Version", "vnp_Command", "vnp_CurrCode", "vnp_Locale")} == {
        "vnp_Version": "2.1.0",
        "vnp_Command": "pay",
        "vnp_CurrCode": "VND",
        "vnp_Locale": "vn",
    }
    assert params["vnp_TmnCode"] == VNPAY_TMN
    assert params["vnp_TxnRef"] == payment.psp_reference and payment.psp_reference
    assert params["vnp_IpAddr"] == "203.113.1.7"
    assert params["vnp_ReturnUrl"] == "https://cho-ocop.example.vn/payments/vnpay/return/"
    assert order.number in params["vnp_OrderInfo"] and params["vnp_OrderInfo"].isascii()
    created = datetime.strptime(params["vnp_CreateDate"], "%Y%m%d%H%M%S").replace(tzinfo=HCM)
    assert abs(created - timezone.now()) < timedelta(minutes=1)
    expires = datetime.strptime(params["vnp_ExpireDate"], "%Y%m%d%H%M%S").replace(tzinfo=HCM)
    assert abs(expires - order.payment_due_at) < timedelta(seconds=1)


def test_each_payment_gets_its_own_reference_and_keeps_it():
    _order, payment, _action = started()
    _other_order, other, _ = started()
    assert payment.psp_reference != other.psp_reference
    again = start_payment(payment=payment, client_ip="")
    assert query_params(again.action_url)["vnp_TxnRef"] == payment.psp_reference
    assert query_params(again.action_url)["vnp_IpAddr"] == "127.0.0.1"


def test_a_callback_signed_by_the_vnpay_sandbox_verifies():
    """A return callback as VNPay's sandbox signed it, published in public code with its
    sandbox hash secret: a known vector for the signing scheme."""
    params = {
        "vnp_Amount": "14108000",
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": "VNP14980726",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": "Thanh toán đơn hàng #6834803ff5166e338d7103a8",
        "vnp_PayDate": "20250526215346",
        "vnp_ResponseCode": "00",
        "vnp_TmnCode": "L8M3EKX2",
        "vnp_TransactionNo": "14980726",
        "vnp_TransactionStatus": "00",
        "vnp_TxnRef": "6834803ff5166e338d7103a8",
        "vnp_SecureHash": "3264dbf4850cb57d0cd597716260bf0722810f49b7abb144254f7f77adf08a1a"
        "6f496ab19e18c16266153c8caee87497fea7fa3507e61bcf9786dcff0d71b532",
    }
    secret = "6HEKW2H6YES2FSOKLKKRQ0JS3QF1M4H6"
    assert vnpay.verify(params, secret)
    assert not vnpay.verify({**params, "vnp_Amount": "14108001"}, secret)
    assert not vnpay.verify(params, VNPAY_SECRET)
    assert not vnpay.verify({k: v for k, v in params.items() if k != "vnp_SecureHash"}, secret)


def test_valid_ipn_marks_the_order_paid_once(client):
    order, payment, _ = started()
    response = client.get(IPN, vnpay_ipn_params(payment))
    assert response.status_code == 200
    assert response.json() == {"RspCode": "00", "Message": "Confirm Success"}
    order.refresh_from_db()
    payment.refresh_from_db()
    assert (order.status, order.payment_status) == (Order.Status.PLACED, Order.PaymentStatus.PAID)
    assert payment.status == Payment.Status.PAID
    captured = order.events.get(kind="payment_captured")
    assert captured.data["transaction_no"] == "14980726" and captured.data["gateway"] == "vnpay"

    before = snapshot(order)
    replay = client.get(IPN, vnpay_ipn_params(payment))
    assert replay.json() == {"RspCode": "02", "Message": "Order already confirmed"}
    assert snapshot(order) == before


def test_wrong_amount_is_refused_and_changes_nothing(client):
    order, payment, _ = started()
    before = snapshot(order)
    response = client.get(IPN, vnpay_ipn_params(payment, amount=payment.amount - 1))
    assert response.json() == {"RspCode": "04", "Message": "Invalid amount"}
    assert snapshot(order) == before


def test_bad_signature_is_refused_logged_and_changes_nothing(client, caplog):
    order, payment, _ = started()
    before = snapshot(order)
    forged = vnpay_signed(
        {k: v for k, v in vnpay_ipn_params(payment).items() if k != "vnp_SecureHash"},
        secret="NOT-THE-SECRET",
    )
    tampered = {**vnpay_ipn_params(payment, response="24"), "vnp_ResponseCode": "00"}
    with caplog.at_level(logging.WARNING, logger="marketplace.payments"):
        for params in (forged, tampered, {"vnp_TxnRef": payment.psp_reference}):
            response = client.get(IPN, params)
            assert response.json() == {"RspCode": "97", "Message": "Invalid Checksum"}
    assert snapshot(order) == before
    assert sum("bad signature" in r.getMessage() for r in caplog.records) == 3


def test_unknown_reference_is_order_not_found(client):
    _order, payment, _ = started()
    params = vnpay_ipn_params(payment)
    params = vnpay_signed(
        {**{k: v for k, v in params.items() if k != "vnp_SecureHash"}, "vnp_TxnRef": "NOPE1"}
    )
    assert client.get(IPN, params).json() == {"RspCode": "01", "Message": "Order not found"}


def test_failure_code_marks_the_payment_failed_and_the_order_stays_unpaid(client):
    order, payment, _ = started()
    response = client.get(IPN, vnpay_ipn_params(payment, response="24", status="02"))
    assert response.json()["RspCode"] == "00"
    order.refresh_from_db()
    payment.refresh_from_db()
    assert payment.status == Payment.Status.FAILED
    assert (order.status, order.payment_status) == (Order.Status.UNPAID, Order.PaymentStatus.FAILED)
    assert order.events.filter(kind="payment_failed").count() == 1
    # VNPay settles a transaction once: a later "success" for it is a replay.
    assert client.get(IPN, vnpay_ipn_params(payment)).json()["RspCode"] == "02"
    order.refresh_from_db()
    assert order.status == Order.Status.UNPAID


def test_success_needs_both_codes(client):
    _order, payment, _ = started()
    client.get(IPN, vnpay_ipn_params(payment, response="00", status="01"))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.FAILED


def test_return_page_shows_the_result_but_never_marks_paid(client):
    order, payment, _ = started()
    before = snapshot(order)
    response = client.get("/payments/vnpay/return/", vnpay_ipn_params(payment))
    assert response.status_code == 200
    assert response.context["result"].valid and response.context["result"].succeeded
    assert order.number in response.content.decode()
    assert snapshot(order) == before

    forged = {**vnpay_ipn_params(payment), "vnp_Amount": "100"}
    response = client.get("/payments/vnpay/return/", forged)
    assert response.status_code == 200 and not response.context["result"].valid
    assert snapshot(order) == before

    client.get(IPN, vnpay_ipn_params(payment))
    response = client.get("/payments/vnpay/return/", vnpay_ipn_params(payment))
    assert response.context["result"].order.payment_status == Order.PaymentStatus.PAID


def test_return_page_speaks_vietnamese_by_default(client):
    _order, payment, _ = started()
    response = client.get(
        "/payments/vnpay/return/", vnpay_ipn_params(payment), HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert response.status_code == 200
    assert '<html lang="vi">' in response.content.decode()


def test_ipn_after_expiry_is_recorded_but_does_not_revive_the_order(client, caplog):
    order, payment, _ = started()
    assert expire_unpaid_orders(now=order.payment_due_at + timedelta(seconds=1)) == 1
    with caplog.at_level(logging.WARNING, logger="marketplace.payments"):
        response = client.get(IPN, vnpay_ipn_params(payment))
    assert response.json()["RspCode"] == "00"
    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.status == Order.Status.EXPIRED
    assert order.payment_status == Order.PaymentStatus.PAID  # money held: staff refund it
    assert payment.status == Payment.Status.PAID
    assert order.events.filter(kind="payment_captured_late").count() == 1
    assert not order.events.filter(kind="payment_captured").exists()
    assert stock_of(order).quantity_allocated == 0
    assert any("not revived" in r.getMessage() for r in caplog.records)
    assert client.get(IPN, vnpay_ipn_params(payment)).json()["RspCode"] == "02"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_ipn_delivered_concurrently_applies_once():
    order, payment, _ = started()
    params = vnpay_ipn_params(payment)
    results = run_in_threads(*[lambda: vnpay.vnpay_ipn(params)] * 4)
    assert sorted(r["RspCode"] for r in results) == ["00", "02", "02", "02"]
    assert OrderEvent.objects.filter(order=order, kind="payment_captured").count() == 1
    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("placed", "paid")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ipn_and_expiry_racing_end_consistent():
    for _round in range(3):
        order, payment, _ = started(quantity=2)
        params = vnpay_ipn_params(payment)
        late = order.payment_due_at + timedelta(seconds=1)
        ipn, expired = run_in_threads(
            lambda params=params: vnpay.vnpay_ipn(params),
            lambda late=late: expire_unpaid_orders(now=late),
        )
        assert ipn["RspCode"] == "00" and expired in (0, 1)
        order.refresh_from_db()
        payment.refresh_from_db()
        stock = stock_of(order)
        assert payment.status == Payment.Status.PAID
        assert order.payment_status == Order.PaymentStatus.PAID
        if expired:
            assert order.status == Order.Status.EXPIRED
            assert stock.quantity_allocated == 0
            assert set(order.vendor_orders.values_list("status", flat=True)) == {"cancelled"}
            assert order.events.filter(kind="payment_captured_late").count() == 1
        else:
            assert order.status == Order.Status.PLACED
            assert stock.quantity_allocated == 2
            assert set(order.vendor_orders.values_list("status", flat=True)) == {"unconfirmed"}
            assert order.events.filter(kind="payment_captured").count() == 1
