"""GHN (Giao Hàng Nhanh), Shiip public API.

Follows GHN's public API documentation, https://api.ghn.vn/home/docs/detail :
- Every call sends `Token: <token>` and, for order calls, `ShopId: <shop_id>` headers, as JSON,
  to `https://online-gateway.ghn.vn/shiip/public-api` (dev gateway:
  `https://dev-online-gateway.ghn.vn/shiip/public-api`); answers are `{code, message, data}`,
  errors `{code: 400, message, data: null, code_message}` (e.g. `USER_ERR_COMMON`,
  `SHOP_NOT_FOUND`).
- Master data: `master-data/province` (id=91), `master-data/district` with `province_id`
  (id=93/78), `master-data/ward?district_id` with `district_id` (id=92/61); rows carry
  `ProvinceID/ProvinceName`, `DistrictID/DistrictName`, `WardCode/WardName`, each with a
  `NameExtension` list of other spellings ("Tỉnh Lào Cai", "T.Lào Cai", "laocai").
- `v2/shipping-order/available-services` `{shop_id, from_district, to_district}` →
  `[{service_id, short_name, service_type_id}]` (id=86/77); service types "2" Hàng nhẹ (light,
  priced on the parcel's dimensions) and "5" Hàng nặng (heavy, priced on `items[]`) (id=95).
- `v2/shipping-order/fee` `{service_id, service_type_id, from_district_id, from_ward_code,
  to_district_id, to_ward_code, weight, length, width, height, insurance_value, items}` →
  `{total, service_fee, insurance_fee, ...}` (id=95/76); `insurance_value` at most 5.000.000.
- `v2/shipping-order/leadtime` → `{leadtime: <unix seconds>, order_date}` (id=52).
- `v2/shipping-order/create` (id=123/63): `client_order_code` is unique per shop, so a retry
  of the same part cannot book a second pickup; → `{order_code, sort_code, trans_type,
  total_fee, expected_delivery_time, fee: {...}}`.
- `v2/switch-status/cancel` `{order_codes: [...]}` → `[{order_code, result, message}]`
  (id=102/73).
- `v2/a5/gen-token` `{order_codes: [...]}` → `{token}`, valid 30 minutes, then
  `https://online-gateway.ghn.vn/a5/public-api/printA5?token=...` (id=100/67).
- Webhook (id=47): GHN POSTs JSON to the URL registered with GHN for Type create,
  switch_status, update_weight, update_cod, update_fee (`{OrderCode, ClientOrderCode, ShopID,
  Status, Type, Time, Description, Reason, ReasonCode, TotalFee, ...}`) and retries 10 times,
  5 s apart, until it is answered 200.
The tracking page https://donhang.ghn.vn/?order_code=... is GHN's public one as the public
client libraries (lehuygiang28/giaohangnhanh, tringuyenduc2903/GiaoHangNhanh-Laravel) use it.

Verified only against that documentation (no GHN account was used):
- the status codes (ready_to_pick ... returned, cancel, exception, damage, lost) come from the
  documentation's webhook example and the public client libraries, not from a status table we
  could read in full; an unknown one is kept as OTHER;
- GHN documents no webhook signature: what we check is that the body's ShopID is the
  account's shop and that it is JSON. The authentication is the secret webhook URL
  (CarrierAccount.webhook_key in its path, checked by the view before this runs);
- which 400 messages mean over-weight, unknown address or a refused token is read from the
  message text (English and Vietnamese keywords): GHN documents the error envelope, not a
  list of `code_message` values;
- master data is read with POST and a JSON body (the documentation says "post/get");
- `leadtime` is taken as the expected delivery moment; min and max days are both that day;
- a create that timed out is not retried (it may have been applied): the caller retries later
  and GHN refuses the duplicate `client_order_code`, which reaches the caller as REFUSED.
"""

import json
import re
import time
import unicodedata
from datetime import UTC, date, datetime
from urllib.parse import quote as urlquote
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.utils.dateparse import parse_datetime

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

PRODUCTION_URL = "https://online-gateway.ghn.vn/shiip/public-api"
TRACKING_URL = "https://donhang.ghn.vn/?order_code={}"
MASTER_DATA_SECONDS = 24 * 60 * 60
INSURANCE_MAX = 5_000_000  # documented maximum insurance_value
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# Reads in checkout: one more try, not three, so a slow GHN does not hold the shopper.
READ = RetryPolicy(attempts=2)

# How the client waits between retries; tests replace it.
pause = time.sleep

