"""The national OCOP portal's public product API, and recorded answers of it.

What we followed: the portal publishes no API documentation that we could find. The shape here
is the one its own public web front end relies on (seen in that front end's public source):
`GET https://api.ocopvietnam.gov.vn/v1/public/product-info/?search=&ocop_star=&page=&page_size=`
answers a Django-REST-framework page `{"count", "next", "previous", "results": [...]}`, and
`GET .../product-info/{id}/` one product with `id`, `name`, `ocop_star`, `manufacturer {name,
representative, address, phone_number, email}`, `ocop_certificate_number`, `issued_on`,
`expiry_date`. Which of those fields a list item carries, and the date format, are assumed
(ISO dates, or dd/mm/yyyy); the recorded fixtures in `recorded/` are written to that assumed
shape, so a change on the portal's side shows up as BAD_RESPONSE or missing fields, never as a
false "match". Any field may be missing or null: a record is never rejected for it.

Calls go through `marketplace.core.http.ServiceClient` (timeouts, retries with backoff on
timeouts, 429 and 5xx, logs without query strings); failures reach callers only as
`ExternalServiceError`.
"""

import datetime
import json
from collections.abc import Iterator
from pathlib import Path

from marketplace.core.http import ExternalServiceError, Failure, ServiceClient
from marketplace.core.text import fold
from vendors.national_registry.base import NationalProduct

SERVICE = "ocop-portal"
PAGE_SIZE = 50
MAX_PAGES = 10  # a search for a product's name never needs 500 candidates
RECORDED = Path(__file__).parent / "recorded"


def parse_date(value) -> datetime.date | None:
    if not value or not isinstance(value, str):
        return None
    text = value.strip()[:10]
    for parse in (
        datetime.date.fromisoformat,
        lambda t: datetime.datetime.strptime(t, "%d/%m/%Y").date(),
    ):
        try:
            return parse(text)
        except ValueError:
            continue
    return None


def parse_product(item) -> NationalProduct | None:
    """A record from the portal's JSON, or None when it is not a product at all."""
    if not isinstance(item, dict) or item.get("id") in (None, "") or not item.get("name"):
        return None
    manufacturer = item.get("manufacturer")
    producer = manufacturer.get("name") if isinstance(manufacturer, dict) else None
    stars = item.get("ocop_star")
    try:
        stars = int(stars) if stars not in (None, "") else None
    except (TypeError, ValueError):
        stars = None
    return NationalProduct(
        id=str(item["id"]),
        name=str(item["name"]),
        stars=stars,
        producer=str(producer) if producer else None,
        decision_number=str(item["ocop_certificate_number"])
        if item.get("ocop_certificate_number")
        else None,
        issued_on=parse_date(item.get("issued_on")),
        expires_on=parse_date(item.get("expiry_date")),
        raw=item,
    )


def _results(body) -> tuple[list, bool]:
    if not isinstance(body, dict) or not isinstance(body.get("results"), list):
        raise ExternalServiceError(SERVICE, Failure.BAD_RESPONSE, "not a page of results")
    return body["results"], bool(body.get("next"))


class PortalRegistry:
    def __init__(self, *, base_url: str, client: ServiceClient | None = None):
        self.client = client or ServiceClient(
            service=SERVICE, base_url=base_url, headers={"Accept": "application/json"}
        )

    def search(self, text: str, *, stars: int | None = None) -> Iterator[NationalProduct]:
        params = {"search": text, "page_size": PAGE_SIZE}
        if stars:
            params["ocop_star"] = stars
        for page in range(1, MAX_PAGES + 1):
            results, more = _results(
                self.client.json("GET", "product-info/", params={**params, "page": page})
            )
            for item in results:
                product = parse_product(item)
                if product is not None:
                    yield product
            if not more:
                return

    def product(self, national_id: str) -> NationalProduct | None:
        try:
            body = self.client.json("GET", f"product-info/{national_id}/")
        except ExternalServiceError as error:
            if error.status == 404:
                return None
            raise
        return parse_product(body)


class RecordedRegistry:
    """Answers recorded in `recorded/` (search pages and product details), searched the way
    the portal is assumed to: every word of the search text in the name, diacritics ignored."""

    def __init__(self, folder: Path = RECORDED):
        self.items = {}
        for path in sorted(folder.glob("product-info-page-*.json")):
            for item in json.loads(path.read_text(encoding="utf-8"))["results"]:
                self.items[str(item.get("id"))] = item
        for path in sorted(folder.glob("product-info-detail-*.json")):
            item = json.loads(path.read_text(encoding="utf-8"))
            self.items[str(item.get("id"))] = {**self.items.get(str(item.get("id")), {}), **item}

    def search(self, text: str, *, stars: int | None = None) -> Iterator[NationalProduct]:
        words = fold(text).split()
        for item in self.items.values():
            product = parse_product(item)
            name = fold(product.name) if product else ""
            if product and all(w in name for w in words) and stars in (None, product.stars):
                yield product

    def product(self, national_id: str) -> NationalProduct | None:
        item = self.items.get(str(national_id))
        return parse_product(item) if item else None
