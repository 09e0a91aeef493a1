"""GHTK (Giao Hàng Tiết Kiệm).

Follows GHTK's public API documentation, https://docs.giaohangtietkiem.vn/ (the English pages
under /en/docs/submit-order/ and the Vietnamese ones they translate; the newer copy at
https://api.ghtk.vn/en/docs/submit-order/ and https://pro-docs.ghtk.vn/ say the same):
- every call sends `Token: <API token>` and, for partners, `X-Client-Source: <partner code>`;
  production `https://services.giaohangtietkiem.vn`, staging
  `https://services-staging.ghtklab.com` (CARRIER_BASE_URLS["ghtk"] overrides it).
- 2. Handling errors (/error-handling): a refusal is `{success: false, message, error_code,
  log_id}`; 401/20101 a bad token; order errors 30101…30610 (30603 over-weight, 30107 an id
  used before, 30207–30209 and 30302–30306 address parts missing, 30610 route suspended);
  cancel errors 50101 (already cancelled) … 50109 (not found); 40101 label printing failed.
- 3. Submit Order (/submit-order-express): `POST /services/shipment/order?ver=1.5` with
  `{products: [{name, weight (kg), quantity, product_code}], order: {id, pick_name,
  pick_money (COD), pick_address, pick_province, pick_district, pick_ward, pick_tel, name,
  address, province, district, ward, hamlet ("Khác" when there is none), tel, note (≤ 120
  characters), is_freeship, value, transport, pick_option, deliver_option, total_weight}}`,
  answering `{success, order: {partner_id, label, fee, insurance_fee, estimated_pick_time,
  estimated_deliver_time ("Chiều 2017-07-01"), status_id, tracking_id}}`. An `order.id`
  already booked is refused with `error: {code: "ORDER_ID_EXIST", partner_id, ghtk_label,
  created, status}`: GHTK never books the same id twice, so a retried create reads the label
  of the first booking instead of booking again.
- Order status (/tracking-status): `GET /services/shipment/v2/{label}` → `{order: {label_id,
  status, ship_money, insurance, deliver_date, ...}}`.
- 4. Calculate Shipping Fee (/calculate-shipping-fee): `GET /services/shipment/fee` with
  pick_province, pick_district, pick_ward, pick_address, province, district, ward, address,
  weight (grams), value, transport (road/fly), deliver_option (xteam/none) → `{fee: {name,
  fee, insurance_fee, delivery (false: GHTK does not deliver there), extFees}}`; no delivery
  estimate, so a Quote carries no days.
- 6. Print Label (/print-label): `GET /services/label/{label}` → a PDF, or JSON on error.
- 7. Order Cancellation (/api-cancel-order): `POST /services/shipment/cancel/{label}`.
- 8. Webhook (/webhook): GHTK POSTs each status change to the callback URL registered with it,
  `...?hash=XXX`, form-encoded (`label_id, partner_id, status_id, action_time (ISO 8601),
  reason_code, reason, weight (kg), fee, pick_money, return_part_package`), and resends
  anything not answered 200; the status ids are the table in STATUSES.

Verified only against that documentation (no GHTK account was used):
- the webhook's only proof of origin is the secret `hash` query parameter of the callback URL
  (GHTK signs nothing); the documentation shows the body as a form and as JSON, and its PHP
  sample would send multipart: all three are read;
- the fee API answers `fee.fee` with insurance and surcharges included (a public client's
  recorded answer: fee 78.500 = ship 60.500 + insurance 15.000 + 3.000 surcharges), and the
  order API's `order.fee` likewise (its recorded 37.000 with insurance 15.000 is the 22.000 đ
  intra-province price plus insurance), so neither is added to the insurance again;
- that errors arrive either as HTTP 4xx or as 200 with `success: false`: both are read, by
  `error_code` first and by the Vietnamese message when the code is one we do not know;
- the ids 123, 127, 128, 45, 49 and 410 are the shipper's own reports (picked up, could not
  pick up, delayed, delivered, could not deliver, delayed) that GHTK's confirmed status
  follows: they are kept in the timeline (OTHER), not acted on;
- the public tracking page `https://i.ghtk.vn/<label>` is what GHTK's customer site links to
  and public integrations use (e.g. github.com/tringuyenduc2903/GiaoHangTietKiem-Laravel);
  the API documentation itself does not name it;
- the Xfast service (`deliver_option=xteam`) needs a pickup session and full address we do not
  collect, so it is not offered.
"""

