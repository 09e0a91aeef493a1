"""Haravan (Omni APIs).

Follows Haravan's developer documentation at https://docs.haravan.com :
- "Connect webhook" (docs/tutorials/webhooks/connect-webhook): registering a callback URL makes
  Haravan call `GET <url>?hub.mode=subscribe&hub.verify_token=<token>&hub.challenge=<text>`,
  answered with the challenge when the verify token is the one configured; notifications are
  POSTed with `X-Haravan-Hmacsha256`, the base64 HMAC-SHA256 of the raw body under the app's
  secret ("Private webhook": the webhook authentication string of the shop's settings).
- "Inventory Location Balance" (docs/omni-apis/inventory-locations): `GET
  https://apis.haravan.com/com/inventory_locations.json` with `location_ids`, `limit` ≤ 250,
  `since_id`, `updated_at_min`, `order=id` → `{inventory_locations: [{id, loc_id, product_id,
  variant_id, qty_onhand, qty_commited, qty_incoming, qty_available, updated_at}]}`.
- "Inventory Adjustment" / "API INVENTORIES ADJUSTORSET" (blogs/api-reference/
  api-inventories-adjustorset): `POST /com/inventories/adjustorset.json {inventory:
  {location_id, type: adjust|set, reason, note, line_items: [{product_id, product_variant_id,
  quantity}]}}`.
- "API Rate Limits" (docs/omni-apis/api-call-limit): a leaky bucket of 80 calls leaking 4 a
  second, 429 beyond it.

Verified only against that documentation (no Haravan shop was used), and assumed where it is
silent:
- the rate-limit header's name `X-Haravan-Api-Call-Limit` ("used/size", as Shopify's);
- the stock topics (`inventorylocations/update`, `inventory_locations/update`,
  `inventories/update`, read from `X-Haravan-Topic`) and their body: one inventory location
  object as in the list above, a list of them, or `{inventory_locations: [...]}`;
- no event id is documented: a hash of the topic and the raw body, or `X-Haravan-Webhook-Id`;
- `GET /com/products.json` (`limit` ≤ 250, `page`) for the variants' `sku` and `barcode`;
- a counter sale is pushed as an `adjust` with reason `shrinkage` (the documented reasons have
  no "sale") and a note naming the sale.
"""

from django.utils import timezone

from inventory.connectors.base import (
    Level,
    MalformedEvent,
    Pull,
    PushLine,
    ShopifyStyleConnector,
    bad_response,
    count,
    int_or_text,
    moment,
    parse_json,
    text,
)
from marketplace.core.http import UNSAFE_WRITE

API_URL = "https://apis.haravan.com/com/"
PAGE_SIZE = 250
STOCK_TOPICS = frozenset(
    {"inventorylocations/update", "inventory_locations/update", "inventories/update"}
)


class HaravanConnector(ShopifyStyleConnector):
    provider = "haravan"
    signature_header = "X-Haravan-Hmacsha256"
    topic_header = "X-Haravan-Topic"
    event_id_header = "X-Haravan-Webhook-Id"
    call_limit_header = "X-Haravan-Api-Call-Limit"
    leak_per_second = 4.0
    stock_topics = STOCK_TOPICS
    body_types = (dict, list)  # one inventory location, a list, or {inventory_locations: [...]}
    push_is_atomic = True  # one adjustment for the whole sale

    # Webhooks ----------------------------------------------------------------------------

    def challenge(self, query) -> str | None:
        token = str(self.credentials.get("verify_token") or "")
        if (
            query.get("hub.mode") == "subscribe"
            and token
            and query.get("hub.verify_token") == token
        ):
            return query.get("hub.challenge", "")
        return None

    def event_levels(self, topic: str, body: bytes) -> list[Level]:
        data = parse_json(body)
        rows = data.get("inventory_locations", [data]) if isinstance(data, dict) else data
        if not isinstance(rows, list):
            raise MalformedEvent("no inventory locations")
        return [level for row in rows if (level := self._level(row)) is not None]

    # API ---------------------------------------------------------------------------------

    def api(self):
        if self._client is None:
            self._client = self.client(
                API_URL,
                throttle=self.throttle,
                headers={"Authorization": f"Bearer {self.credentials.get('access_token', '')}"},
            )
        return self._client

    def _level(self, row) -> Level | None:
        if not isinstance(row, dict):
            return None
        location = text(row.get("loc_id", row.get("location_id")))
        variant = text(row.get("variant_id"))
        if location != self.branch or not variant:
            return None
        return Level(
            external_id=variant,
            product_id=text(row.get("product_id")),
            code=text(row.get("sku")),
            barcode=text(row.get("barcode")),
            quantity=count(row.get("qty_onhand")),
            counted_at=moment(row.get("updated_at")),
        )

    def variants(self) -> dict[str, tuple[str, str]]:
        """variant id → (sku, barcode)."""

        found = {}
        for _product, variant in self.product_variants():
            if text(variant.get("id")):
                found[text(variant["id"])] = (
                    text(variant.get("sku")),
                    text(variant.get("barcode")),
                )
        return found

    def pull(self, *, since=None) -> Pull:
        started = timezone.now()
        after = [0]

        def fetch(offset):
            params = {
                "location_ids": self.branch,
                "limit": PAGE_SIZE,
                "since_id": after[0],
                "order": "id",
                "direction": "asc",
            }
            if since is not None:
                params["updated_at_min"] = since.isoformat()
            page = self.api().json("GET", "inventory_locations.json", params=params)
            rows = page.get("inventory_locations") if isinstance(page, dict) else None
            if not isinstance(rows, list):
                raise bad_response(self.provider, "inventory_locations.json: no list")
            ids = [row.get("id") for row in rows if isinstance(row, dict)]
            if ids and all(isinstance(i, int) for i in ids):
                after[0] = max(ids)
            return rows, None

        rows = list(self.pages(fetch, page_size=PAGE_SIZE))
        raw = [level for row in rows if (level := self._level(row)) is not None]
        codes = self.variants() if raw else {}
        levels = [
            Level(
                external_id=level.external_id,
                product_id=level.product_id,
                code=codes.get(level.external_id, (level.code, ""))[0],
                barcode=codes.get(level.external_id, ("", level.barcode))[1],
                quantity=level.quantity,
                counted_at=level.counted_at or started,
            )
            for level in raw
        ]
        return Pull(levels=levels, cursor=started)

    def push_sale(self, lines: list[PushLine], *, reference: str) -> None:
        self.api().json(
            "POST",
            "inventories/adjustorset.json",
            retry=UNSAFE_WRITE,
            json={
                "inventory": {
                    "location_id": int_or_text(self.branch),
                    "type": "adjust",
                    "reason": "shrinkage",
                    "note": f"OCOP counter sale {reference}"[:255],
                    "line_items": [
                        {
                            "product_id": int_or_text(line.product_id),
                            "product_variant_id": int_or_text(line.external_id),
                            "quantity": -line.quantity,
                        }
                        for line in lines
                    ],
                }
            },
        )
