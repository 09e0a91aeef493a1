"""Payments behind one gateway interface: cash on delivery, VNPay and Stripe."""

from orders.payments.base import (
    GatewayError,
    PaymentAction,
    PaymentGateway,
    RefundResult,
    gateway_configured,
    get_gateway,
    start_payment,
)

__all__ = [
    "GatewayError",
    "PaymentAction",
    "PaymentGateway",
    "RefundResult",
    "gateway_configured",
    "get_gateway",
    "start_payment",
]
