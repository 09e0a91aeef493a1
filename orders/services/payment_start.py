"""Starting the online payment of a placed order, after its transaction committed: a gateway
call is network I/O and must not hold stock rows locked."""

from orders.models import Payment, PaymentMethod
from orders.payments.registry import start_payment


def start_payment_for(*, payment: Payment, client_ip: str) -> Payment:
    """Attach `payment.action` (the VNPay URL or the Stripe client secret); COD needs none."""
    payment.action = None
    if payment.gateway != PaymentMethod.COD:
        payment.action = start_payment(payment=payment, client_ip=client_ip)
    return payment