import datetime
import hashlib
import hmac
import json
import logging
import re
from collections.abc import Mapping
from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qs, quote

from django.utils.translation import gettext as _

from marketplace.core.http import (
    UNSAFE_WRITE,
    ExternalServiceError,
    Failure,
    RetryPolicy,
    ServiceClient,
)
from orders.carriers.base import (
    Carrier,
    CarrierAddress,
    CarrierError,
    CarrierErrorCode,
    Parcel,
    Quote,
    ShipmentCreated,
    ShipmentRequest,
    TrackingStatus,
    TrackingUpdate,
    WebhookRejected,
)

logger = logging.getLogger(__name__)

PRODUCTION_URL = "https://services.giaohangtietkiem.vn"
STAGING_URL = "https://services-staging.ghtklab.com"
TRACKING_URL = "https://i.ghtk.vn/"
VIETNAM = datetime.timezone(datetime.timedelta(hours=7))

# GHTK's status ids (webhook documentation) → (what the order does, GHTK's own words).
STATUSES: dict[int, tuple[TrackingStatus, str]] = {
    -1: (TrackingStatus.CANCELLED, "Hủy đơn hàng"),
    1: (TrackingStatus.CREATED, "Chưa tiếp nhận"),
    2: (TrackingStatus.CREATED, "Đã tiếp nhận"),
    3: (TrackingStatus.PICKED_UP, "Đã lấy hàng/Đã nhập kho"),
    4: (TrackingStatus.IN_TRANSIT, "Đã điều phối giao hàng/Đang giao hàng"),
    5: (TrackingStatus.DELIVERED, "Đã giao hàng/Chưa đối soát"),
    6: (TrackingStatus.DELIVERED, "Đã đối soát"),  # delivered, and the COD settled
    # Could not pick up: the parcel is still with the producer, who is told in the timeline;
    # it is no delivery failure for the shopper.
    7: (TrackingStatus.OTHER, "Không lấy được hàng"),
    8: (TrackingStatus.CREATED, "Hoãn lấy hàng"),  # pickup postponed: still waiting for it
    9: (TrackingStatus.DELIVERY_FAILED, "Không giao được hàng"),
    10: (TrackingStatus.IN_TRANSIT, "Delay giao hàng"),  # delivery postponed, still on its way
    11: (TrackingStatus.RETURNED, "Đã đối soát công nợ trả hàng"),
    12: (TrackingStatus.CREATED, "Đã điều phối lấy hàng/Đang lấy hàng"),
    13: (TrackingStatus.OTHER, "Đơn hàng bồi hoàn"),  # lost or damaged: GHTK compensates
    # On its way back to the producer: the delivery failed and will not be tried again.
    20: (TrackingStatus.DELIVERY_FAILED, "Đang trả hàng (COD cầm hàng đi trả)"),
    21: (TrackingStatus.RETURNED, "Đã trả hàng (COD đã trả xong hàng)"),
    123: (TrackingStatus.OTHER, "Shipper báo đã lấy hàng"),
    127: (TrackingStatus.OTHER, "Shipper báo không lấy được hàng"),
    128: (TrackingStatus.OTHER, "Shipper báo delay lấy hàng"),
    45: (TrackingStatus.OTHER, "Shipper báo đã giao hàng"),
    49: (TrackingStatus.OTHER, "Shipper báo không giao được hàng"),
    410: (TrackingStatus.OTHER, "Shipper báo delay giao hàng"),
}

