"""Stock sync from a showroom device or a spreadsheet: many SKUs in one transaction, exactly
once per idempotency key, compare-and-set, never below what is allocated.

The StockSyncRequest row is inserted first: a racing delivery of the same key blocks on its
unique index until the first commits, then replays the stored results."""

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from catalog.models import ProductVariant
from inventory import bulk
from inventory.access import actor_fields, require_location_access
from inventory.lock_objects import lock_stocks
from inventory.models import StockMovement, StockSyncRequest
from inventory.selectors import consigned_vendor_ids
from inventory.services import ledger
from marketplace.core.errors import ErrorCode, ServiceError


class SyncMode(StrEnum):
    SET = "SET"
    ADJUST = "ADJUST"


class SyncStatus(StrEnum):
    APPLIED = "APPLIED"
    STALE = "STALE"
    UNKNOWN_SKU = "UNKNOWN_SKU"
    NOT_CONSIGNED = "NOT_CONSIGNED"
    WOULD_GO_NEGATIVE = "WOULD_GO_NEGATIVE"
    INVALID = "INVALID"


@dataclass(frozen=True)
class SyncItem:
    sku: str
    quantity: int | None
    expected_quantity: int | None = None


@dataclass(frozen=True)
class SyncResult:
    sku: str
    status: SyncStatus
    quantity: int | None  # the stored quantity after the call; None when unknown


@dataclass
class SyncOutcome:
    results: list[SyncResult]
    replayed: bool


MAX_SYNC_ITEMS = 20_000
MAX_KEY_LENGTH = 120  # "sync:<key>" must fit a movement's reference (128)
MAX_QUANTITY = ledger.MAX_QUANTITY


def stock_sync(
    *, actor, location, mode, idempotency_key: str, items: list[SyncItem], reason: str = ""
) -> SyncOutcome:
    require_location_access(actor, location)
    try:
        mode = SyncMode(str(mode).upper())
    except ValueError:
        raise ServiceError.single(ErrorCode.INVALID, _("Mode is SET or ADJUST."), "mode") from None
    key = (idempotency_key or "").strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise ServiceError.single(
            ErrorCode.INVALID,
            _("An idempotency key is 1 to %(max)d characters.") % {"max": MAX_KEY_LENGTH},
            "idempotency_key",
        )
    items = list(items)
    if len(items) > MAX_SYNC_ITEMS:
        raise ServiceError.single(
            ErrorCode.INVALID,
            _("At most %(max)d items in one sync.") % {"max": MAX_SYNC_ITEMS},
            "items",
        )
    fingerprint = _fingerprint(mode, items)
    with transaction.atomic():
        try:
            with transaction.atomic():
                request = StockSyncRequest.objects.create(
                    location=location,
                    idempotency_key=key,
                    fingerprint=fingerprint,
                    mode=mode,
                    **actor_fields(actor),
                )
        except IntegrityError:
            return _replay(location, key, fingerprint)
        results = _apply(actor, location, mode, key, items, (reason or "").strip())
        request.results = [[r.sku, r.status.value, r.quantity] for r in results]
        request.save(update_fields=["results"])
    return SyncOutcome(results=results, replayed=False)


def _fingerprint(mode, items) -> str:
    body = [mode.value, [[i.sku, i.quantity, i.expected_quantity] for i in items]]
    return hashlib.sha256(json.dumps(body, default=str).encode()).hexdigest()


def _replay(location, key, fingerprint) -> SyncOutcome:
    stored = StockSyncRequest.objects.get(location=location, idempotency_key=key)
    if stored.fingerprint != fingerprint:
        raise ServiceError.single(
            ErrorCode.INVALID,
            _("This idempotency key was already used for a different sync."),
            "idempotency_key",
        )
    results = [SyncResult(sku, SyncStatus(status), qty) for sku, status, qty in stored.results]
    return SyncOutcome(results=results, replayed=True)


def _is_count(value, *, minimum) -> bool:
    return (
        not isinstance(value, bool) and isinstance(value, int) and minimum <= value <= MAX_QUANTITY
    )


def _well_formed(item: SyncItem, mode: SyncMode) -> bool:
    minimum = 0 if mode == SyncMode.SET else -MAX_QUANTITY
    if not isinstance(item.sku, str) or not item.sku.strip():
        return False
    if item.expected_quantity is not None and not _is_count(item.expected_quantity, minimum=0):
        return False
    return _is_count(item.quantity, minimum=minimum)


def _resolve(location, skus: set[str]) -> tuple[dict[str, int], set[str], set[str]]:
    """(sku → variant_id held here, SKUs only other producers have, ambiguous SKUs)."""
    vendor_ids = consigned_vendor_ids(location=location)
    here: dict[str, list[int]] = {}
    elsewhere: set[str] = set()
    rows = bulk.filter_in(ProductVariant.objects, "sku", skus).values_list("pk", "sku", "vendor_id")
    for pk, sku, vendor_id in rows:
        if vendor_id in vendor_ids:
            here.setdefault(sku, []).append(pk)
        else:
            elsewhere.add(sku)
    # SKUs are unique per producer only: two consigned producers may share one.
    ambiguous = {sku for sku, pks in here.items() if len(pks) > 1}
    resolved = {sku: pks[0] for sku, pks in here.items() if len(pks) == 1}
    return resolved, elsewhere - here.keys(), ambiguous


def _apply(actor, location, mode, key, items, reason) -> list[SyncResult]:
    skus = [item.sku.strip() if isinstance(item.sku, str) else "" for item in items]
    counts: dict[str, int] = {}
    for sku in skus:
        counts[sku] = counts.get(sku, 0) + 1
    good = [
        i
        for i, item in enumerate(items)
        if skus[i] and counts[skus[i]] == 1 and _well_formed(item, mode)
    ]
    variant_of, elsewhere, ambiguous = _resolve(location, {skus[i] for i in good})
    stock_ids = (
        ledger.get_or_create_stocks(location=location, variant_ids=variant_of.values())
        if variant_of
        else {}
    )
    locked = lock_stocks(stock_ids.values())

    kind = StockMovement.Kind.SYNC_SET if mode == SyncMode.SET else StockMovement.Kind.ADJUSTMENT
    reference = f"sync:{key}"
    results: list[SyncResult] = []
    changed, movements = [], []
    good = set(good)
    for i, item in enumerate(items):
        sku = skus[i] or str(item.sku or "")
        if i not in good or sku in ambiguous:
            results.append(SyncResult(sku, SyncStatus.INVALID, None))
            continue
        if sku not in variant_of:
            status = SyncStatus.NOT_CONSIGNED if sku in elsewhere else SyncStatus.UNKNOWN_SKU
            results.append(SyncResult(sku, status, None))
            continue
        stock = locked[stock_ids[variant_of[sku]]]
        if item.expected_quantity is not None and item.expected_quantity != stock.quantity:
            results.append(SyncResult(sku, SyncStatus.STALE, stock.quantity))
            continue
        delta = item.quantity - stock.quantity if mode == SyncMode.SET else item.quantity
        after = stock.quantity + delta
        if after < 0 or after < stock.quantity_allocated:
            results.append(SyncResult(sku, SyncStatus.WOULD_GO_NEGATIVE, stock.quantity))
            continue
        if delta:
            movements.append(
                ledger.move(
                    stock=stock,
                    kind=kind,
                    quantity_delta=delta,
                    reason=reason,
                    reference=reference,
                    actor=actor,
                )
            )
            changed.append(stock)
        results.append(SyncResult(sku, SyncStatus.APPLIED, stock.quantity))
    ledger.save_moves(stocks=changed, movements=movements)
    return results
