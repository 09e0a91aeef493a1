"""Checks of what a fault left behind, run inside the project's process against the private
database: each is a list of problems, empty when all is well."""

from django.db.models import Sum

from inventory.models import Stock, StockMovement
from marketplace.outbox.models import OutboxMessage
from orders.models import Allocation, Checkout, Order
from tests.inventory.helpers import assert_ledger_balances


def order_problems(attempt: dict) -> list[str] | None:
    """None when the attempt left no order; else what is missing from its order (nothing
    when it is whole: every line, fully allocated, its parts adding up, its payment, the
    record of its emails, and its checkout gone)."""
    order = (
        Order.objects.filter(email=attempt["email"])
        .prefetch_related("vendor_orders__lines__allocations", "payments")
        .first()
    )
    if order is None:
        return None
    where = f"{attempt['email']} ({order.number})"
    parts = list(order.vendor_orders.all())
    lines = [line for part in parts for line in part.lines.all()]
    problems = []
    wanted = {int(pk): quantity for pk, quantity in attempt["lines"].items()}
    if {line.variant_id: line.quantity for line in lines} != wanted:
        problems.append(f"{where}: lines are not those of the cart")
    for line in lines:
        if sum(a.quantity for a in line.allocations.all()) != line.quantity:
            problems.append(f"{where}: {line.sku} is not fully allocated")
    if order.total != sum(part.total for part in parts):
        problems.append(f"{where}: its parts do not add up to its total")
    if len(order.payments.all()) != 1:
        problems.append(f"{where}: {len(order.payments.all())} payments")
    emails = OutboxMessage.objects.filter(
        handler="orders.send_order_placed", payload__order_id=order.pk
    )
    if not emails.exists():
        problems.append(f"{where}: its emails are not in the outbox")
    if Checkout.objects.filter(token=order.checkout_token).exists():
        problems.append(f"{where}: its checkout is still there")
    return problems


def ledger_problems() -> list[str]:
    """The stock ledger balances (tests/inventory), every allocated unit has its allocation
    row, and every allocation movement belongs to an order that exists."""
    problems = []
    try:
        assert_ledger_balances()
    except AssertionError as exc:
        problems.append(f"the ledger does not balance: stock {exc}")
    rows = Allocation.objects.values("stock_id").annotate(units=Sum("quantity"))
    allocated = {row["stock_id"]: row["units"] for row in rows}
    for stock in Stock.objects.all():
        if stock.quantity_allocated != allocated.get(stock.pk, 0):
            problems.append(
                f"stock {stock.pk}: {stock.quantity_allocated} allocated, "
                f"{allocated.get(stock.pk, 0)} in allocation rows"
            )
    orders = {f"order:{pk}" for pk in Order.objects.values_list("pk", flat=True)}
    for reference in StockMovement.objects.filter(kind=StockMovement.Kind.ALLOCATION).values_list(
        "reference", flat=True
    ):
        if reference not in orders:
            problems.append(f"an allocation movement for {reference}, which does not exist")
    return problems