# Error codes of GHTK's error table, by what a caller can do about them.
AUTH_CODES = {"20101", "20102"}
OVERWEIGHT_CODES = {"30603"}
ADDRESS_CODES = {"30207", "30208", "30209", "30302", "30304", "30305", "30306", "30610"}
REFUSED_CODES = {"30105", "30607", "30608"}  # weight/COD/value limits worded like addresses
ALREADY_CANCELLED = "50101"
# The HTTP statuses GHTK answers with a JSON refusal we read ourselves.
REFUSAL_STATUSES = (400, 401, 403, 404, 405, 409, 422)
# Reads and cancels are safe to repeat (cancelling twice answers "already cancelled").
READ = RetryPolicy()


class GhtkCarrier(Carrier):
    """credentials: `token` (required), `partner_code` (sent as X-Client-Source, for GHTK
    partner accounts), `webhook_hash` (the `hash` of the callback URL registered with GHTK),
    `pick_address_id` (optional: a pickup place set up in GHTK's shop page, which then takes
    precedence over the sender's address names)."""

    code = "ghtk"
    name = "GHTK"

    def __init__(self, *, credentials, base_url=None, timeout=8.0, session=None, sleep=None):
        super().__init__(credentials=credentials, base_url=base_url, timeout=timeout)
        self.session, self.sleep = session, sleep

    @classmethod
    def services(cls) -> list[tuple[str, str]]:
        return [("road", "Đường bộ"), ("fly", "Đường bay")]

    # Quotes and shipments ----------------------------------------------------------------

    def quote(
        self, *, sender: CarrierAddress, recipient: CarrierAddress, parcel: Parcel, service: str
    ) -> Quote:
        transport = self._transport(service)
        params = {
            **self._pick(sender),
            **_names("", recipient),
            "address": recipient.street,
            "weight": parcel.weight_grams,
            "value": parcel.declared_value,
            "transport": transport,
            "deliver_option": "none",
        }
        answer = self._call("GET", "services/shipment/fee", retry=READ, params=params)
        fee = answer.get("fee")
        if not isinstance(fee, dict) or _money(fee.get("fee")) is None:
            raise _unreadable("the fee answer has no fee")
        if fee.get("delivery") is False:
            raise CarrierError(
                CarrierErrorCode.INVALID_ADDRESS, _("GHTK does not deliver to this address yet.")
            )
        return Quote(fee=_money(fee["fee"]), service=transport)

    def create_shipment(self, request: ShipmentRequest) -> ShipmentCreated:
        """Books the pickup with `order.id` = our reference. Sent once (a timeout may or may not
        have booked it); calling again is safe: GHTK refuses the reference as already used and
        the first booking's label is read back."""
        transport = self._transport(request.service)
        sender, recipient, parcel = request.sender, request.recipient, request.parcel
        order = {
            "id": request.reference,
            "pick_name": sender.name,
            "pick_money": parcel.cod_amount,
            "pick_address": sender.street,
            **self._pick(sender),
            "pick_tel": sender.phone,
            "name": recipient.name,
            "address": recipient.street,
            **_names("", recipient),
            # Our streets are free text, not GHTK's street list: "Khác" is what GHTK asks for
            # when there is no hamlet to name.
            "hamlet": "Khác",
            "tel": recipient.phone,
            "note": request.note[:120],
            # The shopper paid shipping at checkout: the carrier collects pick_money only.
            "is_freeship": 1,
            "value": parcel.declared_value,
            "transport": transport,
            "pick_option": "cod",
            "deliver_option": "none",
            "weight_option": "kilogram",
            "total_weight": parcel.weight_grams / 1000,
        }
        products = [_product(item) for item in request.items] or [
            {"name": request.reference, "weight": parcel.weight_grams / 1000, "quantity": 1}
        ]
        try:
            answer = self._call(
                "POST", "services/shipment/order", retry=UNSAFE_WRITE, params={"ver": "1.5"},
                json={"products": products, "order": order},
            )  # fmt: skip
        except _AlreadyBooked as booked:
            return self._existing(booked)
        booked = answer.get("order")
        if not isinstance(booked, dict) or not _text(booked.get("label")):
            raise _unreadable("the order answer has no label")
        return ShipmentCreated(
            waybill=_text(booked["label"]),
            fee=_money(booked.get("fee")) or 0,
            expected_delivery=_date_in(booked.get("estimated_deliver_time")),
        )

    def _existing(self, booked: "_AlreadyBooked") -> ShipmentCreated:
        """The shipment GHTK already holds under our reference, read back by its label."""
        if booked.status == -1:
            raise CarrierError(
                CarrierErrorCode.REFUSED,
                _("This reference was booked and cancelled at GHTK, which does not take it again."),
            )
        answer = self._call("GET", f"services/shipment/v2/{_path(booked.label)}", retry=READ)
        order = answer.get("order") if isinstance(answer.get("order"), dict) else {}
        return ShipmentCreated(
            waybill=booked.label,
            fee=_money(order.get("ship_money")) or 0,
            expected_delivery=_date_in(order.get("deliver_date")),
        )

    def cancel(self, *, waybill: str) -> None:
        """Cancels before pickup (GHTK allows it in statuses 1, 2 and 12). Cancelling an order
        GHTK already cancelled is done, not an error."""
        try:
            self._call("POST", f"services/shipment/cancel/{_path(waybill)}", retry=READ)
        except CarrierError as error:
            # The documentation's example of this answer carries the message only.
            already = getattr(error, "ghtk_code", "") == ALREADY_CANCELLED
            if not (already or "trạng thái hủy" in error.message.lower()):
                raise

    def label_url(self, *, waybill: str) -> str:
        """GHTK's documented label PDF. It needs our token, so a browser cannot open it: the
        producer's page fetches it server-side with `label_pdf` and streams it."""
        return f"{self._base()}/services/label/{_path(waybill)}"

    def label_pdf(self, *, waybill: str) -> bytes:
        """The label PDF (A6 portrait, GHTK's default). Network I/O."""
        response = self._request("GET", f"services/label/{_path(waybill)}", retry=READ)
        content_type = response.headers.get("Content-Type", "")
        if response.status_code == 200 and (
            "pdf" in content_type or response.content.startswith(b"%PDF")
        ):
            return response.content
        raise self._refusal(response.status_code, _json(response))

    @staticmethod
    def tracking_url(waybill: str) -> str:
        return TRACKING_URL + quote(waybill, safe="")

    # Webhooks ----------------------------------------------------------------------------

    def parse_webhook(
        self, *, headers: Mapping, body: bytes, query: Mapping | None = None
    ) -> list[TrackingUpdate]:
        """One status change. GHTK proves nothing but the secret `hash` in the callback URL's
        query string, compared with credentials["webhook_hash"] in constant time: the view
        passes the query (`request.GET`) and also checks the secret webhook URL (the account's
        webhook_key in the path) before calling this. Without a configured hash every call
        is rejected."""
        expected = str(self.credentials.get("webhook_hash") or "")
        given = str((query or {}).get("hash") or "")
        if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
            raise WebhookRejected("the hash does not match")
        fields = _webhook_fields(_header(headers, "Content-Type"), body)
        label = _text(fields.get("label_id"))
        try:
            status_id = int(str(fields.get("status_id", "")).strip())
        except ValueError:
            raise WebhookRejected("status_id is not a number") from None
        occurred_at = _moment(fields.get("action_time"))
        if not label or occurred_at is None:
            raise WebhookRejected("no label_id or no readable action_time")
        status, words = STATUSES.get(status_id, (TrackingStatus.OTHER, ""))
        # A resend repeats label, status and time; a new change differs in one of them.
        event_id = f"{label}:{status_id}:{occurred_at.isoformat()}"
        if len(event_id) > 128:
            event_id = "sha256:" + hashlib.sha256(event_id.encode()).hexdigest()
        return [
            TrackingUpdate(
                waybill=label,
                status=status,
                carrier_status=str(status_id),
                occurred_at=occurred_at,
                event_id=event_id,
                description=(_text(fields.get("reason"), 255) or words)[:255],
            )
        ]

    # Calls -------------------------------------------------------------------------------

    def _base(self) -> str:
        return (self.base_url or PRODUCTION_URL).rstrip("/")

    def _client(self, retry: RetryPolicy) -> ServiceClient:
        token = str(self.credentials.get("token") or "")
        if not token:
            raise CarrierError(CarrierErrorCode.AUTH, _("No GHTK token is configured."))
        headers = {"Token": token}
        if self.credentials.get("partner_code"):
            headers["X-Client-Source"] = str(self.credentials["partner_code"])
        return ServiceClient(
            service="ghtk", base_url=self._base(), timeout=self.timeout, retry=retry,
            headers=headers, session=self.session, **({"sleep": self.sleep} if self.sleep else {}),
        )  # fmt: skip

    def _request(self, method: str, path: str, *, retry: RetryPolicy, **kwargs):
        try:
            return self._client(retry).request(
                method, path, expected=(200, *REFUSAL_STATUSES), **kwargs
            )
        except ExternalServiceError as error:
            raise _failure(error) from error

    def _call(self, method: str, path: str, *, retry: RetryPolicy, **kwargs) -> dict:
        """A JSON call answered `success: true`; anything else raises CarrierError."""
        response = self._request(method, path, retry=retry, **kwargs)
        data = _json(response)
        if data is None:
            raise _unreadable("the answer is not JSON")
        if response.status_code == 200 and data.get("success") is True:
            return data
        error = data.get("error")
        if isinstance(error, dict) and error.get("code") == "ORDER_ID_EXIST":
            label = _text(error.get("ghtk_label"))
            if label:
                raise _AlreadyBooked(label, _int(error.get("status")))
        raise self._refusal(response.status_code, data)

    @staticmethod
    def _refusal(status: int, data: dict | None) -> CarrierError:
        data = data or {}
        code = _text(data.get("error_code"))
        message = _text(data.get("message"), 300)
        if code in AUTH_CODES or status in (401, 403) or "token" in message.lower():
            kind = CarrierErrorCode.AUTH
        elif code in OVERWEIGHT_CODES:
            kind = CarrierErrorCode.OVERWEIGHT
        elif code in ADDRESS_CODES:
            kind = CarrierErrorCode.INVALID_ADDRESS
        elif code in REFUSED_CODES or code.startswith("5"):
            kind = CarrierErrorCode.REFUSED
        elif code == "40101":  # the label printer failed on GHTK's side
            kind = CarrierErrorCode.UNAVAILABLE
        else:
            kind = _kind_from_words(message)
        error = CarrierError(kind, message or f"GHTK refused the request (HTTP {status})")
        error.ghtk_code = code
        logger.info("ghtk refused: HTTP %s, code %s -> %s", status, code or "-", kind)
        return error

    def _transport(self, service: str) -> str:
        transport = service or self.services()[0][0]
        if transport not in dict(self.services()):
            raise CarrierError(
                CarrierErrorCode.REFUSED,
                _("GHTK has no service %(service)s.") % {"service": service},
            )
        return transport

    def _pick(self, sender: CarrierAddress) -> dict:
        """The pickup place: a pickup place id set up with GHTK wins over the names (GHTK then
        ignores them), which also lets a sender whose district is unknown ship."""
        pick_address_id = _text(self.credentials.get("pick_address_id"))
        if pick_address_id:
            return {"pick_address_id": pick_address_id, **_names("pick_", sender, check=False)}
        return {**_names("pick_", sender), "pick_address": sender.street}


