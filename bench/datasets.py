"""Data the benchmarks prepare on top of the demo catalogue, in-process (Django set up first).

Used by bench/checkout.py, bench/load.py and bench/stock_sync.py (`from datasets import ...`)
and by the load test's smoke test (`from bench.datasets import ...`). Every change of stock goes
through the ledger, so each stock row stays the sum of its movements.
"""

from dataclasses import dataclass

WAREHOUSE_UNITS = 1_000_000
SHOWROOM_UNITS = 100_000


def checkout_ready(*, warehouse_units: int = WAREHOUSE_UNITS) -> None:
    """Every active producer ships nationwide, and its warehouses hold `warehouse_units` of
    every variant: shoppers never run out during a benchmark."""
    from django.db import transaction

    from inventory.models import Stock
    from orders.models import ShippingMethod
    from vendors.models import Vendor

    with transaction.atomic():
        for vendor in Vendor.objects.filter(status="active"):
            if not ShippingMethod.objects.filter(vendor=vendor).exists():
                ShippingMethod.objects.create(
                    vendor=vendor, name="Giao hàng toàn quốc", flat_price=30000,
                    min_days=2, max_days=5,
                )  # fmt: skip
        warehouse_rows = Stock.objects.filter(location__kind="warehouse")
        _set_available(warehouse_rows.values_list("pk", flat=True), warehouse_units, "top-up")


@dataclass(frozen=True)
class SharedShowroom:
    location: object  # inventory.models.Location
    skus: list[str]


def shared_showroom(*, units: int = SHOWROOM_UNITS) -> SharedShowroom:
    """The showroom holding the most consigned SKUs, set up so that shoppers' orders take its
    stock: for those SKUs the producers' warehouses have nothing left to sell, and the showroom
    has `units` available of each. A device syncing this showroom then counts the very rows
    that checkouts lock and allocate at the same time."""
    from django.db import transaction
    from django.db.models import Count, Q

    from inventory.models import Location, Stock

    on_sale = Q(stocks__variant__product__status="published")
    showroom = (
        Location.objects.filter(kind="showroom", is_active=True)
        .annotate(rows=Count("stocks", filter=on_sale))
        .order_by("-rows", "pk")
        .first()
    )
    if showroom is None or not showroom.rows:
        raise SystemExit("no showroom holds products on sale: load the demo data first")
    held = Stock.objects.filter(location=showroom, variant__product__status="published")
    variant_ids = list(held.values_list("variant_id", flat=True))
    warehouse_rows = Stock.objects.filter(location__kind="warehouse", variant_id__in=variant_ids)
    with transaction.atomic():
        _set_available(warehouse_rows.values_list("pk", flat=True), 0, "sold at the showroom")
        _set_available(held.values_list("pk", flat=True), units, "top-up")
    skus = sorted(held.values_list("variant__sku", flat=True))
    return SharedShowroom(location=showroom, skus=skus)


def device_token(location, *, actor=None) -> str:
    """A new device token for `location` (the raw string a device sends), made by `actor` or
    the first staff account."""
    from inventory.services.tokens import location_token_create
    from marketplace.accounts.models import User

    actor = actor or User.objects.filter(is_staff=True, is_active=True).order_by("pk").first()
    if actor is None:
        raise SystemExit("no staff account to create a device token with")
    _token, raw = location_token_create(actor=actor, location=location, name="Bench device")
    return raw


def _set_available(stock_ids, available: int, reason: str) -> None:
    """Adjusts the (locked) rows so that `available` units of each can be sold."""
    from inventory.lock_objects import lock_stocks
    from inventory.models import StockMovement
    from inventory.services import ledger

    rows = lock_stocks(stock_ids)
    moves = [
        ledger.move(
            stock=stock,
            kind=StockMovement.Kind.ADJUSTMENT,
            reason=f"bench {reason}",
            quantity_delta=stock.quantity_allocated + available - stock.quantity,
        )
        for stock in rows.values()
        if stock.quantity - stock.quantity_allocated != available
    ]
    ledger.save_moves(stocks=rows.values(), movements=moves)
