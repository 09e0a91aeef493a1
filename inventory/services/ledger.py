"""The stock ledger: the only code that changes Stock rows. Every change locks the rows (one
query, primary-key order, so concurrent callers never deadlock), writes one StockMovement with
before/after, and saves rows and movements in bulk so the query count does not grow per item."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from inventory import bulk
from inventory.access import actor_fields, require_location_access
from inventory.lock_objects import lock_stocks
from inventory.models import Stock, StockMovement
from inventory.selectors import consigned_vendor_ids
from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.outbox.events import Event, emit

Kind = StockMovement.Kind
MAX_QUANTITY = 1_000_000


def move(
    *,
    stock: Stock,
    kind,
    quantity_delta: int = 0,
    allocated_delta: int = 0,
    reason: str = "",
    reference: str = "",
    actor=None,
) -> StockMovement:
    """Change the (locked) in-memory `stock` and return the unsaved movement that records it.

    Refuses with INSUFFICIENT_STOCK what the database CHECKs would refuse, so callers get an
    expected failure instead of an IntegrityError."""
    quantity_after = stock.quantity + quantity_delta
    allocated_after = stock.quantity_allocated + allocated_delta
    if quantity_after < 0 or allocated_after < 0 or allocated_after > quantity_after:
        raise ServiceError.single(
            ErrorCode.INSUFFICIENT_STOCK,
            _("Not enough stock of %(sku)s.") % {"sku": _sku(stock)},
            "quantity",
        )
    movement = StockMovement(
        stock=stock,
        kind=kind,
        quantity_delta=quantity_delta,
        allocated_delta=allocated_delta,
        quantity_before=stock.quantity,
        quantity_after=quantity_after,
        allocated_before=stock.quantity_allocated,
        allocated_after=allocated_after,
        reason=(reason or "")[:255],
        reference=(reference or "")[:128],
        **actor_fields(actor),
    )
    stock.quantity = quantity_after
    stock.quantity_allocated = allocated_after
    return movement


def save_moves(*, stocks: Iterable[Stock], movements: list[StockMovement]) -> None:
    """Write the changed rows and their movements: a constant number of queries."""
    stocks = {stock.pk: stock for stock in stocks}.values()
    if stocks:
        bulk.update_quantities(list(stocks))
    if movements:
        bulk.insert_movements(movements)
    for stock_id in _fell_low(stocks, movements):
        emit(Event.STOCK_LOW, stock_id=stock_id)


def _fell_low(stocks, movements: list[StockMovement]) -> list[int]:
    """The stocks whose available units were above their threshold before these moves and
    are at or below it now: told once as they cross it, not on every sale after."""
    first = {}
    for movement in movements:
        first.setdefault(movement.stock_id, movement)
    fell = []
    for stock in stocks:
        before = first.get(stock.pk)
        if before is None:
            continue
        was = before.quantity_before - before.allocated_before
        if was > stock.low_stock_threshold >= stock.quantity_available:
            fell.append(stock.pk)
    return fell


def _sku(stock: Stock) -> str:
    variant = stock._state.fields_cache.get("variant")
    return variant.sku if variant is not None else str(stock.variant_id)


def _whole(value, *, minimum: int, maximum: int, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise ServiceError.single(
            ErrorCode.INVALID,
            _("A quantity is a whole number from %(min)d to %(max)d.")
            % {"min": minimum, "max": maximum},
            field,
        )
    return value


def get_or_create_stocks(*, location, variant_ids: Iterable[int]) -> dict[int, int]:
    """variant_id → stock pk at `location`, creating the missing rows (empty, so they need no
    movement) in bulk; racing creators are ignored by the unique constraint."""
    variant_ids = set(variant_ids)
    here = Stock.objects.filter(location=location)
    existing = dict(bulk.filter_in(here, "variant", variant_ids).values_list("variant_id", "pk"))
    missing = sorted(variant_ids - existing.keys())
    if missing:
        # In one order everywhere, so racing creators of the same rows never deadlock.
        Stock.objects.bulk_create(
            [Stock(location=location, variant_id=v) for v in missing], ignore_conflicts=True
        )
        existing.update(bulk.filter_in(here, "variant", missing).values_list("variant_id", "pk"))
    return existing


def stock_adjust(*, actor, location, variant, delta: int, reason: str) -> Stock:
    """Add or remove units by hand (breakage, a recount); refuses going below what is
    allocated to orders or below zero."""
    require_location_access(actor, location)
    _whole(delta, minimum=-MAX_QUANTITY, maximum=MAX_QUANTITY, field="delta")
    if delta == 0:
        raise ServiceError.single(ErrorCode.INVALID, _("An adjustment changes something."), "delta")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError.single(ErrorCode.REQUIRED, _("Say why the stock changes."), "reason")
    if variant.vendor_id not in consigned_vendor_ids(location=location):
        raise ServiceError.single(
            ErrorCode.INVALID, _("This product is not held at this location."), "variant"
        )
    with transaction.atomic():
        stock_id = get_or_create_stocks(location=location, variant_ids=[variant.pk])[variant.pk]
        stock = lock_stocks([stock_id])[stock_id]
        stock.variant = variant
        movement = move(
            stock=stock, kind=Kind.ADJUSTMENT, quantity_delta=delta, reason=reason, actor=actor
        )
        save_moves(stocks=[stock], movements=[movement])
        return stock


def stock_open(*, stocks_with_quantities, actor=None) -> list[Stock]:
    """Opening balances for freshly created rows (seeding, imports of a new location)."""
    pairs = list(stocks_with_quantities)
    with transaction.atomic():
        locked = lock_stocks(stock.pk for stock, _quantity in pairs)
        movements = [
            move(stock=locked[stock.pk], kind=Kind.OPENING, quantity_delta=quantity, actor=actor)
            for stock, quantity in pairs
            if quantity
        ]
        save_moves(stocks=locked.values(), movements=movements)
        return list(locked.values())


def _apply_lines(lines, *, kind, reference, actor, sign_quantity, sign_allocated) -> list[Stock]:
    lines = list(lines)
    with transaction.atomic():
        locked = lock_stocks(stock.pk for stock, _n in lines)
        movements = []
        for stock, n in lines:
            _whole(n, minimum=1, maximum=MAX_QUANTITY, field="quantity")
            row = locked[stock.pk]
            if "variant" in stock._state.fields_cache:
                row.variant = stock.variant
            movements.append(
                move(
                    stock=row,
                    kind=kind,
                    quantity_delta=sign_quantity * n,
                    allocated_delta=sign_allocated * n,
                    reference=reference,
                    actor=actor,
                )
            )
        save_moves(stocks=locked.values(), movements=movements)
        return list(locked.values())


def stock_allocate(*, lines: list[tuple[Stock, int]], reference: str, actor=None) -> list[Stock]:
    """Set units aside for an order; INSUFFICIENT_STOCK if not enough are available."""
    return _apply_lines(
        lines,
        kind=Kind.ALLOCATION,
        reference=reference,
        actor=actor,
        sign_quantity=0,
        sign_allocated=1,
    )


def stock_release(*, lines: list[tuple[Stock, int]], reference: str, actor=None) -> list[Stock]:
    """Give back units set aside for an order that will not take them."""
    return _apply_lines(
        lines,
        kind=Kind.RELEASE,
        reference=reference,
        actor=actor,
        sign_quantity=0,
        sign_allocated=-1,
    )


def stock_fulfil(*, lines: list[tuple[Stock, int]], reference: str, actor=None) -> list[Stock]:
    """Units set aside for an order leave the building."""
    return _apply_lines(
        lines,
        kind=Kind.FULFILMENT,
        reference=reference,
        actor=actor,
        sign_quantity=-1,
        sign_allocated=-1,
    )