class _AlreadyBooked(Exception):
    def __init__(self, label: str, status: int | None):
        super().__init__(label)
        self.label, self.status = label, status


def _names(prefix: str, address: CarrierAddress, *, check: bool = True) -> dict:
    """The pre-2025 province, district and ward GHTK knows. GHTK requires the district and
    answers "Xin hãy gửi trường district" without one; when our mapping has no district for
    the commune (legacy_district_name empty) we send nothing and refuse with INVALID_ADDRESS
    before calling, rather than guess a district and price the wrong route."""
    if check and not (address.legacy_province_name and address.legacy_district_name):
        raise CarrierError(
            CarrierErrorCode.INVALID_ADDRESS,
            _("GHTK needs the district of %(commune)s, which we do not know.")
            % {"commune": address.commune_name},
        )
    return {
        f"{prefix}province": address.legacy_province_name,
        f"{prefix}district": address.legacy_district_name,
        f"{prefix}ward": address.legacy_ward_name,
    }


def _product(item) -> dict:
    """One line of the parcel; GHTK's products[].weight is in kilograms (its default
    weight_option), and the parcel's total_weight is what GHTK charges by."""
    product = {"name": item.name[:200], "weight": item.weight_grams / 1000,
               "quantity": item.quantity}  # fmt: skip
    if item.sku:
        product["product_code"] = item.sku
    return product


