"""Orders: checkouts, per-producer shipping methods, orders split per producer, payments."""

from orders.models.checkout import Checkout, CheckoutDelivery, CheckoutLine
from orders.models.emails import SentEmail, StatementNotice
from orders.models.gateway_events import GatewayEvent
from orders.models.ledger import SHOWROOM_KINDS, LedgerEntry, Payout, PayoutAccount, Refund
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
    "Checkout",
    "CheckoutDelivery",
    "CheckoutLine",
    "GatewayEvent",
    "LedgerEntry",
    "Order",
    "OrderEvent",
    "OrderLine",
    "Payment",
    "PaymentMethod",
    "Payout",
    "PayoutAccount",
    "Refund",
    "SentEmail",
    "ShippingMethod",
    "StatementNotice",
    "VendorOrder",
]
