"""Online orders, signed VNPay callbacks, signed Stripe webhooks and a fake Stripe HTTP client
for the payment tests. The signatures here are computed independently of orders.payments."""

import hashlib
import hmac
import json
import time
from urllib.parse import parse_qsl, quote_plus, urlencode

import stripe

from orders.services.complete import checkout_complete
from tests.orders.helpers import ready_checkout, variant_in_stock

VNPAY_SECRET = "OCOPTESTHASHSECRET0123456789ABCD"
VNPAY_TMN = "OCOPTEST"
STRIPE_WEBHOOK_SECRET = "whsec_ocop_test_0123456789abcdef"
STRIPE_KEY = "sk_test_ocop_0123456789"


def online_order(method="VNPAY", *, quantity=2, price=100_000, stock=10):
    """An unpaid order for one producer's variant: (order, payment, variant)."""
    variant = variant_in_stock(stock, price=price)
    done = checkout_complete(
        actor=None, checkout=ready_checkout([(variant, quantity)]), payment_method=method
    )
    return done.order, done.payment, variant


def vnpay_signed(params: dict, secret: str = VNPAY_SECRET) -> dict:
    query = urlencode(sorted(params.items()), quote_via=quote_plus)
    digest = hmac.new(secret.encode(), query.encode(), hashlib.sha512).hexdigest()
    return {**params, "vnp_SecureHash": digest}


def vnpay_ipn_params(payment, *, amount=None, response="00", status=None, **extra) -> dict:
    """What VNPay sends to the IPN for this payment, signed with the test secret."""
    params = {
        "vnp_Amount": str((payment.amount if amount is None else amount) * 100),
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": "VNP14980726",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": f"Thanh toan don hang {payment.order.number}",
        "vnp_PayDate": "20260115103000",
        "vnp_ResponseCode": response,
        "vnp_TmnCode": VNPAY_TMN,
        "vnp_TransactionNo": "14980726",
        "vnp_TransactionStatus": response if status is None else status,
        "vnp_TxnRef": payment.psp_reference,
        **extra,
    }
    return vnpay_signed(params)


def query_params(url: str) -> dict:
    return dict(parse_qsl(url.split("?", 1)[1], keep_blank_values=True))


def stripe_signature(payload: bytes, secret: str = STRIPE_WEBHOOK_SECRET, at=None) -> str:
    """The `Stripe-Signature` header as Stripe builds it: t=<time>,v1=HMAC-SHA256."""
    at = int(time.time()) if at is None else at
    signed = f"{at}.".encode() + payload
    return f"t={at},v1={hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()}"


def stripe_event(kind: str, obj: dict, *, event_id="evt_1") -> bytes:
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "api_version": "2025-01-01",
            "created": int(time.time()),
            "type": kind,
            "livemode": False,
            "data": {"object": obj},
        }
    ).encode()


def intent_object(payment, *, amount=None, currency="vnd", status="succeeded") -> dict:
    amount = payment.amount if amount is None else amount
    return {
        "id": payment.psp_reference or "pi_test_1",
        "object": "payment_intent",
        "amount": payment.amount,
        "amount_received": amount if status == "succeeded" else 0,
        "currency": currency,
        "status": status,
        "metadata": {"payment_id": str(payment.pk), "order_id": str(payment.order_id)},
        "last_payment_error": {"code": "card_declined"} if status != "succeeded" else None,
    }


class FakeStripeHTTP(stripe.HTTPClient):
    """Stripe's HTTP layer, answering from a queue of (status, body) and recording requests."""

    name = "fake"

    def __init__(self):
        super().__init__()
        self.requests = []
        self.responses = []

    def answer(self, body: dict, status=200):
        self.responses.append((status, body))

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        self.requests.append(
            {
                "method": method,
                "url": url,
                "headers": dict(headers or {}),
                "data": dict(parse_qsl(post_data or "", keep_blank_values=True)),
            }
        )
        status, body = self.responses.pop(0) if self.responses else (500, {"error": {}})
        return json.dumps(body), status, {"Request-Id": f"req_{len(self.requests)}"}
