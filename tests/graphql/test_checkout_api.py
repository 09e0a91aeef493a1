"""The whole shopper flow over the API: a cart from three producers, an address, a delivery
choice per producer (one a pickup at a showroom), then the order."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from integrations.webhooks.selectors import wanted_events
from inventory.models import Stock
from marketplace.graphql.core.ids import global_id
from orders.models import Checkout, Order, ShippingMethod
from tests.factories import (
    AgreementFactory,
    ProductVariantFactory,
    ShowroomFactory,
    StockFactory,
    UserFactory,
)
from tests.graphql.client import GraphQLClient, payload
from tests.orders.helpers import hanoi, variant_in_stock

pytestmark = pytest.mark.django_db

CHECKOUT = """
fragment C on Checkout {
  token email
  shippingAddress { fullName phone commune { code } }
  deliveryGroups {
    vendor { id name }
    lines { variant { sku } quantity totalPrice { amount } }
    availableDeliveryMethods { id name kind price { amount } location { name } }
    deliveryMethod { id }
    shippingPrice { amount }
  }
  subtotal { amount } shippingPrice { amount } total { amount currency }
}
"""
CREATE = (
    CHECKOUT
    + """
mutation($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) { checkout { ...C } errors { field code message } }
}"""
)
ADD = (
    CHECKOUT
    + """
mutation($token: UUID!, $lines: [CheckoutLineInput!]!) {
  checkoutLinesAdd(token: $token, lines: $lines) { checkout { ...C } errors { field code } }
}"""
)
UPDATE = (
    CHECKOUT
    + """
mutation($token: UUID!, $lines: [CheckoutLineInput!]!) {
  checkoutLinesUpdate(token: $token, lines: $lines) { checkout { ...C } errors { field code } }
}"""
)
ADDRESS = (
    CHECKOUT
    + """
mutation($token: UUID!, $address: ShippingAddressInput!) {
  checkoutShippingAddressUpdate(token: $token, shippingAddress: $address) {
    checkout { ...C } errors { field code }
  }
}"""
)
DELIVERY = """
mutation($token: UUID!, $vendor: ID!, $method: ID!) {
  checkoutDeliveryMethodUpdate(token: $token, vendorId: $vendor, deliveryMethodId: $method) {
    checkout { token total { amount } } errors { field code }
  }
}"""
COMPLETE = """
mutation($token: UUID!, $method: PaymentMethod!) {
  checkoutComplete(token: $token, paymentMethod: $method) {
    order {
      id number token status paymentStatus total { amount }
      vendorOrders { id vendor { name } status deliveryKind pickupCode
                     lines { sku quantity unitPrice { amount } } }
    }
    payment { gateway status actionUrl clientSecret }
    errors { field code message }
  }
}"""
CHECKOUT_QUERY = CHECKOUT + "query($token: UUID!) { checkout(token: $token) { ...C } }"
ORDER_QUERY = """query($token: UUID!) {
  order(token: $token) { number status vendorOrders { status pickupCode } }
}"""

ADDRESS_INPUT = {
    "fullName": "Nguyễn Thị Lan",
    "phone": "0912 345 678",
    "streetAddress": "12 Phố Huế",
    "communeCode": None,
}


def vid(variant):
    return global_id("ProductVariant", variant.pk)


@pytest.fixture
def three_producers():
    """Six variants of three producers; the third's goods can be collected at a showroom."""
    variants = []
    for _ in range(3):
        first = variant_in_stock(price=100_000, weight_grams=500)
        second = ProductVariantFactory(product__vendor=first.vendor, price=40_000)
        StockFactory(variant=second, location=first.stocks.get().location, quantity=10)
        ShippingMethod.objects.create(vendor=first.vendor, name="GHTK", flat_price=30_000)
        variants += [first, second]
    showroom = ShowroomFactory(name="Điểm OCOP Hà Nội")
    AgreementFactory(vendor=variants[4].vendor, showroom=showroom)
    for variant in variants[4:]:
        StockFactory(variant=variant, location=showroom, quantity=5)
    return variants


