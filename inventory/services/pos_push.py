"""Counter sales pushed back to the POS as stock decrements, for connections with the switch on.

Exactly once per sale and connection: the PosSalePush row is unique, and a send claims it
(SENDING, committed) before calling the POS. A push that may have reached the POS without our
knowing (a timeout, an answer we could not read, a worker that stopped mid-call) becomes
UNCERTAIN and is never resent by itself: a person checks the POS. One that certainly did not
(the POS was unavailable or rate-limited) is retried by the scheduled sync."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from inventory.background import enqueue_after_commit
from inventory.connectors import PushLine, connector_for
from inventory.lock_objects import lock_pos_sale_push
from inventory.messages import failure_message
from inventory.models import PosConnection, PosItem, PosSalePush, PosSkuMapping
from marketplace.core.http import ExternalServiceError, Failure

PUSH_TASK = "inventory.tasks.push_pos_sale"
MAX_ATTEMPTS = 5
RETRYABLE = {Failure.UNAVAILABLE, Failure.RATE_LIMITED}
STUCK_AFTER = datetime.timedelta(minutes=15)


def queue_sale_pushes(*, sale) -> list[PosSalePush]:
    """Inside the transaction that records `sale`: one push per connection that wants them."""
    connections = PosConnection.objects.filter(location_id=sale.location_id, push_sales=True)
    pushes = [
        PosSalePush.objects.create(sale=sale, connection=connection)
        for connection in connections
        if connection.is_enabled
    ]
    for push in pushes:
        enqueue_after_commit(PUSH_TASK, push.pk)
    return pushes


def _item_for(connection, variant) -> PosItem | None:
    items = PosItem.objects.filter(connection=connection)
    if connection.mapping == PosConnection.Mapping.BARCODE:
        return items.filter(barcode=variant.gtin).first() if variant.gtin else None
    if connection.mapping == PosConnection.Mapping.TABLE:
        codes = list(
            PosSkuMapping.objects.filter(connection=connection, variant=variant).values_list(
                "external_code", flat=True
            )
        )
        return items.filter(Q(code__in=codes) | Q(external_id__in=codes)).first()
    return items.filter(code=variant.sku).first()


def _claim(push_id) -> PosSalePush | None:
    with transaction.atomic():
        push = lock_pos_sale_push(push_id)
        claimable = (PosSalePush.Status.PENDING, PosSalePush.Status.FAILED)
        if push is None or push.status not in claimable:
            return None
        if push.attempts >= MAX_ATTEMPTS or not push.connection.is_enabled:
            return None
        push.status, push.attempts = PosSalePush.Status.SENDING, push.attempts + 1
        push.save(update_fields=["status", "attempts"])
        return push


def _done(push, status, error="") -> PosSalePush:
    push.status, push.last_error = status, error[:500]
    if status == PosSalePush.Status.PUSHED:
        push.pushed_at = timezone.now()
    push.save(update_fields=["status", "last_error", "pushed_at"])
    return push


def pos_sale_push_send(*, push_id: int) -> PosSalePush | None:
    push = _claim(push_id)
    if push is None:
        return None
    connection = push.connection
    lines = []
    for line in push.sale.lines.select_related("variant"):
        item = _item_for(connection, line.variant)
        if item is None:
            push.attempts = MAX_ATTEMPTS  # nothing to retry until the POS knows the item
            push.save(update_fields=["attempts"])
            return _done(push, PosSalePush.Status.FAILED, f"{line.sku}: not in the POS")
        lines.append(PushLine(item.external_id, item.product_id, item.inventory_item_id,
                              line.quantity))  # fmt: skip
    connector = connector_for(connection)
    try:
        connector.push_sale(lines, reference=push.sale.client_sale_id)
    except ExternalServiceError as error:
        # One call for the whole sale either happened or not; several may have half happened.
        whole = connector.push_is_atomic or len(lines) <= 1
        if error.kind in RETRYABLE and whole:
            return _done(push, PosSalePush.Status.FAILED, failure_message(error))
        if error.kind == Failure.REJECTED and whole:
            push.attempts = MAX_ATTEMPTS
            push.save(update_fields=["attempts"])
            return _done(push, PosSalePush.Status.FAILED, failure_message(error))
        # It may have been applied (or partly, for a sale of several lines): never resend.
        return _done(push, PosSalePush.Status.UNCERTAIN, failure_message(error))
    return _done(push, PosSalePush.Status.PUSHED)


def retry_failed_pushes() -> int:
    """Queue again the pushes that failed without reaching the POS (for the scheduled sync);
    one left SENDING by a worker that stopped mid-call may have reached it: UNCERTAIN."""
    PosSalePush.objects.filter(
        status=PosSalePush.Status.SENDING, created_at__lt=timezone.now() - STUCK_AFTER
    ).update(status=PosSalePush.Status.UNCERTAIN, last_error="interrupted while sending")
    ids = list(
        PosSalePush.objects.filter(
            status=PosSalePush.Status.FAILED, attempts__lt=MAX_ATTEMPTS
        ).values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        enqueue_after_commit(PUSH_TASK, pk)
    return len(ids)
