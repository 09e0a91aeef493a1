"""The GHTK connector against GHTK's documented answers (fixtures/ghtk/), through a strict HTTP
stub: a call to anything not registered fails the test."""

import datetime
import json
import logging
from pathlib import Path
from urllib.parse import urlencode

import pytest
import requests
import responses
from responses import matchers
from urllib3 import encode_multipart_formdata

from orders.carriers import registry
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
from orders.carriers.ghtk import GhtkCarrier

FIXTURES = Path(__file__).parent / "fixtures" / "ghtk"
API = "https://services.giaohangtietkiem.vn"
TOKEN = "APITokenSample-ca441e70288cB0515F310742"
HASH = "whk-7f3a9c1e5b"
CREDENTIALS = {"token": TOKEN, "partner_code": "S308157", "webhook_hash": HASH}


def fixture(name):
    return json.loads((FIXTURES / name).read_text())


def address(**overrides):
    fields = {
        "name": "HTX Chè Tân Cương",
        "phone": "0911222333",
        "street": "Số 5, ngõ 45",
        "commune_code": "00004",
        "commune_name": "Phường Ba Đình",
        "province_name": "Thành phố Hà Nội",
        "legacy_province_name": "Hà Nội",
        "legacy_district_name": "Quận Ba Đình",
        "legacy_ward_name": "Phường Phúc Xá",
    }
    return CarrierAddress(**{**fields, **overrides})


SENDER = address()
HA_NOI = address(
    name="Nguyễn Văn An", phone="0987654321", street="P.503 tòa nhà Âu Việt",
    legacy_district_name="Quận Cầu Giấy", legacy_ward_name="Phường Dịch Vọng Hậu",
)  # fmt: skip
CAN_THO = address(
    name="Trần Thị Bình", phone="0939111222", street="12 đường 30/4",
    commune_code="31117", commune_name="Phường Ninh Kiều", province_name="Thành phố Cần Thơ",
    legacy_province_name="Cần Thơ", legacy_district_name="Quận Ninh Kiều",
    legacy_ward_name="Phường Xuân Khánh",
)  # fmt: skip
PARCEL = Parcel(weight_grams=1200, declared_value=450_000, cod_amount=480_000)


@pytest.fixture
def http():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


@pytest.fixture
def pauses():
    return []


@pytest.fixture
def ghtk(pauses):
    return GhtkCarrier(credentials=dict(CREDENTIALS), sleep=pauses.append)


def fee_params(recipient, *, transport="road"):
    """What the fee API must be sent for a parcel from SENDER: the pre-2025 names."""
    return {
        "pick_province": "Hà Nội", "pick_district": "Quận Ba Đình",
        "pick_ward": "Phường Phúc Xá", "pick_address": "Số 5, ngõ 45",
        "province": recipient.legacy_province_name,
        "district": recipient.legacy_district_name,
        "ward": recipient.legacy_ward_name, "address": recipient.street,
        "weight": "1200", "value": "450000", "transport": transport, "deliver_option": "none",
    }  # fmt: skip


def add_fee(http, recipient, answer, status=200, **kwargs):
    http.get(
        f"{API}/services/shipment/fee",
        json=fixture(answer),
        status=status,
        match=[
            matchers.query_param_matcher(fee_params(recipient, **kwargs)),
            matchers.header_matcher({"Token": TOKEN, "X-Client-Source": "S308157"}),
        ],
    )


def request(**overrides):
    fields = {
        "reference": "OCOP0000012-3",
        "sender": SENDER,
        "recipient": CAN_THO,
        "parcel": PARCEL,
        "items": [
            ShipmentItem(name="Chè búp Tân Cương 500g", quantity=2, weight_grams=500, sku="CHE-1")
        ],
        "service": "road",
        "note": "Gọi trước khi giao",
    }
    return ShipmentRequest(**{**fields, **overrides})


# Quotes ----------------------------------------------------------------------------------


def test_can_tho_and_ha_noi_are_quoted_different_fees_for_the_same_parcel(http, ghtk):
    add_fee(http, CAN_THO, "fee_can_tho.json")
    add_fee(http, HA_NOI, "fee_ha_noi.json")

    can_tho = ghtk.quote(sender=SENDER, recipient=CAN_THO, parcel=PARCEL, service="road")
    ha_noi = ghtk.quote(sender=SENDER, recipient=HA_NOI, parcel=PARCEL, service="road")

    assert (can_tho.fee, ha_noi.fee) == (42_500, 30_400)
    assert can_tho.service == ha_noi.service == "road"
    # GHTK's fee API gives no delivery estimate.
    assert (can_tho.min_days, can_tho.max_days) == (None, None)