STATUSES = {
    "ready_to_pick": TrackingStatus.CREATED,
    "picking": TrackingStatus.CREATED,
    "money_collect_picking": TrackingStatus.CREATED,
    "picked": TrackingStatus.PICKED_UP,
    "storing": TrackingStatus.IN_TRANSIT,
    "transporting": TrackingStatus.IN_TRANSIT,
    "sorting": TrackingStatus.IN_TRANSIT,
    "delivering": TrackingStatus.IN_TRANSIT,
    "money_collect_delivering": TrackingStatus.IN_TRANSIT,
    "delivered": TrackingStatus.DELIVERED,
    "delivery_fail": TrackingStatus.DELIVERY_FAILED,
    "waiting_to_return": TrackingStatus.DELIVERY_FAILED,
    "returned": TrackingStatus.RETURNED,
    "cancel": TrackingStatus.CANCELLED,
    # On their way back, lost, damaged: kept in the timeline; support acts, not the order.
    "return": TrackingStatus.OTHER,
    "return_transporting": TrackingStatus.OTHER,
    "return_sorting": TrackingStatus.OTHER,
    "returning": TrackingStatus.OTHER,
    "return_fail": TrackingStatus.OTHER,
    "exception": TrackingStatus.OTHER,
    "damage": TrackingStatus.OTHER,
    "lost": TrackingStatus.OTHER,
}
# Webhook types that report a status; update_weight/update_cod/update_fee change no step.
STATUS_TYPES = {"create", "switch_status"}

# Administrative prefixes dropped before names are compared, longest first.
PREFIXES = (
    "thanh pho", "thi tran", "thi xa", "tinh", "quan", "huyen", "phuong", "xa",
    "tp", "tx", "tt", "t", "q", "h", "p",
)  # fmt: skip
OVERWEIGHT_WORDS = ("weight", "khoi luong", "trong luong", "can nang")
AUTH_WORDS = ("token", "shop_not_found", "shopid", "shop id")
ADDRESS_WORDS = ("ward", "district", "province", "route", "address", "dia chi", "phuong", "huyen")


