"""Unpaid online orders expire after `ORDER_PAYMENT_TIMEOUT_MINUTES`: their parts are
cancelled, their stock goes back on sale and their payment is cancelled.

Each order is expired in its own transaction under its row lock, the lock a payment callback
takes too: a payment confirmed first keeps the order; one arriving after the expiry is
recorded but does not revive it (see orders.payments.outcomes). Running twice changes nothing
the second time."""

import logging
from functools import partial

from django.db import transaction
from django.utils import timezone

from orders.lock_objects import lock_open_payments_of, lock_unpaid_order_due, lock_vendor_orders_of
from orders.models import Order, OrderEvent, Payment, VendorOrder
from orders.services.allocation import release_allocations
from orders.services.notifications import Kind, notify_order_changed
from orders.services.vouchers import give_voucher_back_after_commit

logger = logging.getLogger("marketplace.payments")
BATCH = 500


def expire_unpaid_orders(*, now=None) -> int:
    """Expire the unpaid orders due by `now`; returns how many this call expired."""
    now = now or timezone.now()
    due = Order.objects.filter(status=Order.Status.UNPAID, payment_due_at__lte=now)
    expired = 0
    for pk in list(due.order_by("payment_due_at", "pk").values_list("pk", flat=True)[:BATCH]):
        if _expire(pk, now):
            expired += 1
    return expired


def _expire(pk: int, now) -> bool:
    with transaction.atomic():
        order = lock_unpaid_order_due(pk, now)
        if order is None:  # paid or expired meanwhile
            return False
        vendor_orders = lock_vendor_orders_of(order)
        release_allocations(vendor_orders=vendor_orders)
        VendorOrder.objects.filter(pk__in=[vo.pk for vo in vendor_orders]).update(
            status=VendorOrder.Status.CANCELLED, updated_at=now
        )
        payments = lock_open_payments_of(order)
        Payment.objects.filter(pk__in=[p.pk for p in payments]).update(
            status=Payment.Status.CANCELLED, updated_at=now
        )
        order.status = Order.Status.EXPIRED
        order.payment_status = Order.PaymentStatus.NOT_CHARGED
        order.save(update_fields=["status", "payment_status", "updated_at"])
        due = order.payment_due_at.isoformat()
        OrderEvent.objects.bulk_create(
            [OrderEvent(order=order, kind="expired", data={"due": due})]
            + [
                OrderEvent(
                    order=order,
                    vendor_order=vo,
                    kind="cancelled",
                    data={"reason": "expired", "from": vo.status},
                )
                for vo in vendor_orders
            ]
        )
        notify_order_changed(order_id=order.pk, kind=Kind.EXPIRED)
        for payment in payments:
            transaction.on_commit(partial(_cancel_at_gateway, payment))
        give_voucher_back_after_commit(order=order)
    logger.info("Order %s expired unpaid", order.number)
    return True


def _cancel_at_gateway(payment: Payment) -> None:
    """After commit: stop the gateway taking the money late (a Stripe intent is cancelled)."""
    from orders.payments.registry import get_gateway

    get_gateway(payment.gateway).cancel(payment)
