"""The GHN connector against recorded answers written from GHN's documentation (see
fixtures/ghn/README.md), through `responses` in strict mode: a call to a URL no test
registered fails the test."""

import json
import logging
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import requests
import responses

from orders.carriers import ghn as ghn_module
from orders.carriers.base import (
    CarrierAddress,
    CarrierError,
    CarrierErrorCode,
    Parcel,
    ShipmentItem,
    ShipmentRequest,
    TrackingStatus,
    WebhookRejected,
)
from orders.carriers.ghn import GhnCarrier
from orders.carriers.registry import carrier_class

FIXTURES = Path(__file__).parent / "fixtures" / "ghn"
API = "https://online-gateway.ghn.vn/shiip/public-api/"
TOKEN = "tok-5e3b9c1a-secret"
SHOP_ID = "81558"
JSON = {"Content-Type": "application/json"}

# The fee GHN answers for each destination (district id, ward code): Cần Thơ is nearer the
# producer than Hà Nội, so cheaper.
FEES = {(1572, "550113"): "fee_can_tho.json", (1484, "1A0107"): "fee_ha_noi.json"}


def fixture(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def address(province, district, ward, *, name="Chị Lan", phone="0909123456"):
    return CarrierAddress(
        name=name, phone=phone, street="12 Đường 30/4", commune_code="00001",
        commune_name=ward, province_name=province, legacy_province_name=province,
        legacy_district_name=district, legacy_ward_name=ward,
    )  # fmt: skip


SENDER = address("TP. Hồ Chí Minh", "Quận 1", "Phường Bến Nghé", name="HTX Trà Xanh")
CAN_THO = address("Thành phố Cần Thơ", "Quận Ninh Kiều", "Phường Tân An")
HA_NOI = address("ha noi", "Quan Ba Dinh", "P. Điện Biên")
PARCEL = Parcel(weight_grams=1200, declared_value=350_000, cod_amount=350_000)


@pytest.fixture
def http():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def pauses(monkeypatch):
    taken: list[float] = []
    monkeypatch.setattr(ghn_module, "pause", taken.append)
    return taken


@pytest.fixture
def carrier(pauses):
    return GhnCarrier(credentials={"token": TOKEN, "shop_id": SHOP_ID})


@pytest.fixture
def master_data(http):
    http.post(API + "master-data/province", json=fixture("province.json"))
    for province in (201, 202, 220):
        http.post(
            API + "master-data/district",
            json=fixture(f"district_{province}.json"),
            match=[responses.matchers.json_params_matcher({"province_id": province})],
        )
    for district in (1442, 1484, 1572):
        http.post(
            API + f"master-data/ward?district_id={district}",
            json=fixture(f"ward_{district}.json"),
            match=[responses.matchers.json_params_matcher({"district_id": district})],
        )
    return http


def fee_by_destination(request):
    body = json.loads(request.body)
    name = FEES.get((body.get("to_district_id"), body.get("to_ward_code")))
    if name is None:
        return 400, JSON, json.dumps(fixture("error_syntax.json"))
    return 200, JSON, json.dumps(fixture(name))


def leadtime_in_two_days(request):
    moment = datetime.now(tz=ghn_module.VIETNAM) + timedelta(days=2)
    answer = fixture("leadtime.json")
    answer["data"]["leadtime"] = int(moment.timestamp())
    return 200, JSON, json.dumps(answer)


@pytest.fixture
def route(master_data):
    http = master_data
    http.post(API + "v2/shipping-order/available-services", json=fixture("available_services.json"))
    http.add_callback(responses.POST, API + "v2/shipping-order/fee", callback=fee_by_destination)
    http.add_callback(
        responses.POST, API + "v2/shipping-order/leadtime", callback=leadtime_in_two_days
    )
    return http


def bodies(http, path):
    return [json.loads(c.request.body) for c in http.calls if c.request.url == API + path]


# Quotes ------------------------------------------------------------------------------------


def test_shoppers_in_can_tho_and_ha_noi_get_different_fees(carrier, route):
    can_tho = carrier.quote(sender=SENDER, recipient=CAN_THO, parcel=PARCEL, service="")
    ha_noi = carrier.quote(sender=SENDER, recipient=HA_NOI, parcel=PARCEL, service="")

    assert (can_tho.fee, ha_noi.fee) == (36_300, 42_900)
    assert can_tho.service == ha_noi.service == "2"
    assert (can_tho.min_days, can_tho.max_days) == (2, 2)
    fees = bodies(route, "v2/shipping-order/fee")
    assert [(b["to_district_id"], b["to_ward_code"]) for b in fees] == [
        (1572, "550113"),
        (1484, "1A0107"),
    ]
    for body in fees:
        assert (body["from_district_id"], body["from_ward_code"]) == (1442, "20107")
        assert body["service_id"] == 53320 and body["service_type_id"] == 2
        assert (body["weight"], body["insurance_value"]) == (1200, 350_000)
    services = bodies(route, "v2/shipping-order/available-services")
    assert services[0] == {"shop_id": 81558, "from_district": 1442, "to_district": 1572}
    sent = route.calls[-1].request.headers
    assert sent["Token"] == TOKEN and sent["ShopId"] == SHOP_ID


def test_the_accounts_pickup_ids_are_used_without_looking_up_the_sender(pauses, route):
    carrier = GhnCarrier(
        credentials={"token": TOKEN, "shop_id": SHOP_ID, "from_district_id": 1452,
                     "from_ward_code": "21012"}
    )  # fmt: skip
    carrier.quote(sender=SENDER, recipient=CAN_THO, parcel=PARCEL, service="2")

    body = bodies(route, "v2/shipping-order/fee")[0]
    assert (body["from_district_id"], body["from_ward_code"]) == (1452, "21012")
    district_lookups = bodies(route, "master-data/district")
    assert district_lookups == [{"province_id": 220}]  # the recipient's only


def test_a_service_the_route_does_not_offer_is_refused(carrier, route):
    light_only = fixture("available_services.json")
    light_only["data"] = light_only["data"][:1]
    route.replace(responses.POST, API + "v2/shipping-order/available-services", json=light_only)
    with pytest.raises(CarrierError) as error:
        carrier.quote(sender=SENDER, recipient=CAN_THO, parcel=PARCEL, service="5")
    assert error.value.code == CarrierErrorCode.REFUSED
    assert bodies(route, "v2/shipping-order/fee") == []


def test_over_weight_is_overweight(carrier, route):
    route.replace(
        responses.POST, API + "v2/shipping-order/fee",
        json=fixture("error_overweight.json"), status=400,
    )  # fmt: skip
    with pytest.raises(CarrierError) as error:
        carrier.quote(
            sender=SENDER, recipient=CAN_THO, service="2",
            parcel=Parcel(weight_grams=60_000, declared_value=0),
        )  # fmt: skip
    assert error.value.code == CarrierErrorCode.OVERWEIGHT


def test_timeout_is_timeout(carrier, master_data, pauses):
    master_data.post(
        API + "v2/shipping-order/available-services", body=requests.Timeout("read timed out")
    )
    with pytest.raises(CarrierError) as error:
        carrier.quote(sender=SENDER, recipient=CAN_THO, parcel=PARCEL, service="")
    assert error.value.code == CarrierErrorCode.TIMEOUT
    assert len(pauses) == 1  # one more try for a read, then the shopper is told


def test_5xx_and_unreadable_answers_are_unavailable(carrier, master_data):
    master_data.post(API + "v2/shipping-order/available-services", status=502, body="Bad Gateway")
    with pytest.raises(CarrierError) as error:
        carrier.quote(sender=SENDER, recipient=CAN_THO, parcel=PARCEL, service="")
    assert error.value.code == CarrierErrorCode.UNAVAILABLE
    assert [c.response.status_code for c in master_data.calls[-2:]] == [502, 502]  # retried once

    master_data.replace(
        responses.POST, API + "v2/shipping-order/available-services", body="<html>oops</html>"
    )
    with pytest.raises(CarrierError) as error:
        carrier.quote(sender=SENDER, recipient=CAN_THO, parcel=PARCEL, service="")
    assert error.value.code == CarrierErrorCode.UNAVAILABLE


def test_a_refused_token_is_auth(carrier, http):
    http.post(API + "master-data/province", json=fixture("error_token.json"), status=401)
    with pytest.raises(CarrierError) as error:
        carrier.quote(sender=SENDER, recipient=CAN_THO, parcel=PARCEL, service="")
    assert error.value.code == CarrierErrorCode.AUTH


def test_an_unknown_shop_is_auth(carrier, route):
    route.replace(
        responses.POST, API + "v2/shipping-order/available-services",
        json=fixture("error_shop.json"), status=400,
    )  # fmt: skip
    with pytest.raises(CarrierError) as error:
        carrier.quote(sender=SENDER, recipient=CAN_THO, parcel=PARCEL, service="")
    assert error.value.code == CarrierErrorCode.AUTH


def test_secrets_never_reach_the_logs_or_errors(carrier, route, caplog):
    caplog.set_level(logging.DEBUG)
    carrier.quote(sender=SENDER, recipient=CAN_THO, parcel=PARCEL, service="")
    route.replace(
        responses.POST, API + "v2/shipping-order/fee", json=fixture("error_syntax.json"), status=400
    )
    with pytest.raises(CarrierError) as error:
        carrier.quote(sender=SENDER, recipient=HA_NOI, parcel=PARCEL, service="")

    assert "online-gateway.ghn.vn/shiip/public-api/v2/shipping-order/fee" in caplog.text
    assert TOKEN not in caplog.text and TOKEN not in str(error.value)


# Addresses ---------------------------------------------------------------------------------


def test_names_resolve_to_ghn_ids_whatever_the_spelling(carrier, master_data):
    assert carrier.resolve(CAN_THO) == (1572, "550113")  # "Thành phố Cần Thơ" → "Cần Thơ"
    assert carrier.resolve(HA_NOI) == (1484, "1A0107")  # no diacritics, "P." abbreviation
    assert carrier.resolve(SENDER) == (1442, "20107")  # "TP. Hồ Chí Minh" via NameExtension
    calls = len(master_data.calls)

    assert carrier.resolve(address("Cần Thơ", "Ninh Kiều", "An Hòa")) == (1572, "550112")
    assert len(master_data.calls) == calls  # master data cached: no call


def test_an_unknown_ward_is_an_invalid_address_and_nothing_is_priced(carrier, route):
    nowhere = address("Cần Thơ", "Quận Ninh Kiều", "Phường Không Có")
    with pytest.raises(CarrierError) as error:
        carrier.quote(sender=SENDER, recipient=nowhere, parcel=PARCEL, service="")
    assert error.value.code == CarrierErrorCode.INVALID_ADDRESS
    assert "Phường Không Có" in error.value.message
    assert bodies(route, "v2/shipping-order/fee") == []


def test_a_name_two_wards_share_loosely_is_refused_not_guessed():
    rows = [
        {"WardCode": "1", "WardName": "Phường An Lạc", "NameExtension": []},
        {"WardCode": "2", "WardName": "Xã An Lạc", "NameExtension": []},
    ]
    assert ghn_module.match(rows, "WardName", "xa an lac")["WardCode"] == "2"  # exact wins
    assert ghn_module.match(rows, "WardName", "An Lạc") is None  # either: ambiguous


def test_a_missing_district_or_unknown_province_is_an_invalid_address(carrier, master_data):
    for where in (address("Cần Thơ", "", "Phường Tân An"), address("Atlantis", "Q1", "P1")):
        with pytest.raises(CarrierError) as error:
            carrier.resolve(where)
        assert error.value.code == CarrierErrorCode.INVALID_ADDRESS


# Shipments ---------------------------------------------------------------------------------


def shipment_request():
    return ShipmentRequest(
        reference="OCOP0000012-3",
        sender=SENDER,
        recipient=HA_NOI,
        parcel=PARCEL,
        items=[ShipmentItem(name="Trà Shan tuyết", quantity=2, weight_grams=600, sku="TRA-01")],
        service="2",
        note="Gọi trước khi giao",
    )


def test_create_shipment_books_the_part_under_its_reference(carrier, master_data):
    master_data.post(API + "v2/shipping-order/create", json=fixture("create.json"))

    created = carrier.create_shipment(shipment_request())

    assert created.waybill == "GA99W4RREB" and created.fee == 36_300
    assert created.expected_delivery == date(2026, 12, 9)
    body = bodies(master_data, "v2/shipping-order/create")[0]
    assert body["client_order_code"] == "OCOP0000012-3"
    assert (body["to_district_id"], body["to_ward_code"]) == (1484, "1A0107")
    assert (body["cod_amount"], body["insurance_value"], body["weight"]) == (350_000, 350_000, 1200)
    assert body["items"] == [{"name": "Trà Shan tuyết", "code": "TRA-01", "quantity": 2,
                              "weight": 600}]  # fmt: skip
    assert body["required_note"] == "CHOXEMHANGKHONGTHU" and body["payment_type_id"] == 1
    assert body["service_type_id"] == 2 and body["note"] == "Gọi trước khi giao"


def test_a_create_that_timed_out_is_not_sent_twice(carrier, master_data):
    master_data.post(API + "v2/shipping-order/create", body=requests.Timeout("read timed out"))
    with pytest.raises(CarrierError) as error:
        carrier.create_shipment(shipment_request())
    assert error.value.code == CarrierErrorCode.TIMEOUT
    assert len(bodies(master_data, "v2/shipping-order/create")) == 1


def test_cancel(carrier, http):
    http.post(
        API + "v2/switch-status/cancel",
        json=fixture("cancel.json"),
        match=[responses.matchers.json_params_matcher({"order_codes": ["GA99W4RREB"]})],
    )
    assert carrier.cancel(waybill="GA99W4RREB") is None

    http.replace(
        responses.POST, API + "v2/switch-status/cancel", json=fixture("cancel_refused.json")
    )
    with pytest.raises(CarrierError) as error:
        carrier.cancel(waybill="GA99W4RREB")
    assert error.value.code == CarrierErrorCode.REFUSED
    assert "không thể hủy" in error.value.message


def test_label_url_is_the_print_page_on_the_configured_gateway(pauses, http):
    dev = "https://dev-online-gateway.ghn.vn/shiip/public-api"
    carrier = GhnCarrier(credentials={"token": TOKEN, "shop_id": SHOP_ID}, base_url=dev)
    http.post(
        dev + "/v2/a5/gen-token",
        json=fixture("gen_token.json"),
        match=[responses.matchers.json_params_matcher({"order_codes": ["GA99W4RREB"]})],
    )
    assert carrier.label_url(waybill="GA99W4RREB") == (
        "https://dev-online-gateway.ghn.vn/a5/public-api/printA5"
        "?token=e27db030-a1bf-11ea-b421-6a186c15e40e"
    )


def test_tracking_url_services_and_registry():
    assert GhnCarrier.tracking_url("GA99W4RREB") == "https://donhang.ghn.vn/?order_code=GA99W4RREB"
    assert GhnCarrier.services()[0] == ("2", "Hàng nhẹ")
    assert carrier_class("ghn") is GhnCarrier


# Webhooks ----------------------------------------------------------------------------------


def webhook(name, **changes):
    return json.dumps({**fixture(name), **changes}).encode()


@pytest.fixture
def shop_carrier(pauses):
    return GhnCarrier(credentials={"token": TOKEN, "shop_id": "81558"})


def test_a_delivered_callback_reads_as_delivered(shop_carrier):
    [update] = shop_carrier.parse_webhook(headers=JSON, body=webhook("webhook_delivered.json"))

    assert update.waybill == "Z82BS"
    assert update.status == TrackingStatus.DELIVERED and update.carrier_status == "delivered"
    assert update.occurred_at == datetime(2021, 11, 13, 9, 15, 2, 421000, tzinfo=UTC)
    assert update.description == "Giao hàng thành công"


def test_a_replay_has_the_same_event_id_and_another_step_another(shop_carrier):
    body = webhook("webhook_delivered.json")
    first = shop_carrier.parse_webhook(headers=JSON, body=body)[0]
    again = shop_carrier.parse_webhook(headers=JSON, body=body)[0]
    created = shop_carrier.parse_webhook(headers=JSON, body=webhook("webhook_create.json"))[0]

    assert first.event_id == again.event_id
    assert created.event_id != first.event_id
    assert created.status == TrackingStatus.CREATED


@pytest.mark.parametrize(
    ("status", "step"),
    [
        ("picked", TrackingStatus.PICKED_UP),
        ("transporting", TrackingStatus.IN_TRANSIT),
        ("delivering", TrackingStatus.IN_TRANSIT),
        ("delivery_fail", TrackingStatus.DELIVERY_FAILED),
        ("returned", TrackingStatus.RETURNED),
        ("cancel", TrackingStatus.CANCELLED),
        ("lost", TrackingStatus.OTHER),
        ("something_new", TrackingStatus.OTHER),
    ],
)
def test_ghn_statuses_fold_onto_our_steps(shop_carrier, status, step):
    body = webhook("webhook_delivered.json", Status=status)
    assert shop_carrier.parse_webhook(headers=JSON, body=body)[0].status == step


def test_a_weight_update_changes_no_step(shop_carrier):
    assert (
        shop_carrier.parse_webhook(headers=JSON, body=webhook("webhook_update_weight.json")) == []
    )


@pytest.mark.parametrize(
    ("headers", "body"),
    [
        (JSON, webhook("webhook_delivered.json", ShopID=99999)),  # another shop's order
        (JSON, webhook("webhook_delivered.json", ShopID=None)),
        (JSON, b'{"OrderCode": "Z82BS", '),  # not JSON
        (JSON, b"\xff\xfe"),
        ({"Content-Type": "text/plain"}, webhook("webhook_delivered.json")),
        (JSON, webhook("webhook_delivered.json", Time="")),
        (JSON, webhook("webhook_delivered.json", OrderCode="")),
        (JSON, b"[]"),
    ],
)
def test_webhooks_that_do_not_verify_are_rejected(shop_carrier, headers, body):
    with pytest.raises(WebhookRejected):
        shop_carrier.parse_webhook(headers=headers, body=body)


def test_an_account_without_shop_id_accepts_no_webhook(pauses):
    carrier = GhnCarrier(credentials={"token": TOKEN})
    with pytest.raises(WebhookRejected):
        carrier.parse_webhook(headers=JSON, body=webhook("webhook_delivered.json"))


def test_a_service_ghn_does_not_have_is_refused_before_any_call(carrier, http):
    with pytest.raises(CarrierError) as error:
        carrier.quote(sender=SENDER, recipient=CAN_THO, parcel=PARCEL, service="express")
    assert error.value.code == CarrierErrorCode.REFUSED
    assert len(http.calls) == 0
