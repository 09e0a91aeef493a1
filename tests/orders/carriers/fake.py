"""A carrier that answers from memory, for tests of what sits above the carrier interface
(quotes in checkout, shipments, webhooks). Install it with the `fake_carrier` fixture; the
real connectors are tested against recorded HTTP fixtures in their own modules."""

import json
from datetime import UTC, datetime

from orders.carriers.base import (
    Carrier,
    CarrierError,
    Quote,
    ShipmentCreated,
    TrackingStatus,
    TrackingUpdate,
    WebhookRejected,
)


class FakeCarrier(Carrier):
    code = "ghn"
    name = "GHN"
    # Class-level so a test can steer what every instance does: a fee per recipient province
    # name, an error to raise, and the calls made.
    fees: dict[str, int] = {}
    default_fee = 30_000
    error: CarrierError | None = None
    pdf: bytes | None = None  # a label only our token opens (GHTK's), when set
    calls: list[tuple[str, object]] = []
    _next_waybill = 0

    @classmethod
    def reset(cls):
        cls.fees, cls.error, cls.calls, cls._next_waybill = {}, None, [], 0
        cls.pdf = None

    def _maybe_fail(self):
        if type(self).error is not None:
            raise type(self).error

    def quote(self, *, sender, recipient, parcel, service):
        type(self).calls.append(("quote", (recipient.province_name, parcel.weight_grams)))
        self._maybe_fail()
        fee = type(self).fees.get(recipient.province_name, type(self).default_fee)
        return Quote(fee=fee + parcel.weight_grams // 100, service=service, min_days=1, max_days=3)

    def create_shipment(self, request):
        type(self).calls.append(("create_shipment", request))
        self._maybe_fail()
        type(self)._next_waybill += 1
        return ShipmentCreated(waybill=f"FAKE{type(self)._next_waybill:06d}", fee=31_000)

    def cancel(self, *, waybill):
        type(self).calls.append(("cancel", waybill))
        self._maybe_fail()

    def label_url(self, *, waybill):
        return f"https://carrier.example/label/{waybill}.pdf"

    def label_pdf(self, *, waybill):
        return type(self).pdf

    @staticmethod
    def tracking_url(waybill):
        return f"https://carrier.example/track?code={waybill}"

    def parse_webhook(self, *, headers, body, query=None):
        """Body: {"events": [{"waybill", "status", "id", "at"?}]}; header X-Fake-Secret must
        equal the account's credentials["webhook_secret"] when it has one."""
        secret = self.credentials.get("webhook_secret")
        if secret and headers.get("X-Fake-Secret") != secret:
            raise WebhookRejected("bad secret")
        try:
            events = json.loads(body)["events"]
            return [
                TrackingUpdate(
                    waybill=e["waybill"],
                    status=TrackingStatus(e["status"]),
                    carrier_status=e["status"].lower(),
                    occurred_at=datetime.fromisoformat(e["at"]) if "at" in e else datetime.now(UTC),
                    event_id=str(e["id"]),
                    description=e.get("description", ""),
                )
                for e in events
            ]
        except (ValueError, KeyError, TypeError) as exc:
            raise WebhookRejected(str(exc)) from exc
