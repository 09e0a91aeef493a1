"""Row locks of the orders app, in one place (as Saleor's lock_objects): every query that
locks rows for a transaction is here. Several rows are always locked in primary-key order, so
that two transactions locking the same rows wait for each other instead of deadlocking."""

from django.db.models import QuerySet

from orders.models import Checkout, EarningsEntry, VendorOrder


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


def earnings_entries_select_for_update(entries: QuerySet[EarningsEntry]) -> QuerySet[EarningsEntry]:
    """`entries` locked in primary-key order."""
    return entries.select_for_update().order_by("pk")
