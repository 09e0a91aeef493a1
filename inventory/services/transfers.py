"""Transfers: a producer sends goods from its warehouse to a showroom holding them on
consignment (or to another of its warehouses); the destination receives them, perhaps short."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import ProductVariant
from inventory.access import actor_fields, require_location_access
from inventory.lock_objects import lock_stocks, lock_transfer
from inventory.models import Location, StockMovement, Transfer, TransferLine
from inventory.selectors import agreement_in_force
from inventory.services import ledger
from marketplace.core.errors import ErrorCode, ServiceError
from vendors.access import ALL_ROLES, require_vendor_role

Kind = StockMovement.Kind
MAX_LINES = 500


@dataclass(frozen=True)
class TransferLineInput:
    variant: ProductVariant
    quantity: int


def _invalid(message, field, code=ErrorCode.INVALID) -> ServiceError:
    return ServiceError.single(code, message, field)


def _check_route(source, destination) -> None:
    if destination.pk == source.pk or not destination.is_active:
        raise _invalid(_("Choose another, active destination."), "destination_id")
    if destination.kind == Location.Kind.WAREHOUSE:
        if destination.vendor_id != source.vendor_id:
            raise _invalid(_("This warehouse belongs to another producer."), "destination_id")
    elif agreement_in_force(vendor_id=source.vendor_id, showroom_id=destination.pk) is None:
        raise _invalid(
            _("This showroom has no consignment agreement with the producer."), "destination_id"
        )


def _check_lines(source, lines) -> list[TransferLineInput]:
    lines = list(lines)
    if not lines or len(lines) > MAX_LINES:
        raise _invalid(_("A transfer has 1 to %(max)d lines.") % {"max": MAX_LINES}, "lines")
    seen = set()
    for i, line in enumerate(lines):
        if line.variant.vendor_id != source.vendor_id or line.variant.pk in seen:
            raise _invalid(_("Each product once, from this producer."), f"lines.{i}.variant_id")
        seen.add(line.variant.pk)
        quantity = line.quantity
        if (
            isinstance(quantity, bool)
            or not isinstance(quantity, int)
            or not 1 <= quantity <= ledger.MAX_QUANTITY
        ):
            raise _invalid(
                _("The quantity is a whole number from 1 to 1,000,000."), f"lines.{i}.quantity"
            )
    return lines


def transfer_create(*, actor, source, destination, lines, note: str = "") -> Transfer:
    if source.kind != Location.Kind.WAREHOUSE:
        raise _invalid(_("Goods are sent from a producer's warehouse."), "source_id")
    require_vendor_role(actor, source.vendor, ALL_ROLES)
    _check_route(source, destination)
    lines = _check_lines(source, lines)
    with transaction.atomic():
        stock_ids = ledger.get_or_create_stocks(
            location=source, variant_ids=[line.variant.pk for line in lines]
        )
        locked = lock_stocks(stock_ids.values())
        transfer = Transfer.objects.create(
            vendor_id=source.vendor_id,
            source=source,
            destination=destination,
            note=(note or "").strip(),
            created_by=actor,
        )
        movements = []
        for i, line in enumerate(lines):
            stock = locked[stock_ids[line.variant.pk]]
            if stock.quantity_available < line.quantity:
                raise _invalid(
                    _("Not enough %(sku)s in the warehouse.") % {"sku": line.variant.sku},
                    f"lines.{i}.quantity",
                    ErrorCode.INSUFFICIENT_STOCK,
                )
            movements.append(
                ledger.move(
                    stock=stock,
                    kind=Kind.TRANSFER_OUT,
                    quantity_delta=-line.quantity,
                    reference=f"transfer:{transfer.pk}",
                    actor=actor,
                )
            )
        ledger.save_moves(stocks=locked.values(), movements=movements)
        TransferLine.objects.bulk_create(
            TransferLine(transfer=transfer, variant=line.variant, quantity_sent=line.quantity)
            for line in lines
        )
        return transfer


def _lock_in_transit(transfer) -> Transfer:
    transfer = lock_transfer(transfer)
    if transfer.status != Transfer.Status.IN_TRANSIT:
        raise _invalid(
            _("This transfer is no longer in transit."), "id", ErrorCode.INVALID_TRANSITION
        )
    return transfer


def _put_into(location, quantities: dict[int, int], *, reference, reason, actor) -> None:
    """TRANSFER_IN movements for variant_id → quantity at `location` (zeros skipped)."""
    quantities = {v: n for v, n in quantities.items() if n}
    if not quantities:
        return
    stock_ids = ledger.get_or_create_stocks(location=location, variant_ids=quantities.keys())
    locked = lock_stocks(stock_ids.values())
    movements = [
        ledger.move(
            stock=locked[stock_ids[variant_id]],
            kind=Kind.TRANSFER_IN,
            quantity_delta=n,
            reason=reason,
            reference=reference,
            actor=actor,
        )
        for variant_id, n in quantities.items()
    ]
    ledger.save_moves(stocks=locked.values(), movements=movements)


def transfer_receive(*, actor, transfer, received: dict[int, int] | None = None) -> Transfer:
    """Receive the goods; `received` maps variant_id → units that arrived (missing: all)."""
    require_location_access(actor, transfer.destination)
    received = dict(received or {})
    with transaction.atomic():
        transfer = _lock_in_transit(transfer)
        lines = list(transfer.lines.all())
        sent = {line.variant_id: line.quantity_sent for line in lines}
        for variant_id, quantity in received.items():
            if variant_id not in sent:
                raise _invalid(_("This product is not in the transfer."), "lines")
            if isinstance(quantity, bool) or not isinstance(quantity, int):
                raise _invalid(_("Received quantities are whole numbers."), "lines")
            if not 0 <= quantity <= sent[variant_id]:
                raise _invalid(_("Between 0 and the quantity sent."), "lines")
        for line in lines:
            line.quantity_received = received.get(line.variant_id, line.quantity_sent)
        _put_into(
            transfer.destination,
            {line.variant_id: line.quantity_received for line in lines},
            reference=f"transfer:{transfer.pk}",
            reason="",
            actor=actor,
        )
        TransferLine.objects.bulk_update(lines, ["quantity_received"])
        fields = actor_fields(actor)
        transfer.status = Transfer.Status.RECEIVED
        transfer.received_at = timezone.now()
        transfer.received_by_user = fields["actor_user"]
        transfer.received_by_token = fields["actor_token"]
        transfer.save(
            update_fields=["status", "received_at", "received_by_user", "received_by_token"]
        )
        return transfer


def transfer_cancel(*, actor, transfer) -> Transfer:
    """Call a transfer off while in transit: the goods go back to the source."""
    require_vendor_role(actor, transfer.vendor, ALL_ROLES)
    with transaction.atomic():
        transfer = _lock_in_transit(transfer)
        _put_into(
            transfer.source,
            {line.variant_id: line.quantity_sent for line in transfer.lines.all()},
            reference=f"transfer:{transfer.pk}",
            reason="cancelled",
            actor=actor,
        )
        transfer.status = Transfer.Status.CANCELLED
        transfer.save(update_fields=["status"])
        return transfer
