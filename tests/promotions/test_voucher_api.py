"""Vouchers over the API: apply, see the discount in the totals, complete, and the order shows
what was charged; the whole flow with a voucher stays inside the checkout's query budgets."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from integrations.webhooks.selectors import wanted_events
from orders.models import EarningsEntry, Order
from promotions.models import Voucher
from tests.graphql.client import GraphQLClient, payload
from tests.graphql.test_checkout_api import (
    ADDRESS,
    ADDRESS_INPUT,
    COMPLETE,
    CREATE,
    DELIVERY,
    vid,
)
from tests.orders.fulfilment_support import advance
from tests.orders.helpers import hanoi
from tests.promotions.helpers import voucher

pytestmark = pytest.mark.django_db

TOTALS = """
fragment T on Checkout {
  voucherCode voucherProblem discount { amount } subtotal { amount } shippingPrice { amount }
  total { amount } deliveryGroups { vendor { name } subtotal { amount } discount { amount } }
}"""
APPLY = (
    TOTALS
    + """
mutation($token: UUID!, $code: String!) {
  checkoutVoucherApply(token: $token, code: $code) {
    checkout { ...T } errors { field code message }
  }
}"""
)
REMOVE = (
    TOTALS
    + """
mutation($token: UUID!) {
  checkoutVoucherRemove(token: $token) { checkout { ...T } errors { field code } }
}"""
)
ORDER = """query($token: UUID!) {
  order(token: $token) {
    subtotal { amount } shippingTotal { amount } discountTotal { amount } voucherCode
    total { amount }
    vendorOrders { vendor { name } discount { amount } platformDiscount { amount }
                   producerDiscount { amount } total { amount } }
  }
}"""


@pytest.fixture
def three_producers():
    from tests.graphql.test_checkout_api import three_producers as make

    return make.__wrapped__()


def test_a_shopper_applies_ocop10_and_pays_the_discounted_total(three_producers):
    variants = three_producers
    voucher("OCOP10", min_order=200_000, max_discount=50_000)
    client = GraphQLClient(sync_search=False)
    wanted_events()
    with CaptureQueriesContext(connection) as queries:
        token = payload(
            client.execute(
                CREATE,
                {
                    "input": {
                        "email": "lan@example.vn",
                        "lines": [{"variantId": vid(v), "quantity": 1} for v in variants],
                    }
                },
            ),
            "checkoutCreate",
        )["checkout"]["token"]
        checkout = payload(
            client.execute(
                ADDRESS, {"token": token, "address": {**ADDRESS_INPUT, "communeCode": hanoi().code}}
            ),
            "checkoutShippingAddressUpdate",
        )["checkout"]
        for group in checkout["deliveryGroups"]:
            methods = {m["kind"]: m for m in group["availableDeliveryMethods"]}
            payload(
                client.execute(
                    DELIVERY,
                    {
                        "token": token,
                        "vendor": group["vendor"]["id"],
                        "method": methods["SHIPPING"]["id"],
                    },
                ),
                "checkoutDeliveryMethodUpdate",
            )
        seen = payload(
            client.execute(APPLY, {"token": token, "code": "ocop10"}), "checkoutVoucherApply"
        )["checkout"]
        with CaptureQueriesContext(connection) as completing:
            done = payload(
                client.execute(COMPLETE, {"token": token, "method": "COD"}), "checkoutComplete"
            )
    # The checkout's budgets still hold with a voucher: completing ≤ 40, the whole flow ≤ 100.
    assert len(completing) <= 40, len(completing)
    assert len(queries) <= 100, len(queries)

    # 3 × 140.000 ₫ of goods: 10% is 42.000 ₫ (under the 50.000 ₫ cap), 14.000 ₫ a part.
    assert seen["voucherCode"] == "OCOP10" and seen["voucherProblem"] is None
    assert (seen["subtotal"]["amount"], seen["discount"]["amount"]) == (420_000, 42_000)
    assert seen["total"]["amount"] == 420_000 + 90_000 - 42_000
    assert [g["discount"]["amount"] for g in seen["deliveryGroups"]] == [14_000] * 3
    assert done["order"]["total"]["amount"] == seen["total"]["amount"]

    order = client.execute(ORDER, {"token": done["order"]["token"]})["order"]
    assert order["discountTotal"]["amount"] == 42_000 and order["voucherCode"] == "OCOP10"
    assert [vo["platformDiscount"]["amount"] for vo in order["vendorOrders"]] == [14_000] * 3
    assert [vo["total"]["amount"] for vo in order["vendorOrders"]] == [156_000] * 3
    assert Voucher.objects.get(code="OCOP10").times_used == 1

    # A platform voucher: each producer still earns its full 140.000 ₫ of goods.
    for vendor_order in Order.objects.get().vendor_orders.all():
        advance(vendor_order, "delivered")
    goods = EarningsEntry.objects.filter(kind="sale", component="goods")
    assert sorted(goods.values_list("amount", flat=True)) == [140_000] * 3


def test_errors_come_back_in_the_payload_and_remove_restores_the_total(three_producers):
    voucher("LON", min_order=1_000_000)
    voucher("HET", usage_limit=1, times_used=1)
    client = GraphQLClient(sync_search=False)
    token = payload(
        client.execute(
            CREATE,
            {
                "input": {
                    "email": "lan@example.vn",
                    "lines": [{"variantId": vid(three_producers[0]), "quantity": 1}],
                }
            },
        ),
        "checkoutCreate",
    )["checkout"]["token"]
    big = client.execute(APPLY, {"token": token, "code": "LON"})["checkoutVoucherApply"]
    assert [(e["field"], e["code"]) for e in big["errors"]] == [("code", "VOUCHER_INVALID")]
    assert "1,000,000" in big["errors"][0]["message"] or "1.000.000" in big["errors"][0]["message"]
    used = client.execute(APPLY, {"token": token, "code": "HET"})["checkoutVoucherApply"]
    assert [e["code"] for e in used["errors"]] == ["VOUCHER_USED_UP"]
    voucher("GIAM", kind="fixed", value=20_000)
    applied = payload(
        client.execute(APPLY, {"token": token, "code": "GIAM"}), "checkoutVoucherApply"
    )
    assert applied["checkout"]["total"]["amount"] == 100_000 - 20_000
    removed = payload(client.execute(REMOVE, {"token": token}), "checkoutVoucherRemove")["checkout"]
    assert (removed["voucherCode"], removed["discount"]["amount"]) == ("", 0)
    assert removed["total"]["amount"] == 100_000