def test_the_default_service_is_road_and_fly_is_sent_as_transport(http, ghtk):
    add_fee(http, HA_NOI, "fee_ha_noi.json")
    add_fee(http, HA_NOI, "fee_ha_noi.json", transport="fly")

    assert ghtk.quote(sender=SENDER, recipient=HA_NOI, parcel=PARCEL, service="").service == "road"
    assert ghtk.quote(sender=SENDER, recipient=HA_NOI, parcel=PARCEL, service="fly").service == (
        "fly"
    )
    assert GhtkCarrier.services() == [("road", "Đường bộ"), ("fly", "Đường bay")]


def test_an_unknown_service_is_refused_without_calling_ghtk(http, ghtk):
    with pytest.raises(CarrierError) as caught:
        ghtk.quote(sender=SENDER, recipient=HA_NOI, parcel=PARCEL, service="xteam")
    assert caught.value.code == CarrierErrorCode.REFUSED
    assert len(http.calls) == 0


def test_a_commune_without_a_known_district_is_an_invalid_address_before_any_call(http, ghtk):
    no_district = address(legacy_district_name="", commune_name="Xã Tân Cương")
    with pytest.raises(CarrierError) as caught:
        ghtk.quote(sender=SENDER, recipient=no_district, parcel=PARCEL, service="road")
    assert caught.value.code == CarrierErrorCode.INVALID_ADDRESS
    assert "Xã Tân Cương" in caught.value.message
    assert len(http.calls) == 0


def test_a_pickup_place_id_lets_a_sender_without_district_ship(http):
    ghtk = GhtkCarrier(credentials={**CREDENTIALS, "pick_address_id": "18227226"})
    params = {**fee_params(HA_NOI), "pick_address_id": "18227226", "pick_district": ""}
    del params["pick_address"]
    http.get(
        f"{API}/services/shipment/fee",
        json=fixture("fee_ha_noi.json"),
        match=[matchers.query_param_matcher(params)],
    )
    sender = address(legacy_district_name="")
    assert ghtk.quote(sender=sender, recipient=HA_NOI, parcel=PARCEL, service="road").fee == 30_400


@pytest.mark.parametrize(
    ("answer", "status", "code"),
    [
        ("fee_not_delivered.json", 200, CarrierErrorCode.INVALID_ADDRESS),
        ("fee_missing_district.json", 422, CarrierErrorCode.INVALID_ADDRESS),
        ("token_invalid.json", 401, CarrierErrorCode.AUTH),
        ("token_invalid.json", 200, CarrierErrorCode.AUTH),
        ("order_overweight.json", 400, CarrierErrorCode.OVERWEIGHT),
    ],
)
def test_quote_refusals_keep_what_the_producer_can_act_on(http, ghtk, answer, status, code):
    add_fee(http, CAN_THO, answer, status=status)
    with pytest.raises(CarrierError) as caught:
        ghtk.quote(sender=SENDER, recipient=CAN_THO, parcel=PARCEL, service="road")
    assert caught.value.code == code


def test_a_quote_that_times_out_is_tried_three_times_then_is_a_timeout(http, ghtk, pauses):
    for _attempt in range(3):
        http.get(f"{API}/services/shipment/fee", body=requests.Timeout("slow"))
    with pytest.raises(CarrierError) as caught:
        ghtk.quote(sender=SENDER, recipient=CAN_THO, parcel=PARCEL, service="road")
    assert caught.value.code == CarrierErrorCode.TIMEOUT
    assert len(http.calls) == 3 and len(pauses) == 2


def test_a_5xx_after_retries_is_unavailable(http, ghtk):
    for _attempt in range(3):
        http.get(f"{API}/services/shipment/fee", status=503, body="Service Unavailable")
    with pytest.raises(CarrierError) as caught:
        ghtk.quote(sender=SENDER, recipient=CAN_THO, parcel=PARCEL, service="road")
    assert caught.value.code == CarrierErrorCode.UNAVAILABLE


def test_an_unreadable_answer_is_unavailable(http, ghtk):
    http.get(f"{API}/services/shipment/fee", body="<html>maintenance</html>")
    with pytest.raises(CarrierError) as caught:
        ghtk.quote(sender=SENDER, recipient=CAN_THO, parcel=PARCEL, service="road")
    assert caught.value.code == CarrierErrorCode.UNAVAILABLE