def test_a_shopper_buys_from_three_producers_with_cash_on_delivery(three_producers):
    variants = three_producers
    client = GraphQLClient(sync_search=False)
    # Which webhook events partners want is read once a minute per process, not per order.
    wanted_events()
    queries = CaptureQueriesContext(connection)
    with queries:
        created = payload(
            client.execute(
                CREATE,
                {
                    "input": {
                        "email": "lan@example.vn",
                        "lines": [{"variantId": vid(v), "quantity": 1} for v in variants[:4]],
                    }
                },
            ),
            "checkoutCreate",
        )["checkout"]
        token = created["token"]
        payload(
            client.execute(
                ADD,
                {
                    "token": token,
                    "lines": [{"variantId": vid(v), "quantity": 2} for v in variants[4:]],
                },
            ),
            "checkoutLinesAdd",
        )
        checkout = payload(
            client.execute(
                ADDRESS, {"token": token, "address": {**ADDRESS_INPUT, "communeCode": hanoi().code}}
            ),
            "checkoutShippingAddressUpdate",
        )["checkout"]
        for group in checkout["deliveryGroups"]:
            methods = {m["kind"]: m for m in group["availableDeliveryMethods"]}
            chosen = methods.get("PICKUP") or methods["SHIPPING"]
            payload(
                client.execute(
                    DELIVERY,
                    {"token": token, "vendor": group["vendor"]["id"], "method": chosen["id"]},
                ),
                "checkoutDeliveryMethodUpdate",
            )
        with CaptureQueriesContext(connection) as reading:  # what the page shows; not counted
            seen = client.execute(CHECKOUT_QUERY, {"token": token})["checkout"]
        with CaptureQueriesContext(connection) as completing:
            done = payload(
                client.execute(COMPLETE, {"token": token, "method": "COD"}), "checkoutComplete"
            )
    # The budgets: completing ≤ 40, the whole flow ≤ 100 (Saleor: 183 to complete).
    assert len(completing) <= 40, len(completing)
    assert len(queries) - len(reading) <= 100, len(queries) - len(reading)

    assert [len(g["lines"]) for g in seen["deliveryGroups"]] == [2, 2, 2]
    assert seen["subtotal"]["amount"] == 100_000 + 40_000 + 100_000 + 40_000 + 2 * 140_000
    assert seen["shippingPrice"]["amount"] == 60_000  # the third producer's part is a pickup
    assert seen["total"] == {"amount": seen["subtotal"]["amount"] + 60_000, "currency": "VND"}

    order = done["order"]
    assert order["status"] == "PLACED" and order["paymentStatus"] == "NOT_CHARGED"
    assert order["total"]["amount"] == seen["total"]["amount"]
    assert [vo["deliveryKind"] for vo in order["vendorOrders"]] == [
        "SHIPPING",
        "SHIPPING",
        "PICKUP",
    ]
    assert order["vendorOrders"][2]["pickupCode"].isdigit()
    assert order["vendorOrders"][0]["pickupCode"] is None
    assert done["payment"] == {
        "gateway": "COD",
        "status": "PENDING",
        "actionUrl": None,
        "clientSecret": None,
    }
    assert not Checkout.objects.exists()
    assert sum(Stock.objects.values_list("quantity_allocated", flat=True)) == 8

    again = client.execute(ORDER_QUERY, {"token": order["token"]})["order"]
    assert again["number"] == order["number"] and again["vendorOrders"][2]["pickupCode"]


def test_out_of_stock_at_completion_is_a_payload_error(three_producers):
    variant = three_producers[0]
    client = GraphQLClient(sync_search=False)
    token = payload(
        client.execute(
            CREATE,
            {"input": {"email": "a@b.vn", "lines": [{"variantId": vid(variant), "quantity": 3}]}},
        ),
        "checkoutCreate",
    )["checkout"]["token"]
    checkout = payload(
        client.execute(
            ADDRESS, {"token": token, "address": {**ADDRESS_INPUT, "communeCode": hanoi().code}}
        ),
        "checkoutShippingAddressUpdate",
    )["checkout"]
    group = checkout["deliveryGroups"][0]
    client.execute(
        DELIVERY,
        {
            "token": token,
            "vendor": group["vendor"]["id"],
            "method": group["availableDeliveryMethods"][0]["id"],
        },
    )
    Stock.objects.filter(variant=variant).update(quantity=2)
    result = client.execute(COMPLETE, {"token": token, "method": "COD"})["checkoutComplete"]
    assert result["order"] is None
    assert [(e["field"], e["code"]) for e in result["errors"]] == [
        ("lines.0", "INSUFFICIENT_STOCK")
    ]
    assert not Order.objects.exists()


def test_bad_input_gets_clear_errors(three_producers):
    client = GraphQLClient(sync_search=False)
    bad_id = client.execute(CREATE, {"input": {"lines": [{"variantId": "nope", "quantity": 1}]}})
    assert bad_id["checkoutCreate"]["errors"][0]["code"] == "INVALID"
    too_many = client.execute(
        CREATE, {"input": {"lines": [{"variantId": vid(three_producers[0]), "quantity": 1000}]}}
    )
    assert too_many["checkoutCreate"]["errors"][0]["field"] == "lines.0.quantity"
    token = payload(
        client.execute(
            CREATE, {"input": {"lines": [{"variantId": vid(three_producers[0]), "quantity": 1}]}}
        ),
        "checkoutCreate",
    )["checkout"]["token"]
    unknown_commune = client.execute(
        ADDRESS, {"token": token, "address": {**ADDRESS_INPUT, "communeCode": "99999"}}
    )
    assert unknown_commune["checkoutShippingAddressUpdate"]["errors"] == [
        {"field": "communeCode", "code": "NOT_FOUND"}
    ]
    wrong_method = client.execute(
        DELIVERY,
        {
            "token": token,
            "vendor": global_id("Vendor", three_producers[0].vendor_id),
            "method": global_id("Product", 1),
        },
    )
    assert wrong_method["checkoutDeliveryMethodUpdate"]["errors"][0]["code"] == "INVALID"
    unfinished = client.execute(COMPLETE, {"token": token, "method": "COD"})["checkoutComplete"]
    assert {e["field"] for e in unfinished["errors"]} == {
        "email",
        "shippingAddress",
        "deliveryMethod",
    }