def fold(name: str) -> str:
    """A name without diacritics, case, punctuation or leading zeros: "Phường 05" → "phuong 5"."""
    text = unicodedata.normalize("NFD", str(name or "").replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return " ".join(t.lstrip("0") or "0" if t.isdigit() else t for t in text.split())


def name_keys(name: str) -> set[str]:
    """The spellings a name matches: folded, and without its administrative prefix, each also
    without spaces (GHN's NameExtension has "laocai")."""
    folded = fold(name)
    keys = {folded}
    for prefix in PREFIXES:
        if folded.startswith(prefix + " ") and len(folded) > len(prefix) + 1:
            keys.add(folded[len(prefix) + 1 :])
            break
    return {k for key in keys for k in (key, key.replace(" ", ""))} - {""}


def match(rows: list, name_field: str, wanted: str):
    """The row whose name or NameExtension matches `wanted`: an exact folded match first, else
    one without prefixes; None when nothing or more than one row matches."""
    if not wanted or not isinstance(rows, list):
        return None
    exact, loose = fold(wanted), name_keys(wanted)
    rows = [r for r in rows if isinstance(r, dict)]

    def spellings(row):
        return [row.get(name_field) or ""] + [str(n) for n in row.get("NameExtension") or []]

    for test in (
        lambda row: any(fold(n) == exact for n in spellings(row)),
        lambda row: any(name_keys(n) & loose for n in spellings(row)),
    ):
        found = [row for row in rows if test(row)]
        if len(found) == 1:
            return found[0]
        if found:
            return None  # ambiguous: better refuse than ship to the wrong ward
    return None


class GhnCarrier(Carrier):
    code = "ghn"
    name = "GHN"

    def __init__(self, *, credentials: dict, base_url: str | None = None, timeout: float = 8.0):
        super().__init__(credentials=credentials, base_url=base_url, timeout=timeout)
        self.base_url = (base_url or credentials.get("base_url") or PRODUCTION_URL).rstrip("/")
        self._client = None

    @classmethod
    def required_credentials(cls) -> tuple[str, ...]:
        return ("token", "shop_id")  # every call names the shop; the webhook is checked by it

    # HTTP ------------------------------------------------------------------------------

    @property
    def client(self) -> ServiceClient:
        if self._client is None:
            self._client = ServiceClient(
                service="ghn",
                base_url=self.base_url,
                timeout=self.timeout,
                retry=READ,
                sleep=lambda seconds: pause(seconds),
                headers={
                    "Token": str(self.credentials.get("token") or ""),
                    "ShopId": str(self.credentials.get("shop_id") or ""),
                    "Content-Type": "application/json",
                },
            )
        return self._client

    def call(self, path: str, payload: dict | None = None, *, retry=None, refusal=None):
        """POST to GHN and answer `data`; every failure becomes a CarrierError. `refusal` is
        the code for a business refusal the message does not explain (REFUSED by default)."""
        try:
            response = self.client.request(
                "POST", path, expected=(200, 400, 404), retry=retry, json=payload or {}
            )
        except ExternalServiceError as error:
            raise carrier_error(error) from error
        try:
            body = response.json()
        except ValueError:
            raise CarrierError(CarrierErrorCode.UNAVAILABLE, f"{path}: not JSON") from None
        if not isinstance(body, dict):
            raise CarrierError(CarrierErrorCode.UNAVAILABLE, f"{path}: not an object")
        if response.status_code == 200 and body.get("code", 200) == 200:
            return body.get("data")
        message = str(body.get("message") or "")[:200]
        code = classify(f"{message} {body.get('code_message') or ''}", refusal)
        raise CarrierError(code, f"{path}: {message}")

    # Addresses -------------------------------------------------------------------------

    def master(self, kind: str, key, path: str, payload: dict) -> list:
        cache_key = f"ghn:{urlsplit(self.base_url).netloc}:{kind}:{key}"
        rows = cache.get(cache_key)
        if rows is None:
            rows = self.call(path, payload, refusal=CarrierErrorCode.INVALID_ADDRESS)
            rows = [] if rows is None else rows  # a district without wards GHN serves
            if not isinstance(rows, list):
                raise CarrierError(CarrierErrorCode.UNAVAILABLE, f"{path}: no list")
            cache.set(cache_key, rows, MASTER_DATA_SECONDS)
        return rows

    def resolve(self, address: CarrierAddress) -> tuple[int, str]:
        """GHN's (district_id, ward_code) for an address's legacy names. GHN needs the ward
        (to_ward_code is required by the fee and create calls), so an address whose ward
        matches none of its district's is INVALID_ADDRESS: no district-only fallback."""
        provinces = self.master("province", "all", "master-data/province", {})
        province = match(provinces, "ProvinceName", address.legacy_province_name)
        if province is None:
            raise invalid(f"province {address.legacy_province_name!r}")
        province_id = province.get("ProvinceID")
        districts = self.master(
            "district", province_id, "master-data/district", {"province_id": province_id}
        )
        district = match(districts, "DistrictName", address.legacy_district_name)
        if district is None:
            raise invalid(f"district {address.legacy_district_name!r}")
        district_id = district.get("DistrictID")
        if not isinstance(district_id, int):
            raise CarrierError(CarrierErrorCode.UNAVAILABLE, "district: no DistrictID")
        wards = self.master(
            "ward", district_id, f"master-data/ward?district_id={district_id}",
            {"district_id": district_id},
        )  # fmt: skip
        ward = match(wards, "WardName", address.legacy_ward_name)
        if ward is None:
            raise invalid(f"ward {address.legacy_ward_name!r}")
        return district_id, str(ward.get("WardCode"))

    def origin(self, sender: CarrierAddress) -> tuple[int, str]:
        """The pickup district and ward: the account's when its credentials name them (the
        shop's registered address at GHN), else the sender's names resolved."""
        district = self.credentials.get("from_district_id")
        ward = self.credentials.get("from_ward_code")
        if district and ward:
            return int(district), str(ward)
        return self.resolve(sender)

    # Quotes ----------------------------------------------------------------------------

    def quote(
        self, *, sender: CarrierAddress, recipient: CarrierAddress, parcel: Parcel, service: str
    ) -> Quote:
        service_type = service_type_id(service)
        from_district, from_ward = self.origin(sender)
        to_district, to_ward = self.resolve(recipient)
        offered = self.call(
            "v2/shipping-order/available-services",
            {"shop_id": self.shop_id, "from_district": from_district, "to_district": to_district},
            refusal=CarrierErrorCode.INVALID_ADDRESS,
        )
        if not isinstance(offered, list) or not offered:
            raise invalid("GHN serves no service on this route")
        offered = [o for o in offered if isinstance(o, dict)]
        chosen = next((o for o in offered if o.get("service_type_id") == service_type), None)
        if chosen is None:
            raise CarrierError(
                CarrierErrorCode.REFUSED, f"service type {service_type} not offered on this route"
            )
        route = {
            "from_district_id": from_district,
            "from_ward_code": from_ward,
            "to_district_id": to_district,
            "to_ward_code": to_ward,
            "service_id": chosen.get("service_id"),
        }
        fee = self.call(
            "v2/shipping-order/fee",
            {**route, "service_type_id": service_type, **dimensions(parcel),
             "insurance_value": insurance(parcel), "cod_value": parcel.cod_amount,
             "coupon": None, "items": [parcel_item(parcel)]},
        )  # fmt: skip
        total = fee.get("total") if isinstance(fee, dict) else None
        if not isinstance(total, int):
            raise CarrierError(CarrierErrorCode.UNAVAILABLE, "fee: no total")
        days = self.lead_days(route)
        return Quote(fee=total, service=str(service_type), min_days=days, max_days=days)

    def lead_days(self, route: dict) -> int | None:
        """Days until GHN's expected delivery; None when GHN cannot say (the fee stands)."""
        try:
            data = self.call("v2/shipping-order/leadtime", route)
        except CarrierError as error:
            if error.code == CarrierErrorCode.AUTH:
                raise
            return None
        moment = data.get("leadtime") if isinstance(data, dict) else None
        if not isinstance(moment, int | float):
            return None
        expected = datetime.fromtimestamp(moment, tz=VIETNAM).date()
        return max((expected - datetime.now(tz=VIETNAM).date()).days, 0)

    # Shipments -------------------------------------------------------------------------

    def create_shipment(self, request: ShipmentRequest) -> ShipmentCreated:
        to_district, to_ward = self.resolve(request.recipient)
        sender, recipient, parcel = request.sender, request.recipient, request.parcel
        items = [
            {"name": i.name[:200], "code": i.sku, "quantity": i.quantity, "weight": i.weight_grams}
            for i in request.items
        ] or [parcel_item(parcel)]
        payload = {
            # 1: the shop pays GHN (the shopper paid us the shipping at checkout).
            "payment_type_id": int(self.credentials.get("payment_type_id") or 1),
            "required_note": self.credentials.get("required_note") or "CHOXEMHANGKHONGTHU",
            "client_order_code": request.reference,
            "note": request.note[:500],
            "from_name": sender.name, "from_phone": sender.phone, "from_address": sender.street,
            "from_ward_name": sender.legacy_ward_name,
            "from_district_name": sender.legacy_district_name,
            "from_province_name": sender.legacy_province_name,
            "return_phone": sender.phone, "return_address": sender.street,
            "to_name": recipient.name, "to_phone": recipient.phone,
            "to_address": recipient.street, "to_district_id": to_district,
            "to_ward_code": to_ward,
            "cod_amount": parcel.cod_amount, "insurance_value": insurance(parcel),
            "content": ", ".join(i["name"] for i in items)[:2000],
            **dimensions(parcel),
            "service_type_id": service_type_id(request.service),
            "items": items,
        }  # fmt: skip
        data = self.call("v2/shipping-order/create", payload, retry=UNSAFE_WRITE)
        waybill = data.get("order_code") if isinstance(data, dict) else None
        fee = data.get("total_fee") if isinstance(data, dict) else None
        if not waybill or not isinstance(fee, int):
            raise CarrierError(CarrierErrorCode.UNAVAILABLE, "create: no order_code/total_fee")
        return ShipmentCreated(
            waybill=str(waybill),
            fee=fee,
            expected_delivery=local_date(data.get("expected_delivery_time")),
        )

    def cancel(self, *, waybill: str) -> None:
        rows = self.call("v2/switch-status/cancel", {"order_codes": [waybill]})
        row = next(
            (r for r in rows or [] if isinstance(r, dict) and r.get("order_code") == waybill), None
        )
        if row is None or row.get("result") is not True:
            message = str((row or {}).get("message") or "not cancelled")[:200]
            raise CarrierError(CarrierErrorCode.REFUSED, f"cancel {waybill}: {message}")

    def label_url(self, *, waybill: str) -> str:
        data = self.call("v2/a5/gen-token", {"order_codes": [waybill]})
        token = data.get("token") if isinstance(data, dict) else None
        if not token:
            raise CarrierError(CarrierErrorCode.UNAVAILABLE, "gen-token: no token")
        parts = urlsplit(self.base_url)  # the print pages live at the gateway's root
        return f"{parts.scheme}://{parts.netloc}/a5/public-api/printA5?token={urlquote(token)}"

    @staticmethod
    def tracking_url(waybill: str) -> str:
        return TRACKING_URL.format(urlquote(str(waybill), safe=""))

    @classmethod
    def services(cls) -> list[tuple[str, str]]:
        # GHN's own names for its service types (id=95), as producers see them at GHN.
        return [("2", "Hàng nhẹ"), ("5", "Hàng nặng")]

    # Webhooks --------------------------------------------------------------------------

    def parse_webhook(
        self, *, headers: dict, body: bytes, query: dict | None = None
    ) -> list[TrackingUpdate]:
        """Read GHN's callback. GHN signs nothing: the secret webhook URL (the account's
        webhook_key in its path, checked by the view) is the authentication; here the body
        must be JSON (and say so when it has a Content-Type) and name this account's ShopID.
        Types other than create/switch_status (weight, COD, fee updates) change no step and
        read as no update."""
        content_type = next(
            (str(v) for k, v in (headers or {}).items() if k.lower().replace("_", "-")
             in ("content-type", "http-content-type")), "",
        )  # fmt: skip
        if content_type and "json" not in content_type.lower():
            raise WebhookRejected(f"not JSON: {content_type[:50]}")
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise WebhookRejected("the body is not JSON") from exc
        if not isinstance(data, dict):
            raise WebhookRejected("the body is not an object")
        shop_id = str(self.credentials.get("shop_id") or "").strip()
        if not shop_id or str(data.get("ShopID", "")).strip() != shop_id:
            raise WebhookRejected("ShopID is not this account's shop")
        waybill, status = str(data.get("OrderCode") or ""), str(data.get("Status") or "").lower()
        raw_time = str(data.get("Time") or "")
        occurred_at = parse_datetime(raw_time) if raw_time else None
        if not waybill or not status or occurred_at is None:
            raise WebhookRejected("OrderCode, Status and Time are required")
        if str(data.get("Type") or "").lower() not in STATUS_TYPES:
            return []
        if occurred_at.tzinfo is None:
            occurred_at = occurred_at.replace(tzinfo=UTC)
        description = " — ".join(
            str(data.get(k)).strip() for k in ("Description", "Reason") if data.get(k)
        )
        return [
            TrackingUpdate(
                waybill=waybill,
                status=STATUSES.get(status, TrackingStatus.OTHER),
                carrier_status=status,
                occurred_at=occurred_at,
                # A redelivery repeats the body, so the same order, status and moment.
                event_id=f"{waybill}:{status}:{raw_time}",
                description=description[:500],
            )
        ]

    @property
    def shop_id(self) -> int | str:
        value = str(self.credentials.get("shop_id") or "")
        return int(value) if value.isdigit() else value


def service_type_id(service: str) -> int:
    """GHN's service_type_id for one of `services()` (the first when none is named)."""
    codes = [code for code, _label in GhnCarrier.services()]
    if (service or codes[0]) not in codes:
        raise CarrierError(CarrierErrorCode.REFUSED, f"GHN has no service {service!r}")
    return int(service or codes[0])


def dimensions(parcel: Parcel) -> dict:
    return {
        "weight": parcel.weight_grams,
        "length": parcel.length_cm,
        "width": parcel.width_cm,
        "height": parcel.height_cm,
    }


def parcel_item(parcel: Parcel) -> dict:
    """The whole parcel as one item, for heavy service's items[] pricing."""
    return {"name": "Kiện hàng", "quantity": 1, **dimensions(parcel)}


def insurance(parcel: Parcel) -> int:
    # GHN refuses an insurance_value above its maximum, which is also all it would pay out.
    return min(max(parcel.declared_value, 0), INSURANCE_MAX)


def local_date(value) -> date | None:
    moment = parse_datetime(value) if isinstance(value, str) else None
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VIETNAM).date()