def test_no_token_is_an_auth_error_without_calling(http):
    with pytest.raises(CarrierError) as caught:
        GhtkCarrier(credentials={}).quote(
            sender=SENDER, recipient=CAN_THO, parcel=PARCEL, service="road"
        )
    assert caught.value.code == CarrierErrorCode.AUTH
    assert len(http.calls) == 0


def test_the_base_url_can_point_at_staging(http):
    staging = GhtkCarrier(credentials=CREDENTIALS, base_url="https://services-staging.ghtklab.com/")
    http.get(
        "https://services-staging.ghtklab.com/services/shipment/fee",
        json=fixture("fee_ha_noi.json"),
    )
    assert staging.quote(sender=SENDER, recipient=HA_NOI, parcel=PARCEL, service="road").fee == (
        30_400
    )


# Shipments -------------------------------------------------------------------------------


def add_order(http, answer, status=200):
    return http.post(
        f"{API}/services/shipment/order",
        json=fixture(answer),
        status=status,
        match=[matchers.query_param_matcher({"ver": "1.5"})],
    )


def test_create_books_our_reference_with_the_cod_and_declared_value(http, ghtk):
    add_order(http, "order_created.json")

    created = ghtk.create_shipment(request())

    assert created.waybill == "S1.A1.2001297581"
    assert created.fee == 30_400
    assert created.expected_delivery == datetime.date(2017, 7, 3)
    sent = json.loads(http.calls[0].request.body)
    order = sent["order"]
    assert order["id"] == "OCOP0000012-3"
    assert (order["pick_money"], order["value"], order["is_freeship"]) == (480_000, 450_000, 1)
    assert (order["pick_province"], order["pick_district"], order["pick_ward"]) == (
        "Hà Nội", "Quận Ba Đình", "Phường Phúc Xá",
    )  # fmt: skip
    assert (order["province"], order["district"], order["ward"]) == (
        "Cần Thơ", "Quận Ninh Kiều", "Phường Xuân Khánh",
    )  # fmt: skip
    assert (order["name"], order["tel"], order["address"]) == (
        "Trần Thị Bình", "0939111222", "12 đường 30/4",
    )  # fmt: skip
    assert (order["transport"], order["total_weight"], order["note"]) == (
        "road", 1.2, "Gọi trước khi giao",
    )  # fmt: skip
    assert sent["products"] == [
        {"name": "Chè búp Tân Cương 500g", "weight": 0.5, "quantity": 2, "product_code": "CHE-1"}
    ]
    assert http.calls[0].request.headers["Token"] == TOKEN


def test_a_retried_create_reads_the_first_booking_instead_of_booking_twice(http, ghtk):
    add_order(http, "order_exists.json", status=422)
    http.get(f"{API}/services/shipment/v2/S1.A1.1737345", json=fixture("order_status.json"))

    created = ghtk.create_shipment(request())

    assert created.waybill == "S1.A1.1737345"
    assert created.fee == 16_500
    assert created.expected_delivery == datetime.date(2017, 9, 14)


def test_a_reference_booked_then_cancelled_at_ghtk_is_refused_clearly(http, ghtk):
    add_order(http, "order_exists_cancelled.json", status=422)
    with pytest.raises(CarrierError) as caught:
        ghtk.create_shipment(request())
    # Its old label is not handed back as if it were this shipment's (no status read).
    assert caught.value.code == CarrierErrorCode.REFUSED
    assert len(http.calls) == 1


@pytest.mark.parametrize(
    ("answer", "status", "code"),
    [
        ("order_overweight.json", 400, CarrierErrorCode.OVERWEIGHT),
        ("order_route_blocked.json", 200, CarrierErrorCode.INVALID_ADDRESS),
        ("token_invalid.json", 401, CarrierErrorCode.AUTH),
    ],
)
def test_create_refusals(http, ghtk, answer, status, code):
    add_order(http, answer, status=status)
    with pytest.raises(CarrierError) as caught:
        ghtk.create_shipment(request())
    assert caught.value.code == code
    assert caught.value.message == fixture(answer)["message"][:300]


