"""The payment gateways by method: the one module that imports them all, so the interface
in `orders.payments.base` imports none and no gateway imports this."""

import logging

from orders.models import Payment, PaymentMethod
from orders.payments.base import GatewayError, PaymentAction, PaymentGateway
from orders.payments.cod import CodGateway
from orders.payments.stripe_gateway import StripeGateway
from orders.payments.vnpay import VnpayGateway

logger = logging.getLogger("marketplace.payments")

GATEWAYS: dict[PaymentMethod, type[PaymentGateway]] = {
    PaymentMethod.COD: CodGateway,
    PaymentMethod.VNPAY: VnpayGateway,
    PaymentMethod.STRIPE: StripeGateway,
}


def get_gateway(name: str) -> PaymentGateway:
    try:
        return GATEWAYS[PaymentMethod(str(name).lower())]()
    except ValueError:
        raise ValueError(f"Unknown payment gateway {name!r}") from None


def gateway_configured(name: str) -> bool:
    """Whether the settings let this gateway work (keys present); check before completing."""
    return get_gateway(name).is_configured()


def start_payment(*, payment: Payment, client_ip: str) -> PaymentAction:
    """The action the shopper's client takes to pay, called after the order committed.

    A gateway failure does not undo the order (it stays unpaid and expires): it is logged and
    an empty action returned, so the shopper still gets the order back."""
    if payment.status != Payment.Status.PENDING:
        return PaymentAction()
    gateway = get_gateway(payment.gateway)
    try:
        return gateway.start(payment, client_ip=client_ip)
    except GatewayError:
        logger.exception("Could not start %s payment %s", payment.gateway, payment.pk)
        return PaymentAction()
