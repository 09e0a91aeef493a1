"""Orders: checkouts, per-producer shipping methods, orders split per producer, payments."""

from orders.models.carriers import CarrierAccount, CarrierCode, CarrierEvent, Shipment
from orders.models.checkout import Checkout, CheckoutDelivery, CheckoutLine
from orders.models.earnings import SHOWROOM_KINDS, EarningsEntry, Payout, PayoutAccount, Refund
from orders.models.emails import SentEmail, StatementNotice
from orders.models.gateway_events import GatewayEvent
from orders.models.orders import (
    Allocation,
    Order,
    OrderEvent,
    OrderLine,
    Payment,
    PaymentMethod,
    VendorOrder,
)
from orders.models.shipping import ShippingMethod

__all__ = [
    "SHOWROOM_KINDS",
    "Allocation",
    "CarrierAccount",
    "CarrierCode",
    "CarrierEvent",
    "Checkout",
    "CheckoutDelivery",
    "CheckoutLine",
    "EarningsEntry",
    "GatewayEvent",
    "Order",
    "OrderEvent",
    "OrderLine",
    "Payment",
    "PaymentMethod",
    "Payout",
    "PayoutAccount",
    "Refund",
    "SentEmail",
    "Shipment",
    "ShippingMethod",
    "StatementNotice",
    "VendorOrder",
]