def test_a_create_that_times_out_is_sent_once(http, ghtk):
    http.post(f"{API}/services/shipment/order", body=requests.Timeout("slow"))
    with pytest.raises(CarrierError) as caught:
        ghtk.create_shipment(request())
    assert caught.value.code == CarrierErrorCode.TIMEOUT
    assert len(http.calls) == 1


def test_cancel(http, ghtk):
    http.post(f"{API}/services/shipment/cancel/S1.A1.2001297581", json=fixture("cancel_ok.json"))
    ghtk.cancel(waybill="S1.A1.2001297581")
    assert len(http.calls) == 1


def test_cancelling_an_order_ghtk_already_cancelled_is_done(http, ghtk):
    http.post(
        f"{API}/services/shipment/cancel/S1.A1.2001297581", json=fixture("cancel_already.json")
    )
    ghtk.cancel(waybill="S1.A1.2001297581")


def test_an_order_already_picked_up_cannot_be_cancelled(http, ghtk):
    http.post(
        f"{API}/services/shipment/cancel/S1.A1.2001297581", json=fixture("cancel_picked.json")
    )
    with pytest.raises(CarrierError) as caught:
        ghtk.cancel(waybill="S1.A1.2001297581")
    assert caught.value.code == CarrierErrorCode.REFUSED
    assert caught.value.message == "Đơn đã lấy hàng, không thể hủy đơn."


def test_the_label_is_ghtks_pdf_fetched_with_our_token(http, ghtk):
    pdf = b"%PDF-1.4\n% label S1.A1.2001297581\n%%EOF\n"
    http.get(
        f"{API}/services/label/S1.A1.2001297581",
        body=pdf,
        content_type="application/pdf",
        match=[matchers.header_matcher({"Token": TOKEN})],
    )
    assert ghtk.label_url(waybill="S1.A1.2001297581") == f"{API}/services/label/S1.A1.2001297581"
    assert ghtk.label_pdf(waybill="S1.A1.2001297581") == pdf


def test_the_label_of_an_unknown_waybill_is_refused(http, ghtk):
    http.get(f"{API}/services/label/S1.A1.0", json=fixture("label_not_found.json"))
    with pytest.raises(CarrierError) as caught:
        ghtk.label_pdf(waybill="S1.A1.0")
    assert caught.value.code == CarrierErrorCode.REFUSED


def test_the_public_tracking_page_and_the_registry():
    assert GhtkCarrier.tracking_url("S1.A1.17373471") == "https://i.ghtk.vn/S1.A1.17373471"
    assert registry.carrier_class("ghtk") is GhtkCarrier
    assert registry.tracking_url("ghtk", "S1.A1.17373471") == "https://i.ghtk.vn/S1.A1.17373471"


# Webhooks --------------------------------------------------------------------------------

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def form_body(**overrides):
    return urlencode({**fixture("webhook_delivered.json"), **overrides}).encode()


def test_the_documented_delivered_webhook_is_read(ghtk):
    [update] = ghtk.parse_webhook(headers=FORM, body=form_body(), query={"hash": HASH})

    assert update.waybill == "S1.A1.17373471"
    assert update.status == TrackingStatus.DELIVERED
    assert update.carrier_status == "5"
    assert update.occurred_at == datetime.datetime(2016, 11, 2, 5, 18, 39, tzinfo=datetime.UTC)
    assert update.description == "Đã giao hàng/Chưa đối soát"


def test_a_replay_carries_the_same_event_id_in_either_encoding(ghtk):
    form = ghtk.parse_webhook(headers=FORM, body=form_body(), query={"hash": HASH})
    again = ghtk.parse_webhook(headers=FORM, body=form_body(), query={"hash": HASH})
    as_json = ghtk.parse_webhook(
        headers={"Content-Type": "application/json"},
        body=json.dumps(fixture("webhook_delivered.json")).encode(),
        query={"hash": HASH},
    )
    picked = ghtk.parse_webhook(headers=FORM, body=form_body(status_id=3), query={"hash": HASH})

    body, content_type = encode_multipart_formdata(
        {key: str(value) for key, value in fixture("webhook_delivered.json").items()}
    )
    multipart = ghtk.parse_webhook(
        headers={"content-type": content_type}, body=body, query={"hash": HASH}
    )

    assert form[0].event_id == again[0].event_id == as_json[0].event_id == multipart[0].event_id
    assert form[0].event_id == "S1.A1.17373471:5:2016-11-02T12:18:39+07:00"
    assert picked[0].event_id != form[0].event_id


