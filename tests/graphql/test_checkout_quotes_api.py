"""Carrier quotes over the API: each producer's options with price, days and the carrier,
and the whole shopper flow's SQL budget with one producer shipping by a carrier's quote."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from integrations.webhooks.selectors import wanted_events
from orders.carriers.base import CarrierError, CarrierErrorCode
from orders.models import CarrierAccount, CheckoutDelivery, Order, ShippingMethod
from tests.graphql.client import GraphQLClient, payload
from tests.graphql.test_checkout_api import (
    ADD,
    ADDRESS,
    ADDRESS_INPUT,
    CHECKOUT_QUERY,
    COMPLETE,
    CREATE,
    DELIVERY,
    three_producers,  # noqa: F401 (a fixture, used by name)
    vid,
)
from tests.orders.helpers import hanoi

pytestmark = pytest.mark.django_db

OPTIONS = """query($token: UUID!) {
  checkout(token: $token) {
    deliveryGroups {
      availableDeliveryMethods { id name price { amount } minDays maxDays carrier { code name } }
      deliveryMethod { id price { amount } }
    }
    shippingPrice { amount }
  }
}"""


def carrier_method(vendor):
    account = CarrierAccount.objects.create(
        vendor=vendor, carrier="ghn", credentials={"token": "tok"}
    )
    return ShippingMethod.objects.create(
        vendor=vendor, name="GHN Chuẩn", carrier_account=account, min_days=2, max_days=4
    )


def test_the_whole_flow_stays_in_budget_with_a_carrier_quote(three_producers, fake_carrier):  # noqa: F811
    variants = three_producers
    carrier_method(variants[0].vendor)
    fake_carrier.fees = {hanoi().province.name: 28_000}
    client = GraphQLClient(sync_search=False)
    wanted_events()
    queries = CaptureQueriesContext(connection)
    with queries:
        token = payload(
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
        )["checkout"]["token"]
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
            methods = group["availableDeliveryMethods"]
            chosen = next(
                (m for m in methods if m["name"] == "GHN Chuẩn"),
                next((m for m in methods if m["kind"] == "PICKUP"), methods[0]),
            )
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
    # The budgets, with the quotes (HTTP, from the fake carrier) excluded: completing
    # ≤ 40, the whole flow ≤ 100.
    assert len(completing) <= 40, len(completing)
    assert len(queries) - len(reading) <= 100, len(queries) - len(reading)
    # The parcel: 100.000 ₫ and 40.000 ₫ lines, 500 g and the factory's weight.
    ghn = next(
        m for m in seen["deliveryGroups"][0]["availableDeliveryMethods"] if m["name"] == "GHN Chuẩn"
    )
    assert seen["shippingPrice"]["amount"] == ghn["price"]["amount"] + 30_000
    assert done["order"]["total"]["amount"] == seen["total"]["amount"]
    assert (
        Order.objects.get().vendor_orders.order_by("pk")[0].shipping_price
        == (ghn["price"]["amount"])
    )
    assert [kind for kind, _args in fake_carrier.calls].count("quote") == 1


def test_options_show_price_days_and_carrier_and_the_price_shown_is_kept(
    three_producers,  # noqa: F811
    fake_carrier,
):
    variants = three_producers
    method = carrier_method(variants[0].vendor)
    fake_carrier.fees = {hanoi().province.name: 28_000}
    client = GraphQLClient(sync_search=False)
    token = payload(
        client.execute(
            CREATE,
            {
                "input": {
                    "email": "lan@example.vn",
                    "lines": [{"variantId": vid(variants[0]), "quantity": 1}],
                }
            },
        ),
        "checkoutCreate",
    )["checkout"]["token"]
    payload(
        client.execute(
            ADDRESS, {"token": token, "address": {**ADDRESS_INPUT, "communeCode": hanoi().code}}
        ),
        "checkoutShippingAddressUpdate",
    )
    (group,) = client.execute(OPTIONS, {"token": token})["checkout"]["deliveryGroups"]
    assert group["availableDeliveryMethods"] == [
        {
            "id": group["availableDeliveryMethods"][0]["id"],
            "name": "GHN Chuẩn",
            "price": {"amount": 28_005},  # the fake adds 1 đồng per 100 g
            "minDays": 1,
            "maxDays": 3,  # the carrier's estimate, not the method's 2–4
            "carrier": {"code": "ghn", "name": "GHN"},
        },
        {
            "id": group["availableDeliveryMethods"][1]["id"],
            "name": "GHTK",
            "price": {"amount": 30_000},
            "minDays": 1,
            "maxDays": 5,
            "carrier": None,
        },
    ]
    ghn_id = group["availableDeliveryMethods"][0]["id"]
    vendor_id = client.execute(
        "query($t: UUID!) { checkout(token: $t) { deliveryGroups { vendor { id } } } }",
        {"t": token},
    )["checkout"]["deliveryGroups"][0]["vendor"]["id"]
    payload(
        client.execute(DELIVERY, {"token": token, "vendor": vendor_id, "method": ghn_id}),
        "checkoutDeliveryMethodUpdate",
    )
    assert CheckoutDelivery.objects.get().shown_price == 28_005
    # The carrier is now down and the cache empty: the option goes, the choice is dropped.
    cache.clear()
    fake_carrier.error = CarrierError(CarrierErrorCode.UNAVAILABLE, "503")
    (group,) = client.execute(OPTIONS, {"token": token})["checkout"]["deliveryGroups"]
    assert [m["name"] for m in group["availableDeliveryMethods"]] == ["GHTK"]
    assert group["deliveryMethod"] is None
    done = client.execute(COMPLETE, {"token": token, "method": "COD"})["checkoutComplete"]
    assert [(e["field"], e["code"]) for e in done["errors"]] == [
        ("deliveryMethodId", "CARRIER_UNAVAILABLE")
    ]
    assert method.pk and not Order.objects.exists()
