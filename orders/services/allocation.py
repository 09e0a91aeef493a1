"""Giving back or handing over the stock an order set aside: the only way orders touch stock
after completing, always through the inventory ledger."""

from inventory.lock_objects import lock_stocks
from inventory.models import StockMovement
from inventory.services import ledger
from orders.models import Allocation, VendorOrder


def _apply(vendor_orders, *, kind, actor, sign_quantity: int) -> None:
    allocations = list(
        Allocation.objects.filter(line__vendor_order__in=vendor_orders, quantity__gt=0)
        .select_related("line__vendor_order")
        .order_by("pk")
    )
    if not allocations:
        return
    locked = lock_stocks(a.stock_id for a in allocations)
    movements = [
        ledger.move(
            stock=locked[a.stock_id],
            kind=kind,
            quantity_delta=sign_quantity * a.quantity,
            allocated_delta=-a.quantity,
            reference=f"order:{a.line.vendor_order.order_id}",
            actor=actor,
        )
        for a in allocations
    ]
    ledger.save_moves(stocks=locked.values(), movements=movements)
    # Spent: an allocation released or fulfilled once is never applied again.
    Allocation.objects.filter(pk__in=[a.pk for a in allocations]).update(quantity=0)


def release_allocations(*, vendor_orders: list[VendorOrder], actor=None) -> None:
    """Cancelled or expired: the units go back on sale. Call inside the caller's transaction."""
    _apply(vendor_orders, kind=StockMovement.Kind.RELEASE, actor=actor, sign_quantity=0)


def fulfil_allocations(*, vendor_orders: list[VendorOrder], actor=None) -> None:
    """Shipped or handed over: the units leave the shelf. Call inside the caller's transaction."""
    _apply(vendor_orders, kind=StockMovement.Kind.FULFILMENT, actor=actor, sign_quantity=-1)
