"""Counts from a showroom's POS applied to our stock: each level a connector reads is mapped to
one of our SKUs (by SKU code, by barcode, or through the mapping table) and the mapped ones go
through `stock_sync(mode=SET)`, the same service as the devices' `stockSync` and the
spreadsheet import, under one idempotency key per webhook event or pull.

Rows report the spreadsheet import's statuses: an unknown or unconsigned SKU, a count that is
not a whole number of 0 or more, or one older than the count already applied (STALE) never
touches stock. The POS items are locked (primary-key order) before stock_sync locks the stock
rows, so a webhook and a pull of the same item apply one after the other, newest last."""

import dataclasses
import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import ProductVariant
from inventory.connectors import Level
from inventory.lock_objects import lock_pos_items
from inventory.messages import status_message
from inventory.models import PosConnection, PosItem, PosSkuMapping
from inventory.selectors import consigned_vendor_ids
from inventory.services.sync import SyncItem, SyncMode, SyncStatus, stock_sync

MAX_REPORT_ROWS = 500
CHUNK = 5_000  # levels per stock_sync call (it takes 20,000)


@dataclasses.dataclass
class SyncReport:
    applied: int = 0
    rejected: int = 0
    rows: list[dict] = dataclasses.field(default_factory=list)  # the rows not applied

    def add(self, row: dict) -> None:
        if row["status"] == SyncStatus.APPLIED:
            self.applied += 1
            return
        self.rejected += 1
        if len(self.rows) < MAX_REPORT_ROWS:
            self.rows.append(row)

    def merge(self, other: "SyncReport") -> None:
        self.applied += other.applied
        self.rejected += other.rejected
        self.rows = (self.rows + other.rows)[:MAX_REPORT_ROWS]

    def as_json(self, source: str) -> dict:
        return {
            "source": source,
            "at": timezone.now().isoformat(),
            "applied": self.applied,
            "rejected": self.rejected,
            "rows": self.rows,
        }


def sync_key(*, connection, name: str) -> str:
    """The stock_sync idempotency key for an event or pull of this connection (≤ 120)."""
    if len(name) > 90:
        name = hashlib.sha256(name.encode()).hexdigest()[:48]
    return f"pos:{connection.provider}:{connection.pk}:{name}"


def _row(level: Level, sku: str, status: SyncStatus, message: str | None = None, stored=None):
    return {
        "code": level.code or level.barcode or level.external_id,
        "sku": sku,
        "quantity": level.quantity,
        "status": status.value,
        "message": message or status_message(status),
        "stored": stored,
    }


def _skus(connection, levels: list[Level]) -> dict[str, str]:
    """external_id → our SKU, for the levels that map to one."""
    if connection.mapping == PosConnection.Mapping.SKU:
        return {level.external_id: level.code for level in levels if level.code}
    if connection.mapping == PosConnection.Mapping.BARCODE:
        barcodes = {level.barcode for level in levels if level.barcode}
        found: dict[str, set[str]] = {}
        for gtin, sku in ProductVariant.objects.filter(
            gtin__in=barcodes, vendor_id__in=consigned_vendor_ids(location=connection.location)
        ).values_list("gtin", "sku"):
            found.setdefault(gtin, set()).add(sku)
        # A barcode two producers' variants share maps to neither.
        return {
            level.external_id: next(iter(found[level.barcode]))
            for level in levels
            if len(found.get(level.barcode, ())) == 1
        }
    codes = {level.code for level in levels} | {level.external_id for level in levels}
    table = dict(
        PosSkuMapping.objects.filter(connection=connection, external_code__in=codes).values_list(
            "external_code", "variant__sku"
        )
    )
    return {
        level.external_id: table.get(level.code) or table[level.external_id]
        for level in levels
        if level.code in table or level.external_id in table
    }


