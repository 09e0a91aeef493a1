"""What every POS connector does, whatever the system behind it: verify a webhook the
provider's way, read its event id and the stock levels it reports, pull the levels of the
showroom's branch page by page, and take a counter sale off the POS's stock.

Connectors only talk to the POS and translate its shapes into `Level`s: they never touch our
stock. `inventory.services.pos_sync` maps the levels to SKUs and applies them through the
stock sync service. Every failure reaches callers as `ExternalServiceError`; a webhook body
that cannot be read raises `MalformedEvent`."""

import base64
import datetime
import hashlib
import hmac
import json
import time
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from marketplace.core.http import (
    CallLimitHeaderThrottle,
    ExternalServiceError,
    Failure,
    ServiceClient,
)

# How connectors wait (backoff, Retry-After, rate limits); tests replace it.
pause = time.sleep


class MalformedEvent(Exception):
    """A signed webhook body that is not the JSON the provider documents."""


@dataclass(frozen=True)
class Level:
    """One POS item's count at the showroom's branch."""

    external_id: str  # the POS's id of the item (a product in KiotViet, a variant elsewhere)
    quantity: int | None  # on hand; None when the POS sent something that is not a count
    code: str = ""  # its SKU code in the POS
    barcode: str = ""
    product_id: str = ""
    inventory_item_id: str = ""
    counted_at: datetime.datetime | None = None  # when the POS counted it, when it says


@dataclass(frozen=True)
class Envelope:
    event_id: str
    topic: str


@dataclass(frozen=True)
class PushLine:
    external_id: str
    product_id: str
    inventory_item_id: str
    quantity: int  # units sold, to take off


@dataclass
class Pull:
    levels: list[Level]
    cursor: datetime.datetime | None  # where the next incremental pull starts


def hmac_sha256(secret: str, body: bytes) -> bytes:
    return hmac.new(secret.encode(), body, hashlib.sha256).digest()


def matches_base64(signature: str, secret: str, body: bytes) -> bool:
    expected = base64.b64encode(hmac_sha256(secret, body)).decode()
    return bool(signature) and hmac.compare_digest(signature.strip(), expected)


def body_event_id(topic: str, body: bytes) -> str:
    """An event id for providers that send none we know of: the same delivery again has the
    same topic and body, so the same id."""
    return "sha256:" + hashlib.sha256(topic.encode() + b"\x00" + body).hexdigest()


def parse_json(body: bytes):
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise MalformedEvent("the body is not JSON") from exc


