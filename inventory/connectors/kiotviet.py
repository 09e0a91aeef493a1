"""KiotViet (Retail Public API).

Follows KiotViet's public documentation, "Public API" (Ngành Bán buôn, Bán lẻ),
https://www.kiotviet.vn/huong-dan-su-dung-kiotviet/retail-ket-noi-api/public-api/ :
- 2.1/2.2 Authenticate: `POST https://id.kiotviet.vn/connect/token`, form-encoded
  `scopes=PublicApi.Access&grant_type=client_credentials&client_id=..&client_secret=..`,
  answering `{access_token, expires_in, token_type}`; every other call sends `Retailer: <shop>`
  and `Authorization: Bearer <token>` to `https://public.kiotapi.com`.
- "Với các hàm GET sẽ giới hạn 5000 request/1h": GETs are spaced to stay under it.
- 2.4.9 `GET /productOnHands` (`branchIds`, `lastModifiedFrom`, `pageSize` ≤ 100,
  `currentItem`) → `{total, pageSize, data: [{id, code, modifiedDate, inventories:
  [{branchId, onHand, reserved}]}]}`; 2.4.1 `GET /products` with `includeInventory=true` for
  the barcode (`barCode`); 2.4.2 `GET /products/{id}`; 2.4.4 `PUT /products/{id}?branchId=`
  with `inventories: [{branchId, onHand}]`.
- 2.11 Webhook: the body is signed with HMAC-SHA256 under the secret given at registration,
  sent as `X-Hub-Signature`; a mismatch is to be answered 401; KiotViet stops calling an
  endpoint that answers 400/401/403/404/405 and counts an answer after 5 s as failed.
  2.11.5 `stock.update`: `{Id, Attempt, Notifications: [{Action, Data: [{ProductId,
  ProductCode, BranchId, OnHand, ...}]}]}`.

Verified only against that documentation (no KiotViet account was used):
- the signature's encoding: the documentation shows `body.CreateHmacSignature(Secret)`
  without saying hex or base64; we accept lowercase or uppercase hex (as public integrations
  compute it), with or without a `sha256=` prefix, and base64, and key the HMAC with the
  secret exactly as registered (the documentation asks for a Base64-encoded random string);
- the `Action` of a stock event is assumed to start with `stock.update`;
- a stock event carries no time, so a late redelivery cannot be ordered by its payload: an
  event is taken as a signal, and the counts applied are read again with `GET /products/{id}`
  (at most MAX_REREAD products an event; more make the event trigger a pull instead);
- the `onHand`/`onhand` spelling differs between the documentation's examples: both are read;
- `PUT /products/{id}` with only `inventories` is assumed to leave the other fields alone; a
  push reads onHand, then writes onHand − sold (KiotViet has no relative adjustment in the
  Public API), so a sale made in KiotViet between the two calls can be lost: documented risk.
"""

import datetime
import hmac

from django.utils import timezone

from inventory.connectors.base import (
    Connector,
    Envelope,
    Level,
    MalformedEvent,
    Pull,
    PushLine,
    bad_response,
    count,
    hmac_sha256,
    int_or_text,
    matches_base64,
    moment,
    parse_json,
    text,
)
from marketplace.core.http import UNSAFE_WRITE, ExternalServiceError, Failure, SpacingThrottle

TOKEN_URL = "https://id.kiotviet.vn/"
API_URL = "https://public.kiotapi.com/"
PAGE_SIZE = 100
GETS_PER_HOUR = 5_000
MAX_REREAD = 20
TOKEN_MARGIN = datetime.timedelta(minutes=5)


