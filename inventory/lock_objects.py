"""Row locks of the inventory app, in one place (as Saleor's lock_objects). Several rows are
always locked in one query, in primary-key order, so that concurrent callers never deadlock."""

from collections.abc import Iterable

from inventory import bulk
from inventory.models import PosItem, Stock


def lock_stocks(stock_ids: Iterable[int]) -> dict[int, Stock]:
    """The Stock rows of these ids (in any order, repeated or not), locked: pk → row."""
    ids = sorted(set(stock_ids))
    if not ids:
        return {}
    rows = bulk.filter_in(Stock.objects.select_for_update(), "id", ids).order_by("pk")
    return {stock.pk: stock for stock in rows}


def lock_pos_items(connection, external_ids: Iterable[str]) -> dict[str, PosItem]:
    """The connection's PosItem rows of these external ids, locked: external id → row."""
    return {
        item.external_id: item
        for item in PosItem.objects.select_for_update()
        .filter(connection=connection, external_id__in=list(external_ids))
        .order_by("pk")
    }
