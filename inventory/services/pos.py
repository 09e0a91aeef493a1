"""Over-the-counter sales at a showroom: recorded exactly once per device sale id, taking the
stock and splitting each line between the producer and the showroom's commission."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from catalog.models import ProductVariant
from inventory.access import actor_fields, require_location_access
from inventory.lock_objects import lock_stocks
from inventory.models import PosSale, PosSaleLine, Stock, StockMovement
from inventory.selectors import agreements_in_force
from inventory.services import ledger
from inventory.services.pos_push import queue_sale_pushes
from marketplace.core.errors import ErrorCode, ServiceError

MAX_LINES = 500
MAX_UNIT_PRICE = 1_000_000_000


@dataclass(frozen=True)
class PosLine:
    sku: str
    quantity: int
    unit_price: int


@dataclass
class PosSaleOutcome:
    sale: PosSale
    replayed: bool


def _commission_of(line_total: int, rate: Decimal) -> int:
    """The showroom's share in whole đồng, half-up (Vietnamese accounting rounds 0.5 up)."""
    return int((Decimal(line_total) * rate / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _invalid(message, field, code=ErrorCode.INVALID) -> ServiceError:
    return ServiceError.single(code, message, field)


def _whole(value, minimum, maximum) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and minimum <= value <= maximum


def _clean(location, client_sale_id, lines, paid_with):
    if not location.is_showroom:
        raise _invalid(_("Sales are recorded at showrooms."), "location_id")
    client_sale_id = (client_sale_id or "").strip()
    if not client_sale_id or len(client_sale_id) > 128:
        raise _invalid(_("A sale id is 1 to 128 characters."), "client_sale_id")
    try:
        paid_with = PosSale.PaidWith(str(paid_with).lower())
    except ValueError:
        raise _invalid(_("Unknown means of payment."), "paid_with") from None
    lines = list(lines)
    if not lines or len(lines) > MAX_LINES:
        raise _invalid(_("A sale has 1 to %(max)d lines.") % {"max": MAX_LINES}, "lines")
    cleaned = []
    for i, line in enumerate(lines):
        sku = line.sku.strip() if isinstance(line.sku, str) else ""
        if not sku:
            raise _invalid(_("Give the SKU."), f"lines.{i}.sku", ErrorCode.REQUIRED)
        if not _whole(line.quantity, 1, ledger.MAX_QUANTITY):
            raise _invalid(_("The quantity is a whole number above 0."), f"lines.{i}.quantity")
        if not _whole(line.unit_price, 0, MAX_UNIT_PRICE):
            raise _invalid(_("The price is a whole number of đồng."), f"lines.{i}.unit_price")
        cleaned.append(PosLine(sku, line.quantity, line.unit_price))
    return client_sale_id, cleaned, paid_with


def pos_sale_record(
    *,
    actor,
    location,
    client_sale_id: str,
    lines: list[PosLine],
    paid_with: str,
    cash_tendered: int | None = None,
) -> PosSaleOutcome:
    """Record a sale once per `client_sale_id`; `cash_tendered` (cash sales) is kept for the
    receipt's change due. Connections that push sales back get the sale after commit."""
    require_location_access(actor, location)
    client_sale_id, lines, paid_with = _clean(location, client_sale_id, lines, paid_with)
    total = sum(line.quantity * line.unit_price for line in lines)
    cash_tendered = _tendered(cash_tendered, paid_with, total)
    with transaction.atomic():
        try:
            with transaction.atomic():
                sale = PosSale.objects.create(
                    location=location,
                    client_sale_id=client_sale_id,
                    paid_with=paid_with,
                    total=total,
                    cash_tendered=cash_tendered,
                    recorded_by_user=actor_fields(actor)["actor_user"],
                    recorded_by_token=actor_fields(actor)["actor_token"],
                )
        except IntegrityError:  # recorded already (perhaps by a racing retry): replay
            return PosSaleOutcome(
                sale=_replay(location, client_sale_id, lines, paid_with), replayed=True
            )
        _take_stock(actor, location, sale, lines)
        queue_sale_pushes(sale=sale)
    return PosSaleOutcome(sale=sale, replayed=False)


def _tendered(value, paid_with, total) -> int | None:
    if value is None or paid_with != PosSale.PaidWith.CASH:
        return None
    if not _whole(value, 0, MAX_UNIT_PRICE * MAX_LINES):
        raise _invalid(_("The cash handed over is a whole number of đồng."), "cash_tendered")
    if value < total:
        raise _invalid(_("The cash handed over is less than the total."), "cash_tendered")
    return value


def _replay(location, client_sale_id, lines, paid_with) -> PosSale:
    sale = PosSale.objects.prefetch_related("lines").get(
        location=location, client_sale_id=client_sale_id
    )
    stored = [(line.sku, line.quantity, line.unit_price) for line in sale.lines.all()]
    if sale.paid_with != paid_with or stored != [
        (line.sku, line.quantity, line.unit_price) for line in lines
    ]:
        raise _invalid(_("This sale id was already used for a different sale."), "client_sale_id")
    return sale


def _take_stock(actor, location, sale, lines) -> None:
    agreements = agreements_in_force(location=location)
    variants: dict[str, list[ProductVariant]] = {}
    for variant in ProductVariant.objects.filter(
        sku__in={line.sku for line in lines}, vendor_id__in=agreements.keys()
    ):
        variants.setdefault(variant.sku, []).append(variant)
    for i, line in enumerate(lines):
        found = variants.get(line.sku, [])
        if not found:
            raise _invalid(
                _("%(sku)s is not held on consignment here.") % {"sku": line.sku},
                f"lines.{i}.sku",
                ErrorCode.NOT_FOUND,
            )
        if len(found) > 1:  # SKUs are unique per producer only
            raise _invalid(
                _("%(sku)s is used by two producers here.") % {"sku": line.sku}, f"lines.{i}.sku"
            )
    stock_ids = dict(
        Stock.objects.filter(
            location=location, variant_id__in=[v[0].pk for v in variants.values()]
        ).values_list("variant_id", "pk")
    )
    locked = lock_stocks(stock_ids.values())
    movements, sale_lines = [], []
    for i, line in enumerate(lines):
        variant = variants[line.sku][0]
        stock = locked.get(stock_ids.get(variant.pk))
        if stock is None or stock.quantity_available < line.quantity:
            raise _invalid(
                _("Not enough %(sku)s in stock.") % {"sku": line.sku},
                f"lines.{i}.quantity",
                ErrorCode.INSUFFICIENT_STOCK,
            )
        movements.append(
            ledger.move(
                stock=stock,
                kind=StockMovement.Kind.POS_SALE,
                quantity_delta=-line.quantity,
                reference=f"pos:{sale.pk}",
                actor=actor,
            )
        )
        agreement = agreements[variant.vendor_id]
        line_total = line.quantity * line.unit_price
        sale_lines.append(
            PosSaleLine(
                sale=sale,
                variant=variant,
                vendor_id=variant.vendor_id,
                agreement=agreement,
                sku=line.sku,
                quantity=line.quantity,
                unit_price=line.unit_price,
                line_total=line_total,
                commission_rate=agreement.commission_rate,
                commission_amount=_commission_of(line_total, agreement.commission_rate),
            )
        )
    ledger.save_moves(stocks=locked.values(), movements=movements)
    PosSaleLine.objects.bulk_create(sale_lines)
