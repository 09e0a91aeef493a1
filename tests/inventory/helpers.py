"""Checks shared by the inventory tests."""

from django.db.models import Sum

from inventory.models import Stock, StockMovement


def assert_ledger_balances():
    """For every row: quantity and allocated equal the sums of their movements' deltas, never
    negative, allocated never above quantity, and each movement's after = before + delta."""
    sums = {
        row["stock_id"]: (row["q"], row["a"])
        for row in StockMovement.objects.values("stock_id").annotate(
            q=Sum("quantity_delta"), a=Sum("allocated_delta")
        )
    }
    for stock in Stock.objects.all():
        assert sums.get(stock.pk, (0, 0)) == (stock.quantity, stock.quantity_allocated), stock.pk
        assert 0 <= stock.quantity_allocated <= stock.quantity
    for movement in StockMovement.objects.all():
        assert movement.quantity_after == movement.quantity_before + movement.quantity_delta
        assert movement.allocated_after == movement.allocated_before + movement.allocated_delta


def stock_at(location, variant) -> Stock | None:
    return Stock.objects.filter(location=location, variant=variant).first()


def quantity_at(location, variant) -> int | None:
    stock = stock_at(location, variant)
    return None if stock is None else stock.quantity