class KiotVietConnector(Connector):
    provider = "kiotviet"
    signature_header = "X-Hub-Signature"

    def __init__(self, connection, **kwargs):
        super().__init__(connection, **kwargs)
        self._api = None
        self.throttle = SpacingThrottle(GETS_PER_HOUR)

    # Webhooks ----------------------------------------------------------------------------

    def verify(self, headers, body: bytes) -> bool:
        secret = self.webhook_secret()
        signature = (headers.get(self.signature_header) or "").strip()
        if not secret or not signature:
            return False
        if signature.lower().startswith("sha256="):
            signature = signature[7:]
        digest = hmac_sha256(secret, body).hex()
        return hmac.compare_digest(signature.lower(), digest) or matches_base64(
            signature, secret, body
        )

    def envelope(self, headers, body: bytes) -> Envelope:
        data = parse_json(body)
        if not isinstance(data, dict) or not text(data.get("Id")):
            raise MalformedEvent("no Id")
        notifications = data.get("Notifications") or []
        if not isinstance(notifications, list):
            raise MalformedEvent("Notifications is not a list")
        actions = [n.get("Action") for n in notifications if isinstance(n, dict)]
        return Envelope(event_id=text(data["Id"]), topic=text(actions[0] if actions else ""))

    def is_stock_event(self, topic: str) -> bool:
        return topic.lower().startswith("stock.update")

    def event_product_ids(self, body: bytes) -> list[str]:
        data = parse_json(body)
        ids = []
        for notification in data.get("Notifications") or []:
            for row in (notification or {}).get("Data") or []:
                if isinstance(row, dict) and text(row.get("BranchId")) == self.branch:
                    product_id = text(row.get("ProductId"))
                    if product_id and product_id not in ids:
                        ids.append(product_id)
        return ids

    def event_levels(self, topic: str, body: bytes) -> list[Level] | None:
        """The counts of the products the event names, read again now (None: too many for
        one event, pull instead)."""
        ids = self.event_product_ids(body)
        if len(ids) > MAX_REREAD:
            return None
        return [level for pid in ids if (level := self.product_level(pid)) is not None]

    # API ---------------------------------------------------------------------------------

    def access_token(self, *, fresh: bool = False) -> str:
        cached = self.connection.token_cache or {}
        expires = moment(cached.get("expires_at"))
        if not fresh and cached.get("access_token") and expires and expires > timezone.now():
            return cached["access_token"]
        answer = self.client(TOKEN_URL).json(
            "POST",
            "connect/token",
            data={
                "scopes": "PublicApi.Access",
                "grant_type": "client_credentials",
                "client_id": self.credentials.get("client_id", ""),
                "client_secret": self.credentials.get("client_secret", ""),
            },
        )
        token = answer.get("access_token") if isinstance(answer, dict) else None
        lifetime = answer.get("expires_in") if isinstance(answer, dict) else None
        if not token or not isinstance(lifetime, int | float):
            raise bad_response(self.provider, "the token answer has no access_token")
        expires_at = timezone.now() + datetime.timedelta(seconds=lifetime) - TOKEN_MARGIN
        self.connection.token_cache = {
            "access_token": token,
            "expires_at": expires_at.isoformat(),
        }
        type(self.connection).objects.filter(pk=self.connection.pk).update(
            token_cache=self.connection.token_cache
        )
        return token

    def call(self, method: str, path: str, **kwargs):
        """An API call with the cached token; a 401 gets a new token and one more try."""
        for fresh in (False, True):
            client = self.client(
                API_URL,
                throttle=self.throttle,
                headers={
                    "Retailer": self.connection.account,
                    "Authorization": f"Bearer {self.access_token(fresh=fresh)}",
                },
            )
            try:
                return client.json(method, path, **kwargs)
            except ExternalServiceError as error:
                if error.status != 401 or fresh:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _inventory(self, row: dict) -> int | None:
        for inventory in row.get("inventories") or []:
            if isinstance(inventory, dict) and text(inventory.get("branchId")) == self.branch:
                on_hand = inventory.get("onHand", inventory.get("onhand"))
                return count(on_hand) if count(on_hand) is not None else None
        return None

    def _level(self, row, counted_at=None) -> Level | None:
        if not isinstance(row, dict) or not text(row.get("id")):
            return None
        return Level(
            external_id=text(row["id"]),
            quantity=self._inventory(row),
            code=text(row.get("code")),
            barcode=text(row.get("barCode")),
            product_id=text(row["id"]),
            counted_at=counted_at or moment(row.get("modifiedDate")),
        )

    def product_level(self, product_id: str) -> Level | None:
        row = self.call("GET", f"products/{product_id}")
        return self._level(row, counted_at=timezone.now())

    def pull(self, *, since=None) -> Pull:
        started = timezone.now()
        by_barcode = self.connection.mapping == "barcode"
        path = "products" if by_barcode else "productOnHands"

        def fetch(offset):
            params = {"branchIds": self.branch, "pageSize": PAGE_SIZE, "currentItem": offset}
            if by_barcode:
                params["includeInventory"] = "true"
            if since is not None:
                params["lastModifiedFrom"] = timezone.localtime(since).strftime("%Y-%m-%dT%H:%M:%S")
            page = self.call("GET", path, params=params)
            if not isinstance(page, dict) or not isinstance(page.get("data", []), list):
                raise bad_response(self.provider, f"{path}: no data list")
            total = page.get("total")
            return page.get("data") or [], total if isinstance(total, int) else None

        levels = []
        for row in self.pages(fetch, page_size=PAGE_SIZE):
            level = self._level(row)
            if level is not None and _has_branch(row, self.branch):
                levels.append(level)
        return Pull(levels=levels, cursor=started)

    def push_sale(self, lines: list[PushLine], *, reference: str) -> None:
        for line in lines:
            row = self.call("GET", f"products/{line.external_id}")
            on_hand = self._inventory(row) if isinstance(row, dict) else None
            if on_hand is None:
                raise ExternalServiceError(
                    self.provider, Failure.REJECTED, "the product has no stock at this branch"
                )
            self.call(
                "PUT",
                f"products/{line.external_id}",
                params={"branchId": self.branch},
                retry=UNSAFE_WRITE,
                json={"inventories": [{"branchId": int_or_text(self.branch),
                                       "onHand": max(on_hand - line.quantity, 0)}]},
            )  # fmt: skip


def _has_branch(row, branch: str) -> bool:
    return isinstance(row, dict) and any(
        isinstance(i, dict) and text(i.get("branchId")) == branch
        for i in row.get("inventories") or []
    )
