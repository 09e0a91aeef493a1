"""One interface for every payment gateway: start a payment, refund part of it, cancel it.

Gateways never decide an order's fate themselves: what a callback proved (paid, failed,
refunded) is applied by `orders.payments.outcomes`, once, under the order's row lock."""

import logging
from abc import ABC, abstractmethod
from dataclasses import dataclass

from orders.models import Payment, PaymentMethod

logger = logging.getLogger("marketplace.payments")


@dataclass(frozen=True)
class PaymentAction:
    """What the client does next: open `action_url` (VNPay) or confirm with `client_secret`
    (Stripe.js). Both empty when there is nothing to do (COD) or the gateway failed."""

    action_url: str | None = None
    client_secret: str | None = None


@dataclass(frozen=True)
class RefundResult:
    """`manual`: the gateway has no refund call here; staff pay the money back themselves."""

    reference: str = ""
    manual: bool = False


class GatewayError(Exception):
    """The gateway refused or could not be reached; the message is for logs, not shoppers."""


class PaymentGateway(ABC):
    name: str

    def is_configured(self) -> bool:
        return True

    @abstractmethod
    def start(self, payment: Payment, *, client_ip: str) -> PaymentAction:
        """Begin collecting `payment`. Network I/O: call outside any transaction."""

    def refund(self, payment: Payment, amount: int, *, idempotency_key: str) -> RefundResult:
        """Give back `amount` đồng of a paid payment. Default: recorded by staff."""
        return RefundResult(manual=True)

    def cancel(self, payment: Payment) -> None:
        """The order expired or was cancelled unpaid: stop the gateway taking money late.
        Default: nothing to stop."""
        return None


def get_gateway(name: str) -> PaymentGateway:
    from orders.payments.cod import CodGateway
    from orders.payments.stripe_gateway import StripeGateway
    from orders.payments.vnpay import VnpayGateway

    gateways = {
        PaymentMethod.COD: CodGateway,
        PaymentMethod.VNPAY: VnpayGateway,
        PaymentMethod.STRIPE: StripeGateway,
    }
    try:
        return gateways[PaymentMethod(str(name).lower())]()
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
