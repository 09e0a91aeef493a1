"""Row locks of the inventory app, in one place (as Saleor's lock_objects). Several rows are
always locked in one query, in primary-key order, so that concurrent callers never deadlock."""

from collections.abc import Iterable

from inventory import bulk
from inventory.models import (
    ConsignmentAgreement,
    LocationToken,
    PosConnection,
    PosItem,
    PosSalePush,
    PosWebhookEvent,
    Stock,
    Transfer,
)


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


def lock_location_token(token) -> LocationToken:
    """The device token, re-read under its row lock, so that concurrent revocations serialise."""
    return LocationToken.objects.select_for_update().get(pk=token.pk)


def lock_active_agreement(vendor, showroom) -> ConsignmentAgreement | None:
    """The producer's active agreement with the showroom (one at most), locked; None if none."""
    return (
        ConsignmentAgreement.objects.select_for_update()
        .filter(vendor=vendor, showroom=showroom, is_active=True)
        .first()
    )


def lock_agreement(agreement) -> ConsignmentAgreement:
    """The agreement, re-read under its row lock, so that concurrent endings serialise."""
    return ConsignmentAgreement.objects.select_for_update().get(pk=agreement.pk)


def lock_pos_webhook_event(event) -> PosWebhookEvent:
    """The webhook event, re-read under its row lock, so that it is applied once."""
    return PosWebhookEvent.objects.select_for_update().get(pk=event.pk)


def lock_transfer(transfer) -> Transfer:
    """The transfer, re-read under its row lock, so that receiving and cancelling serialise."""
    return Transfer.objects.select_for_update().get(pk=transfer.pk)


def lock_pos_sale_push(push_id) -> PosSalePush | None:
    """The sale push with its connection's location and its sale, locked (with the rows it
    joins), so that one worker claims it; None when it is gone."""
    return (
        PosSalePush.objects.select_for_update()
        .select_related("connection__location", "sale")
        .filter(pk=push_id)
        .first()
    )


def lock_pos_connection(connection) -> PosConnection:
    """The POS connection, re-read under its row lock, so that concurrent changes serialise."""
    return PosConnection.objects.select_for_update().get(pk=connection.pk)