@pytest.mark.parametrize(
    ("status_id", "status"),
    [
        (-1, TrackingStatus.CANCELLED),
        (2, TrackingStatus.CREATED),
        (12, TrackingStatus.CREATED),
        (3, TrackingStatus.PICKED_UP),
        (4, TrackingStatus.IN_TRANSIT),
        (6, TrackingStatus.DELIVERED),
        (9, TrackingStatus.DELIVERY_FAILED),
        (20, TrackingStatus.DELIVERY_FAILED),
        (21, TrackingStatus.RETURNED),
        (11, TrackingStatus.RETURNED),
        (7, TrackingStatus.OTHER),
        (45, TrackingStatus.OTHER),
        (999, TrackingStatus.OTHER),
    ],
)
def test_ghtk_statuses_fold_into_the_steps_the_order_follows(ghtk, status_id, status):
    body = form_body(status_id=status_id, reason="Khách hẹn giao lại" if status_id == 9 else "")
    [update] = ghtk.parse_webhook(headers=FORM, body=body, query={"hash": HASH})
    assert update.status == status
    assert update.carrier_status == str(status_id)
    if status_id == 9:
        assert update.description == "Khách hẹn giao lại"


@pytest.mark.parametrize(
    ("query", "body"),
    [
        ({"hash": "wrong"}, form_body()),
        ({}, form_body()),
        (None, form_body()),
        ({"hash": HASH}, b"\xff\xfe not utf-8"),
        ({"hash": HASH}, b"{not json"),
        ({"hash": HASH}, b"[1, 2]"),
        ({"hash": HASH}, form_body(label_id="")),
        ({"hash": HASH}, form_body(status_id="delivered")),
        ({"hash": HASH}, form_body(action_time="yesterday")),
        ({"hash": HASH}, b"hello"),
    ],
)
def test_webhooks_that_do_not_verify_or_cannot_be_read_are_rejected(ghtk, query, body):
    with pytest.raises(WebhookRejected):
        ghtk.parse_webhook(headers=FORM, body=body, query=query)


def test_a_multipart_webhook_keeps_its_vietnamese_reason(ghtk):
    fields = {**fixture("webhook_delivered.json"), "status_id": 9, "reason": "Khách hẹn giao lại"}
    body, content_type = encode_multipart_formdata({k: str(v) for k, v in fields.items()})
    [update] = ghtk.parse_webhook(
        headers={"Content-Type": content_type}, body=body, query={"hash": HASH}
    )
    assert (update.status, update.description) == (
        TrackingStatus.DELIVERY_FAILED, "Khách hẹn giao lại",
    )  # fmt: skip
    with pytest.raises(WebhookRejected):
        ghtk.parse_webhook(
            headers={"Content-Type": "multipart/form-data; boundary=xyz"},
            body=b"junk",
            query={"hash": HASH},
        )


def test_without_a_configured_hash_every_webhook_is_rejected():
    ghtk = GhtkCarrier(credentials={"token": TOKEN})
    with pytest.raises(WebhookRejected):
        ghtk.parse_webhook(headers=FORM, body=form_body(), query={"hash": ""})


# Secrets ---------------------------------------------------------------------------------


def test_the_token_and_hash_never_reach_the_logs_or_the_errors(http, ghtk, caplog):
    caplog.set_level(logging.DEBUG)
    add_fee(http, CAN_THO, "fee_can_tho.json")
    add_order(http, "token_invalid.json", status=401)
    http.get(f"{API}/services/shipment/fee", status=500, body="Service Unavailable")
    http.get(f"{API}/services/shipment/fee", status=500, body="Service Unavailable")
    http.get(f"{API}/services/shipment/fee", status=500, body="Service Unavailable")

    ghtk.quote(sender=SENDER, recipient=CAN_THO, parcel=PARCEL, service="road")
    errors = []
    for call in (
        lambda: ghtk.create_shipment(request()),
        lambda: ghtk.quote(sender=SENDER, recipient=HA_NOI, parcel=PARCEL, service="road"),
        lambda: ghtk.parse_webhook(headers=FORM, body=form_body(), query={"hash": "wrong"}),
    ):
        with pytest.raises((CarrierError, WebhookRejected)) as caught:
            call()
        errors.append(str(caught.value))

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "services.giaohangtietkiem.vn/services/shipment/fee" in logged
    for secret in (TOKEN, HASH, "S308157"):
        assert secret not in logged
        assert all(secret not in error for error in errors)
