"""The producer's earnings: what a delivered part earns, and how a refund reverses it.

Decisions:
- A part earns when it is delivered (handed to the shopper or the showroom hands it over): the
  sale of its goods and of its shipping (the producer ships, so the shipping price is its
  revenue), minus the platform's commission on the goods at the rate snapshotted on the part.
- The platform collects the money of every order here: online payments, and cash on delivery,
  which the carrier (or the showroom's counter) collects for the platform. So for a household
  business it always withholds tax on the goods, Decree 117/2025/NĐ-CP: 1% VAT and 0.5% PIT,
  each rounded half up to whole đồng (shipping is not goods and is not withheld on).
- A refund reverses the goods and shipping it gave back exactly, and the commission and taxes
  in proportion to the goods refunded so far, cumulatively: refunding everything in several
  steps reverses exactly what was earned, without a đồng of rounding drift.
- A sale over a showroom's counter (consignment) is the producer's sale the day it is made,
  minus the showroom's commission at the agreement's rate; but the showroom collected the money
  and settles with the producer itself, so the rest is recorded as collected by the showroom:
  the three entries add up to nothing owed by the platform, which never pays them out. No tax
  is withheld: the platform did not collect the payment (Decree 117 applies to whoever does).
- Vouchers (see `promotions`): a producer's own voucher lowers what its goods sold for, so the
  part earns its goods less that discount, and the commission and the taxes are on that lower
  amount. A platform voucher is the platform's expense: the producer earns, and pays
  commission and tax on, the goods at full price, as if the shopper had paid it.
- A refund of a discounted part gives the shopper back what they paid (see `refunds`), and
  reverses the goods earned in proportion to the goods' value refunded (at their full price):
  a platform discount stays the platform's, a producer's discount the producer's.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from orders.models import EarningsEntry, Refund, VendorOrder
from vendors.models import VendorKind

Kind, Component = EarningsEntry.Kind, EarningsEntry.Component

# Percent of the goods' value, Decree 117/2025/NĐ-CP for household businesses.
WITHHOLDING_RATES = {Component.VAT: Decimal("1.0"), Component.PIT: Decimal("0.5")}
PROPORTIONAL = (Component.GOODS, Component.COMMISSION, Component.VAT, Component.PIT)


def _round_half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _percent_of(amount: int, rate) -> int:
    """`rate` percent of `amount` đồng, half up to whole đồng."""
    return _round_half_up(Decimal(amount) * Decimal(rate) / 100)


def _withholds_tax(vendor_order: VendorOrder) -> bool:
    """Household businesses, when the platform collected the money (always, here)."""
    return vendor_order.vendor.kind == VendorKind.HOUSEHOLD


def _earnings(vendor_order: VendorOrder) -> list[tuple[str, str, int]]:
    """(kind, component, signed amount) a delivered part earns; zero amounts left out."""
    goods = vendor_order.subtotal - vendor_order.producer_discount
    rows = [
        (Kind.SALE, Component.GOODS, goods),
        (Kind.SALE, Component.SHIPPING, vendor_order.shipping_price),
        (Kind.COMMISSION, Component.COMMISSION, -_percent_of(goods, vendor_order.commission_rate)),
    ]
    if _withholds_tax(vendor_order):
        rows += [
            (Kind.WITHHOLDING, tax, -_percent_of(goods, rate))
            for tax, rate in WITHHOLDING_RATES.items()
        ]
    return [row for row in rows if row[2] != 0]


def _entries(vendor_id: int, rows, **link) -> list[EarningsEntry]:
    """Unsaved entries of one producer from (kind, component, amount) rows, each linked to
    what it records (`vendor_order=`, `refund=`, `pos_sale_line=`)."""
    return [
        EarningsEntry(vendor_id=vendor_id, kind=kind, component=component, amount=amount, **link)
        for kind, component, amount in rows
    ]


def record_earnings(*, vendor_order: VendorOrder) -> list[EarningsEntry]:
    """Write what a part earns, once (a unique constraint refuses a second time)."""
    return EarningsEntry.objects.bulk_create(
        _entries(vendor_order.vendor_id, _earnings(vendor_order), vendor_order=vendor_order)
    )


def _showroom_sale_entries(line) -> list[tuple[str, str, int]]:
    """(kind, component, signed amount) of one counter sale line; zero amounts left out."""
    rows = [
        (Kind.SHOWROOM_SALE, Component.GOODS, line.line_total),
        (Kind.SHOWROOM_COMMISSION, Component.COMMISSION, -line.commission_amount),
        (Kind.SHOWROOM_COLLECTED, Component.GOODS, -line.producer_amount),
    ]
    return [row for row in rows if row[2] != 0]


def record_showroom_sale(*, sale) -> list[EarningsEntry]:
    """Write a counter sale's lines into their producers' earnings, once (a unique constraint
    refuses a second time)."""
    return EarningsEntry.objects.bulk_create(
        entry
        for line in sale.lines.all()
        for entry in _entries(line.vendor_id, _showroom_sale_entries(line), pos_sale_line=line)
    )


def _goods_value_refunded(vendor_order: VendorOrder) -> int:
    """The full-price value of the goods refunded so far on this part (what was paid back is
    less when the part was discounted)."""
    refunds = Refund.objects.filter(vendor_order=vendor_order)
    if not vendor_order.discount:
        return refunds.aggregate(total=Sum("goods_amount"))["total"] or 0
    prices = dict(vendor_order.lines.values_list("pk", "unit_price"))
    return sum(
        prices[int(pk)] * quantity for refund in refunds for pk, quantity in refund.lines.items()
    )


def _has_earned(vendor_order: VendorOrder) -> bool:
    return EarningsEntry.objects.filter(vendor_order=vendor_order, kind=Kind.SALE).exists()


def record_refund_reversal(*, vendor_order: VendorOrder, refund: Refund) -> list[EarningsEntry]:
    """Reverse what `refund` gave back from the part's earnings; nothing when the part never
    earned (cancelled before delivery: the producer was never owed anything)."""
    entries = list(
        EarningsEntry.objects.filter(vendor_order=vendor_order).exclude(kind=Kind.PAYOUT)
    )
    earned = {e.component: e.amount for e in entries if e.kind != Kind.REFUND}
    if Component.GOODS not in earned:
        return []
    reversed_so_far: dict[str, int] = {}
    for e in entries:
        if e.kind == Kind.REFUND:
            reversed_so_far[e.component] = reversed_so_far.get(e.component, 0) + e.amount
    goods_refunded = _goods_value_refunded(vendor_order)
    rows = [(Component.SHIPPING, -refund.shipping_amount)]
    for component in PROPORTIONAL:
        if component not in earned:
            continue
        # Cumulative share of what was earned (goods) or kept (a negative amount) that is
        # reversed: without a discount the goods reversed are exactly the goods refunded.
        target = _round_half_up(
            Decimal(-earned[component]) * goods_refunded / vendor_order.subtotal
        )
        rows.append((component, target - reversed_so_far.get(component, 0)))
    reversal = [(Kind.REFUND, component, amount) for component, amount in rows if amount != 0]
    return EarningsEntry.objects.bulk_create(
        _entries(vendor_order.vendor_id, reversal, vendor_order=vendor_order, refund=refund)
    )