def _lock_items(connection, levels: list[Level]) -> dict[str, PosItem]:
    """The connection's PosItem rows for these levels, created when new, locked in pk order,
    their codes and ids refreshed from what the POS said."""
    ids = sorted({level.external_id for level in levels})
    # Inserted in one order everywhere: two events naming the same new items in another order
    # would otherwise wait for each other's inserts (a deadlock).
    PosItem.objects.bulk_create(
        [PosItem(connection=connection, external_id=external_id) for external_id in ids],
        ignore_conflicts=True,
    )
    items = lock_pos_items(connection, ids)
    changed = []
    for level in levels:
        item = items[level.external_id]
        fresh = {
            "code": level.code or item.code,
            "barcode": level.barcode or item.barcode,
            "product_id": level.product_id or item.product_id,
            "inventory_item_id": level.inventory_item_id or item.inventory_item_id,
        }
        if any(getattr(item, k) != v for k, v in fresh.items()):
            for k, v in fresh.items():
                setattr(item, k, v)
            changed.append(item)
    if changed:
        PosItem.objects.bulk_update(changed, ["code", "barcode", "product_id", "inventory_item_id"])
    return items


def _completed(level: Level, item: PosItem) -> Level:
    """The level with the codes the POS gave for its item before (events often carry only the
    POS's ids; a pull names the codes)."""
    if level.code or level.barcode:
        return level
    return dataclasses.replace(
        level, code=item.code, barcode=item.barcode, product_id=level.product_id or item.product_id
    )


def apply_levels(*, connection, levels: list[Level], key: str, reason: str) -> SyncReport:
    """Apply one batch of levels (one webhook event, or one chunk of a pull), once per key."""
    report = SyncReport()
    levels = _last_per_item(levels)
    if not levels:
        return report
    # Joins the caller's transaction (a webhook event's) rather than a savepoint of its own:
    # nothing here is caught and retried, so a failure rolls the whole event back anyway.
    with transaction.atomic(savepoint=False):
        items = _lock_items(connection, levels)
        levels = [_completed(level, items[level.external_id]) for level in levels]
        skus = _skus(connection, levels)
        now = timezone.now()
        to_sync, synced_levels = [], []
        for level in levels:
            sku = skus.get(level.external_id, "")
            item = items[level.external_id]
            counted = level.counted_at or now
            if not sku:
                report.add(_row(level, "", SyncStatus.UNKNOWN_SKU))
            elif level.quantity is None or level.quantity < 0:
                report.add(_row(level, sku, SyncStatus.INVALID, _bad_count_message()))
            elif item.last_counted_at is not None and counted < item.last_counted_at:
                report.add(_row(level, sku, SyncStatus.STALE, _stale_message()))
            else:
                to_sync.append(SyncItem(sku=sku, quantity=level.quantity))
                synced_levels.append((level, sku, counted))
        if to_sync:
            outcome = stock_sync(
                actor=connection,
                location=connection.location,
                mode=SyncMode.SET,
                idempotency_key=key,
                items=to_sync,
                reason=reason[:255],
            )
            applied = []
            for (level, sku, counted), result in zip(synced_levels, outcome.results, strict=True):
                report.add(_row(level, sku, result.status, stored=result.quantity))
                if result.status == SyncStatus.APPLIED:
                    item = items[level.external_id]
                    item.last_counted_at = counted
                    applied.append(item)
            PosItem.objects.bulk_update(applied, ["last_counted_at"])
    return report


def _last_per_item(levels: list[Level]) -> list[Level]:
    """One level per POS item: the newest when an event or a pull names an item twice."""
    newest: dict[str, Level] = {}
    for level in levels:
        current = newest.get(level.external_id)
        if current is None or (level.counted_at or timezone.now()) >= (
            current.counted_at or timezone.now()
        ):
            newest[level.external_id] = level
    return list(newest.values())


def _bad_count_message() -> str:
    return _("The POS reports a count that is not a whole number of 0 or more.")


def _stale_message() -> str:
    return _("A newer count from the POS was already applied.")
