"""Sapo (Sapo Omni / Sapo Web admin REST API, Shopify-like).

Follows Sapo's developer documentation (https://support.sapo.vn/gioi-thieu-api, the partner
portal https://developers.sapo.vn): a store's admin API lives at
`https://<store>.mysapo.net/admin/*.json`; webhooks carry `X-Sapo-Topic`, `X-Sapo-Shop-Domain`
and `X-Sapo-Hmac-Sha256`, the base64 HMAC-SHA256 of the raw body under the app's secret;
`GET /admin/products.json` (`limit` ≤ 250, `page`) lists variants with `sku`, `barcode` and
`inventory_item_id`; `GET /admin/inventory_levels.json` (`location_ids`, `inventory_item_ids`)
lists levels (`on_hand`, `available`, `updated_at`) and documents no paging, so it is asked
for 50 items at a time; every answer reports the call bucket in `X-Sapo-Api-Call-Limit`
("used/size", 40 by default).

Verified only against documentation (no Sapo store was used), and assumed where Sapo's pages
say nothing and its API follows Shopify's:
- the access token header `X-Sapo-Access-Token` (private apps with a key and secret use HTTP
  basic authentication instead);
- the stock topic `inventory_levels/update` and its body `{inventory_item_id, location_id,
  on_hand | available, updated_at}`; `on_hand` is read when present, else `available`;
- no event id header is documented: the event id is a hash of the topic and the raw body
  (a redelivery is byte-identical), or `X-Sapo-Webhook-Id` when a delivery carries one;
- the bucket leaks 2 calls a second;
- push-back with `POST /admin/inventory_levels/adjust.json {location_id, inventory_item_id,
  available_adjustment}`.
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

LEVEL_BATCH = 50
STOCK_TOPICS = frozenset({"inventory_levels/update", "inventory_levels/connect"})


class SapoConnector(ShopifyStyleConnector):
    provider = "sapo"
    signature_header = "X-Sapo-Hmac-Sha256"
    topic_header = "X-Sapo-Topic"
    event_id_header = "X-Sapo-Webhook-Id"
    call_limit_header = "X-Sapo-Api-Call-Limit"
    leak_per_second = 2.0
    stock_topics = STOCK_TOPICS

    # Webhooks ----------------------------------------------------------------------------

    def event_levels(self, topic: str, body: bytes) -> list[Level]:
        data = parse_json(body)
        if not isinstance(data, dict):
            raise MalformedEvent("the body is not an object")
        level = self._level(data)
        return [level] if level is not None else []

    # API ---------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        store = self.connection.account.strip().removesuffix(".mysapo.net")
        return f"https://{store}.mysapo.net/admin/"

    def api(self):
        if self._client is None:
            headers = {}
            if self.credentials.get("access_token"):
                headers["X-Sapo-Access-Token"] = self.credentials["access_token"]
            self._client = self.client(self.base_url, headers=headers, throttle=self.throttle)
            if self.credentials.get("api_key") and self.credentials.get("api_secret"):
                self._client.session.auth = (
                    self.credentials["api_key"],
                    self.credentials["api_secret"],
                )
        return self._client

    def _level(self, row) -> Level | None:
        if not isinstance(row, dict) or text(row.get("location_id")) != self.branch:
            return None
        item = text(row.get("inventory_item_id"))
        if not item:
            return None
        quantity = row.get("on_hand", row.get("available"))
        return Level(
            external_id=f"item:{item}",
            inventory_item_id=item,
            quantity=count(quantity),
            counted_at=moment(row.get("updated_at")),
        )

    def variants(self) -> list[Level]:
        """Every variant with its SKU, barcode and inventory item, as levels without counts."""

        found = []
        for product, variant in self.product_variants():
            item = text(variant.get("inventory_item_id"))
            if item:
                found.append(
                    Level(
                        external_id=f"item:{item}",
                        inventory_item_id=item,
                        product_id=text(product.get("id")),
                        code=text(variant.get("sku")),
                        barcode=text(variant.get("barcode")),
                        quantity=None,
                    )
                )
        return found

    def pull(self, *, since=None) -> Pull:
        started = timezone.now()
        variants = self.variants()
        levels = []
        for start in range(0, len(variants), LEVEL_BATCH):
            batch = {v.inventory_item_id: v for v in variants[start : start + LEVEL_BATCH]}
            answer = self.api().json(
                "GET",
                "inventory_levels.json",
                params={"location_ids": self.branch, "inventory_item_ids": ",".join(batch)},
            )
            rows = answer.get("inventory_levels") if isinstance(answer, dict) else None
            if not isinstance(rows, list):
                raise bad_response(self.provider, "inventory_levels.json: no list")
            for row in rows:
                level = self._level(row)
                if level is None or level.inventory_item_id not in batch:
                    continue
                known = batch[level.inventory_item_id]
                levels.append(
                    Level(
                        external_id=level.external_id,
                        inventory_item_id=level.inventory_item_id,
                        product_id=known.product_id,
                        code=known.code,
                        barcode=known.barcode,
                        quantity=level.quantity,
                        counted_at=level.counted_at or started,
                    )
                )
        return Pull(levels=levels, cursor=started)

    def push_sale(self, lines: list[PushLine], *, reference: str) -> None:
        for line in lines:
            self.api().json(
                "POST",
                "inventory_levels/adjust.json",
                retry=UNSAFE_WRITE,
                json={
                    "location_id": int_or_text(self.branch),
                    "inventory_item_id": int_or_text(line.inventory_item_id),
                    "available_adjustment": -line.quantity,
                },
            )