def _kind_from_words(message: str) -> CarrierErrorCode:
    """For a refusal whose code we do not know: GHTK's Vietnamese message."""
    words = message.lower()
    if "khối lượng" in words and any(w in words for w in ("quá", "vượt", "tối đa")):
        return CarrierErrorCode.OVERWEIGHT
    if any(w in words for w in ("địa chỉ", "tỉnh", "quận", "huyện", "phường", "xã",
                                "province", "district", "ward", "tuyến giao")):  # fmt: skip
        return CarrierErrorCode.INVALID_ADDRESS
    return CarrierErrorCode.REFUSED


def _failure(error: ExternalServiceError) -> CarrierError:
    """What the HTTP layer could not get an answer for (its detail never holds our token)."""
    if error.kind == Failure.TIMEOUT:
        return CarrierError(CarrierErrorCode.TIMEOUT, _("GHTK did not answer in time."))
    if error.kind == Failure.REJECTED and error.status in (401, 403):
        return CarrierError(CarrierErrorCode.AUTH, _("GHTK refused the token."))
    if error.kind == Failure.REJECTED:
        return CarrierError(CarrierErrorCode.REFUSED, f"GHTK: HTTP {error.status}")
    return CarrierError(CarrierErrorCode.UNAVAILABLE, _("GHTK is unavailable right now."))