def count(value) -> int | None:
    """A POS count (often a float such as 12.0) as a whole number; None when it is not one."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def moment(value) -> datetime.datetime | None:
    if not isinstance(value, str):
        return None
    parsed = parse_datetime(value.strip())
    if parsed is not None and timezone.is_naive(parsed):
        # KiotViet writes local times without an offset.
        parsed = timezone.make_aware(parsed, timezone.get_fixed_timezone(7 * 60))
    return parsed


def text(value) -> str:
    return "" if value is None else str(value).strip()[:64]


def int_or_text(value: str):
    """An id as the POS spells it in JSON: a number when it is one."""
    value = str(value).strip()
    return int(value) if value.isdigit() else value


def bad_response(service: str, detail: str) -> ExternalServiceError:
    return ExternalServiceError(service, Failure.BAD_RESPONSE, detail)


class Connector(ABC):
    provider: str
    signature_header: str  # as Django's request.headers names it
    push_is_atomic = False  # one call takes a whole sale off (or none of it)

    def __init__(self, connection, *, session=None, sleep=None):
        self.connection = connection
        self.credentials = connection.credentials or {}
        self.session, self.sleep = session, sleep or (lambda seconds: pause(seconds))

    # Webhooks ----------------------------------------------------------------------------

    @abstractmethod
    def verify(self, headers, body: bytes) -> bool:
        """Whether the delivery is signed with this connection's webhook secret."""

    @abstractmethod
    def envelope(self, headers, body: bytes) -> Envelope:
        """The event id and topic of a verified delivery (MalformedEvent when unreadable)."""

    @abstractmethod
    def is_stock_event(self, topic: str) -> bool: ...

    @abstractmethod
    def event_levels(self, topic: str, body: bytes) -> list[Level]:
        """The levels a stock event reports for this connection's branch (may ask the POS)."""

    def challenge(self, query) -> str | None:
        """The answer to a subscription handshake (GET), or None when there is none."""
        return None

    def webhook_secret(self) -> str:
        return str(self.credentials.get("webhook_secret") or "")

    @property
    def branch(self) -> str:
        """The POS's id of the branch (location) that is this showroom."""
        return str(self.connection.branch_id).strip()

    # Pull and push -----------------------------------------------------------------------

    @abstractmethod
    def pull(self, *, since: datetime.datetime | None) -> Pull:
        """Every level of the branch changed since `since` (all of them when None)."""

    @abstractmethod
    def push_sale(self, lines: list[PushLine], *, reference: str) -> None:
        """Take the units sold off the POS's stock at the branch."""

    def pages(self, fetch, *, page_size: int, limit: int = 2_000) -> Iterator:
        """Call `fetch(offset)` → (rows, total or None) until every row is read."""
        offset = 0
        for _page in range(limit):
            rows, total = fetch(offset)
            yield from rows
            offset += len(rows)
            if not rows or len(rows) < page_size or (total is not None and offset >= total):
                return
        raise bad_response(self.provider, "more pages than any shop has")

    def client(self, base_url: str, **kwargs) -> ServiceClient:
        return ServiceClient(
            service=self.provider,
            base_url=base_url,
            session=self.session,
            sleep=self.sleep,
            **kwargs,
        )


class ShopifyStyleConnector(Connector):
    """What Sapo and Haravan share, both modelled on Shopify's admin API: webhooks signed with
    the base64 HMAC-SHA256 of the raw body, their topic and (optionally) an id in headers, and
    a call-limit header ("used/size") reporting a leaky bucket."""

    topic_header: str
    event_id_header: str
    call_limit_header: str
    leak_per_second: float
    stock_topics: frozenset[str]
    body_types: tuple[type, ...] = (dict,)  # what a webhook body may be
    products_page_size = 250  # products.json's largest `limit`

    def __init__(self, connection, **kwargs):
        super().__init__(connection, **kwargs)
        self.throttle = CallLimitHeaderThrottle(
            self.call_limit_header, leak_per_second=self.leak_per_second
        )
        self._client = None

    def verify(self, headers, body: bytes) -> bool:
        secret = self.webhook_secret()
        return bool(secret) and matches_base64(
            headers.get(self.signature_header) or "", secret, body
        )

    def envelope(self, headers, body: bytes) -> Envelope:
        """No event id is documented: a hash of the topic and the raw body (a redelivery is
        byte-identical), or the id header when a delivery carries one."""
        if not isinstance(parse_json(body), self.body_types):
            raise MalformedEvent("the body is not an object")
        topic = text(headers.get(self.topic_header)).lower()
        event_id = text(headers.get(self.event_id_header)) or body_event_id(topic, body)
        return Envelope(event_id=event_id, topic=topic)

    def is_stock_event(self, topic: str) -> bool:
        return topic in self.stock_topics

    def api(self) -> ServiceClient:
        raise NotImplementedError

    def product_variants(self) -> Iterator[tuple[dict, dict]]:
        """(product, variant) for every variant of every product (`GET products.json`, page by
        page with `limit` and `page`)."""

        def fetch(offset):
            page = self.api().json(
                "GET",
                "products.json",
                params={"limit": self.products_page_size,
                        "page": offset // self.products_page_size + 1},
            )  # fmt: skip
            products = page.get("products") if isinstance(page, dict) else None
            if not isinstance(products, list):
                raise bad_response(self.provider, "products.json: no products list")
            return products, None

        for product in self.pages(fetch, page_size=self.products_page_size):
            for variant in (product or {}).get("variants") or []:
                if isinstance(variant, dict):
                    yield product, variant
