"""Counter sales pushed back to the POS as stock decrements: exactly once per sale, never
resent when the POS may already have applied it."""

import json

import pytest

from inventory.models import PosSalePush, Stock
from inventory.services import ledger
from inventory.services.pos import PosLine, pos_sale_record
from inventory.services.pos_push import pos_sale_push_send, retry_failed_pushes
from tests.inventory.pos_support import (
    HARAVAN_API,
    KIOTVIET_API,
    fixture,
    kiotviet_token,
    sapo_api,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def stocked(pos_variants, showroom):
    ledger.stock_open(
        stocks_with_quantities=[
            (Stock.objects.create(variant=pos_variants[sku], location=showroom), 20)
            for sku in ("CHE-1", "MO-1")
        ]
    )
    return pos_variants


@pytest.fixture
def sell(clerk, showroom, stocked, django_capture_on_commit_callbacks):
    def sell(sale_id="quay-1", lines=(("CHE-1", 2),)):
        with django_capture_on_commit_callbacks(execute=True):
            return pos_sale_record(
                actor=clerk,
                location=showroom,
                client_sale_id=sale_id,
                lines=[PosLine(sku, qty, stocked[sku].price) for sku, qty in lines],
                paid_with="vietqr",
            )

    return sell


def test_a_haravan_push_adjusts_once_per_sale(http, pauses, make_connection, sell):
    connection = make_connection("haravan", push_sales=True)
    connection.items.create(external_id="1061514767", product_id="1028183686", code="CHE-1")
    http.post(HARAVAN_API + "inventories/adjustorset.json",
              json=fixture("haravan_adjustorset_response.json"))  # fmt: skip

    first = sell()
    again = sell()  # the till sends the same sale again (a retry): recorded once, pushed once
    assert again.replayed and first.sale.pk == again.sale.pk

    push = PosSalePush.objects.get()
    assert push.status == PosSalePush.Status.PUSHED and push.attempts == 1
    assert pos_sale_push_send(push_id=push.pk) is None  # a second task run sends nothing
    assert len(http.calls) == 1
    sent = json.loads(http.calls[0].request.body)["inventory"]
    assert sent["location_id"] == 1007284 and sent["type"] == "adjust"
    assert sent["line_items"] == [
        {"product_id": 1028183686, "product_variant_id": 1061514767, "quantity": -2}
    ]


def test_a_kiotviet_push_writes_the_on_hand_less_the_sale(http, pauses, make_connection, sell):
    connection = make_connection("kiotviet", push_sales=True)
    connection.items.create(external_id="1001", product_id="1001", code="CHE-1")
    kiotviet_token(http)
    http.get(KIOTVIET_API + "products/1001", json=fixture("kiotviet_product.json"))
    http.put(KIOTVIET_API + "products/1001", json={"id": 1001})
    sell()
    put = http.calls[-1].request
    assert "branchId=1" in put.url
    assert json.loads(put.body) == {"inventories": [{"branchId": 1, "onHand": 48.0}]}
    assert PosSalePush.objects.get().status == PosSalePush.Status.PUSHED


def test_a_sapo_push_adjusts_the_inventory_level(http, pauses, make_connection, sell):
    connection = make_connection("sapo", push_sales=True)
    connection.items.create(external_id="item:3001", inventory_item_id="3001", code="CHE-1")
    http.post(sapo_api() + "inventory_levels/adjust.json", json={"inventory_level": {}})
    sell()
    assert json.loads(http.calls[0].request.body) == {
        "location_id": 501,
        "inventory_item_id": 3001,
        "available_adjustment": -2,
    }


def test_without_the_switch_nothing_is_pushed(http, make_connection, sell):
    make_connection("haravan", push_sales=False)
    sell()
    assert not PosSalePush.objects.exists() and not http.calls


def test_a_timeout_is_uncertain_and_never_resent(http, pauses, make_connection, sell):
    import requests

    connection = make_connection("haravan", push_sales=True)
    connection.items.create(external_id="1061514767", product_id="1028183686", code="CHE-1")
    http.post(HARAVAN_API + "inventories/adjustorset.json", body=requests.Timeout("slow"))
    sell()
    push = PosSalePush.objects.get()
    assert push.status == PosSalePush.Status.UNCERTAIN
    assert len(http.calls) == 1  # a write that may have happened is not tried again
    assert retry_failed_pushes() == 0


def test_an_unavailable_pos_is_retried_later_and_pushed_once(
    http, pauses, make_connection, sell, django_capture_on_commit_callbacks
):
    connection = make_connection("haravan", push_sales=True)
    connection.items.create(external_id="1061514767", product_id="1028183686", code="CHE-1")
    http.post(HARAVAN_API + "inventories/adjustorset.json", status=503)
    sell()
    push = PosSalePush.objects.get()
    assert push.status == PosSalePush.Status.FAILED
    assert push.last_error.startswith("The POS is unavailable")

    http.replace("POST", HARAVAN_API + "inventories/adjustorset.json",
                 json=fixture("haravan_adjustorset_response.json"))  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert retry_failed_pushes() == 1
    push.refresh_from_db()
    assert push.status == PosSalePush.Status.PUSHED and push.attempts == 2


def test_an_item_the_pos_never_named_is_not_pushed(http, make_connection, sell):
    make_connection("haravan", push_sales=True)
    sell()
    push = PosSalePush.objects.get()
    assert push.status == PosSalePush.Status.FAILED and "CHE-1" in push.last_error
    assert not http.calls and retry_failed_pushes() == 0
