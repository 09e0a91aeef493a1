"""Row locks of the orders app, in one place (as Saleor's lock_objects): every query that
locks rows for a transaction is here. Several rows are always locked in primary-key order, so
that two transactions locking the same rows wait for each other instead of deadlocking."""

from django.db.models import QuerySet

from orders.models import (
    CarrierAccount,
    Checkout,
    EarningsEntry,
    Order,
    Payment,
    ShippingMethod,
    VendorOrder,
)


def checkout_qs_select_for_update() -> QuerySet[Checkout]:
    """Checkouts to lock (only their own rows, not the communes they join)."""
    return Checkout.objects.select_for_update(of=("self",))


def lock_vendor_order(vendor_order: VendorOrder) -> VendorOrder:
    """The part, re-read under its row lock (and its order's), with what the checks need."""
    return (
        VendorOrder.objects.select_for_update(of=("self", "order"))
        .select_related("order", "vendor", "pickup_location")
        .get(pk=vendor_order.pk)
    )


def lock_vendor_orders_of(order) -> list[VendorOrder]:
    """Every part of `order`, locked in primary-key order."""
    return list(VendorOrder.objects.select_for_update().filter(order=order).order_by("pk"))


def lock_unpaid_order_due(pk: int, now) -> Order | None:
    """The order, locked, if it is still unpaid and due by `now` (the expiry job's claim);
    None when it was paid or expired meanwhile."""
    return (
        Order.objects.select_for_update()
        .filter(pk=pk, status=Order.Status.UNPAID, payment_due_at__lte=now)
        .first()
    )


def lock_open_payments_of(order) -> list[Payment]:
    """The order's payments still pending or failed, locked in primary-key order (the order's
    lock is held first)."""
    return list(
        Payment.objects.select_for_update()
        .filter(order=order, status__in=[Payment.Status.PENDING, Payment.Status.FAILED])
        .order_by("pk")
    )


def lock_payment(payment_id: int) -> tuple[Order, Payment]:
    """The payment and its order, locked: the order row first, then the payment row (the order
    expiry job takes the same order lock, so a payment and an expiry never interleave)."""
    order_id = Payment.objects.values_list("order_id", flat=True).get(pk=payment_id)
    order = Order.objects.select_for_update().get(pk=order_id)
    payment = Payment.objects.select_for_update().get(pk=payment_id)
    payment.order = order
    return order, payment


def earnings_entries_select_for_update(entries: QuerySet[EarningsEntry]) -> QuerySet[EarningsEntry]:
    """`entries` locked in primary-key order."""
    return entries.select_for_update().order_by("pk")


def lock_carrier_account(pk: int) -> CarrierAccount:
    """A carrier account, re-read under its row lock."""
    return CarrierAccount.objects.select_for_update().get(pk=pk)


def lock_carrier_account_of(vendor, carrier: str) -> CarrierAccount | None:
    """`vendor`'s account at `carrier` (None: the platform's), locked, if there is one."""
    return CarrierAccount.objects.select_for_update().filter(vendor=vendor, carrier=carrier).first()


def lock_shipping_method(pk: int) -> ShippingMethod:
    """A shipping method, re-read under its row lock, with its producer."""
    return (
        ShippingMethod.objects.select_for_update(of=("self",)).select_related("vendor").get(pk=pk)
    )