def _unreadable(detail: str) -> CarrierError:
    return CarrierError(CarrierErrorCode.UNAVAILABLE, f"GHTK: {detail}")


def _header(headers: Mapping, name: str) -> str:
    for key, value in (headers or {}).items():
        if key.lower() == name.lower():
            return str(value)
    return ""


def _webhook_fields(content_type: str, body: bytes) -> dict:
    """The documented form body, the JSON the documentation also shows, or multipart (what
    the documentation's PHP sample, an array given to CURLOPT_POSTFIELDS, would send)."""
    if content_type.lower().startswith("multipart/form-data"):
        return _multipart_fields(content_type, body)
    try:
        text = body.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise WebhookRejected("the body is not UTF-8") from None
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            raise WebhookRejected("the body is not JSON") from None
        if not isinstance(data, dict):
            raise WebhookRejected("the body is not an object")
        return data
    return {key: values[0] for key, values in parse_qs(text, keep_blank_values=True).items()}


def _multipart_fields(content_type: str, body: bytes) -> dict:
    head = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1", "replace")
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise WebhookRejected("the multipart body has no parts")
    fields = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        try:
            fields[name] = (part.get_payload(decode=True) or b"").decode("utf-8")
        except UnicodeDecodeError:
            raise WebhookRejected("a multipart field is not UTF-8") from None
    return fields


def _json(response) -> dict | None:
    try:
        data = response.json()
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _text(value, limit: int = 64) -> str:
    return "" if value is None else str(value).strip()[:limit]


def _int(value) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _money(value) -> int | None:
    """GHTK writes amounts as numbers or strings ("30400")."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        return round(float(str(value).strip()))
    except ValueError:
        return None


def _date_in(value) -> datetime.date | None:
    """The date in "Chiều 2017-07-01" or "2017-09-14"."""
    match = re.search(r"\d{4}-\d{2}-\d{2}", str(value or ""))
    return datetime.date.fromisoformat(match.group()) if match else None


def _moment(value) -> datetime.datetime | None:
    try:
        moment = datetime.datetime.fromisoformat(str(value or "").strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)


def _path(waybill: str) -> str:
    return quote(str(waybill), safe="")
