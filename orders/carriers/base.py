"""One interface for every parcel carrier: quote a parcel, create a shipment, cancel it, print
its label, read its tracking webhooks.

The interface only, like `orders.payments.base`: it imports no carrier; the registry
(`orders.carriers.registry`) imports them all. A carrier never moves an order itself: what a
webhook proved (picked up, delivered, returned) is applied by `orders.services.shipments`
under the part's row lock, through the transition table.

Addresses reach a carrier as `CarrierAddress`: our 2025 commune plus the pre-2025 province,
district and ward it maps to (`orders.carriers.addresses`), because both GHN and GHTK still
speak the three-level names and ids."""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class CarrierErrorCode(StrEnum):
    TIMEOUT = "TIMEOUT"  # no answer in time
    UNAVAILABLE = "UNAVAILABLE"  # 5xx, connection refused, unreadable answer
    INVALID_ADDRESS = "INVALID_ADDRESS"  # the carrier does not serve or know the address
    OVERWEIGHT = "OVERWEIGHT"  # above what the service carries
    AUTH = "AUTH"  # the token or shop id was refused
    REFUSED = "REFUSED"  # any other business refusal (the message says why)


class CarrierError(Exception):
    """The carrier refused or could not be reached. `message` is for logs and the producer,
    never holds credentials."""

    def __init__(self, code: CarrierErrorCode, message: str = ""):
        self.code = CarrierErrorCode(code)
        self.message = message
        super().__init__(f"{self.code}: {message}")


class WebhookRejected(Exception):
    """A webhook that fails the carrier's verification or cannot be read: answered 4xx,
    nothing applied."""


@dataclass(frozen=True)
class CarrierAddress:
    """Where a parcel is picked up or delivered. The legacy_* names are the pre-2025 units the
    2025 commune maps to (best candidate when it maps to several old wards)."""

    name: str
    phone: str
    street: str
    commune_code: str  # 2025 commune code (our geography.Commune.code)
    commune_name: str
    province_name: str  # 2025 province
    legacy_province_name: str
    legacy_district_name: str
    legacy_ward_name: str


@dataclass(frozen=True)
class Parcel:
    weight_grams: int
    declared_value: int  # đồng, for insurance
    cod_amount: int = 0  # đồng the carrier collects from the shopper
    length_cm: int = 20
    width_cm: int = 20
    height_cm: int = 10


@dataclass(frozen=True)
class Quote:
    fee: int  # đồng, what the carrier charges for the parcel
    service: str  # the carrier's service code the fee is for
    min_days: int | None = None
    max_days: int | None = None


@dataclass(frozen=True)
class ShipmentItem:
    name: str
    quantity: int
    weight_grams: int
    sku: str = ""


@dataclass(frozen=True)
class ShipmentRequest:
    reference: str  # our id of the part, unique per shipment: e.g. "OCOP0000012-3"
    sender: CarrierAddress
    recipient: CarrierAddress
    parcel: Parcel
    items: list[ShipmentItem] = field(default_factory=list)
    service: str = ""
    note: str = ""


@dataclass(frozen=True)
class ShipmentCreated:
    waybill: str  # the carrier's order/label code, what the shopper tracks
    fee: int
    expected_delivery: date | None = None


class TrackingStatus(StrEnum):
    """A carrier's many statuses folded into the steps the order follows."""

    CREATED = "CREATED"  # accepted, waiting for pickup
    PICKED_UP = "PICKED_UP"  # the carrier has it: the part is shipped
    IN_TRANSIT = "IN_TRANSIT"  # sorting, on the way, out for delivery
    DELIVERED = "DELIVERED"
    DELIVERY_FAILED = "DELIVERY_FAILED"  # an attempt failed; it will try again or return
    RETURNED = "RETURNED"  # back with the producer
    CANCELLED = "CANCELLED"
    OTHER = "OTHER"  # anything we keep in the timeline but do not act on


@dataclass(frozen=True)
class TrackingUpdate:
    waybill: str
    status: TrackingStatus
    carrier_status: str  # the carrier's own status code, kept for the timeline and support
    occurred_at: datetime
    event_id: str  # unique per event at this carrier: a replay carries the same id
    description: str = ""


class Carrier(ABC):
    code: str  # "ghn", "ghtk": CarrierAccount.Carrier values
    name: str  # shown to shoppers: "GHN", "GHTK"

    def __init__(self, *, credentials: dict, base_url: str | None = None, timeout: float = 8.0):
        self.credentials = credentials
        self.base_url = base_url
        self.timeout = timeout

    @abstractmethod
    def quote(
        self, *, sender: CarrierAddress, recipient: CarrierAddress, parcel: Parcel, service: str
    ) -> Quote:
        """The fee for one parcel. Network I/O: call outside any transaction."""

    @abstractmethod
    def create_shipment(self, request: ShipmentRequest) -> ShipmentCreated:
        """Book the pickup; the waybill comes back. Network I/O."""

    @abstractmethod
    def cancel(self, *, waybill: str) -> None:
        """Cancel a shipment not yet picked up. Network I/O."""

    @abstractmethod
    def label_url(self, *, waybill: str) -> str:
        """Where the producer prints the label (a PDF or the carrier's print page). May call
        the carrier for a short-lived print token."""

    def label_pdf(self, *, waybill: str) -> bytes | None:
        """The label's PDF when a browser cannot open `label_url` itself (it needs our token):
        the producer's page streams it. None: send the producer to `label_url`."""
        return None

    @staticmethod
    @abstractmethod
    def tracking_url(waybill: str) -> str:
        """The carrier's public tracking page for a waybill, for shoppers."""

    @abstractmethod
    def parse_webhook(
        self, *, headers: dict, body: bytes, query: dict | None = None
    ) -> list[TrackingUpdate]:
        """Verify a status webhook the way the carrier documents (headers, body, or a secret
        in the URL's query string, as GHTK's `hash`), and read it; raise WebhookRejected when
        it does not verify or cannot be read."""

    @classmethod
    def services(cls) -> list[tuple[str, str]]:
        """(code, label) of the services a shipping method may name; the first is the default."""
        return [("", "Standard")]

    @classmethod
    def required_credentials(cls) -> tuple[str, ...]:
        """The keys a CarrierAccount's credentials must hold for this carrier (checked when a
        producer connects an account); each carrier names its own (GHN: token and shop id)."""
        return ("token",)