def test_a_shoppers_checkout_and_orders_are_theirs():
    variant = variant_in_stock()
    lan, other = UserFactory(), UserFactory()
    token = payload(
        GraphQLClient(lan, sync_search=False).execute(
            CREATE, {"input": {"lines": [{"variantId": vid(variant), "quantity": 1}]}}
        ),
        "checkoutCreate",
    )["checkout"]["token"]
    assert GraphQLClient(lan, sync_search=False).execute(CHECKOUT_QUERY, {"token": token})[
        "checkout"
    ]
    for intruder in (GraphQLClient(other, sync_search=False), GraphQLClient(sync_search=False)):
        assert intruder.execute(CHECKOUT_QUERY, {"token": token})["checkout"] is None
        refused = intruder.execute(
            ADD, {"token": token, "lines": [{"variantId": vid(variant), "quantity": 1}]}
        )
        assert refused["checkoutLinesAdd"]["errors"] == [
            {"field": None, "code": "PERMISSION_DENIED"}
        ]


def completed_over_api(client, variant, method):
    from orders.models import ShippingMethod

    ShippingMethod.objects.get_or_create(vendor=variant.vendor, name="GHTK", flat_price=30_000)
    token = payload(
        client.execute(
            CREATE,
            {"input": {"email": "a@b.vn", "lines": [{"variantId": vid(variant), "quantity": 2}]}},
        ),
        "checkoutCreate",
    )["checkout"]["token"]
    group = payload(
        client.execute(
            ADDRESS, {"token": token, "address": {**ADDRESS_INPUT, "communeCode": hanoi().code}}
        ),
        "checkoutShippingAddressUpdate",
    )["checkout"]["deliveryGroups"][0]
    method_id = group["availableDeliveryMethods"][0]["id"]
    client.execute(DELIVERY, {"token": token, "vendor": group["vendor"]["id"], "method": method_id})
    return payload(client.execute(COMPLETE, {"token": token, "method": method}), "checkoutComplete")


def test_vnpay_returns_a_signed_payment_url_and_the_order_waits_unpaid(settings):
    from tests.orders.payment_support import VNPAY_SECRET, VNPAY_TMN, query_params, vnpay_signed

    settings.VNPAY_TMN_CODE, settings.VNPAY_HASH_SECRET = VNPAY_TMN, VNPAY_SECRET
    done = completed_over_api(
        GraphQLClient(sync_search=False), variant_in_stock(price=85_000), "VNPAY"
    )
    assert done["order"]["status"] == "UNPAID" and done["order"]["paymentStatus"] == "PENDING"
    url = done["payment"]["actionUrl"]
    assert url.startswith(settings.VNPAY_PAYMENT_URL)
    params = query_params(url)
    assert params["vnp_Amount"] == str((2 * 85_000 + 30_000) * 100)
    unsigned = {
        k: v for k, v in params.items() if k not in ("vnp_SecureHash", "vnp_SecureHashType")
    }
    assert vnpay_signed(unsigned)["vnp_SecureHash"] == params["vnp_SecureHash"]
    assert done["payment"]["clientSecret"] is None


def test_stripe_returns_the_client_secret_of_a_vnd_payment_intent(settings, monkeypatch):
    import stripe

    from tests.orders.payment_support import STRIPE_KEY, STRIPE_WEBHOOK_SECRET, FakeStripeHTTP

    settings.STRIPE_SECRET_KEY = STRIPE_KEY
    settings.STRIPE_WEBHOOK_SECRET = STRIPE_WEBHOOK_SECRET  # configured: both keys present
    fake = FakeStripeHTTP()
    monkeypatch.setattr(stripe, "default_http_client", fake)
    fake.answer(
        {
            "id": "pi_1",
            "object": "payment_intent",
            "client_secret": "pi_1_secret_x",
            "amount": 200_000,
            "currency": "vnd",
            "status": "requires_payment_method",
        }
    )
    done = completed_over_api(
        GraphQLClient(sync_search=False), variant_in_stock(price=85_000), "STRIPE"
    )
    assert done["payment"]["clientSecret"] == "pi_1_secret_x"
    sent = fake.requests[0]
    assert sent["data"]["amount"] == str(2 * 85_000 + 30_000) and sent["data"]["currency"] == "vnd"
    assert sent["headers"].get("Idempotency-Key")
