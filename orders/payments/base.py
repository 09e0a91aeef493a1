"""One interface for every payment gateway: start a payment, refund part of it, cancel it.

The interface only: it imports no gateway; `orders.payments.registry` imports them all and
finds a payment method's one. Gateways never decide an order's fate themselves: what a
callback proved (paid, failed, refunded) is applied by `orders.payments.outcomes`, once, under
the order's row lock."""

from abc import ABC, abstractmethod
from dataclasses import dataclass

from orders.models import Payment


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