def invalid(what: str) -> CarrierError:
    return CarrierError(CarrierErrorCode.INVALID_ADDRESS, f"GHN does not know the {what}")


def classify(message: str, refusal=None) -> CarrierErrorCode:
    text = fold(message) + " " + message.lower()
    if any(word in text for word in OVERWEIGHT_WORDS):
        return CarrierErrorCode.OVERWEIGHT
    if any(word in text for word in AUTH_WORDS):
        return CarrierErrorCode.AUTH
    if any(word in text for word in ADDRESS_WORDS):
        return CarrierErrorCode.INVALID_ADDRESS
    return refusal or CarrierErrorCode.REFUSED


def carrier_error(error: ExternalServiceError) -> CarrierError:
    """What ServiceClient raised, in the carrier interface's words (no credentials in it:
    ServiceClient's detail is GHN's answer, never our headers)."""
    if error.kind == Failure.TIMEOUT:
        return CarrierError(CarrierErrorCode.TIMEOUT, "GHN did not answer in time")
    if error.kind == Failure.REJECTED and error.status in (401, 403):
        return CarrierError(CarrierErrorCode.AUTH, f"GHN refused the token ({error.status})")
    if error.kind == Failure.REJECTED:
        return CarrierError(classify(str(error)), str(error)[:300])
    return CarrierError(CarrierErrorCode.UNAVAILABLE, str(error)[:300])
