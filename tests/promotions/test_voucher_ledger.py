"""Who pays for a voucher: the ledger entries of discounted parts, and refunds of them."""

import pytest

from orders.models import EarningsEntry
from orders.services.checkout_vouchers import checkout_voucher_apply
from orders.services.complete import checkout_complete
from orders.services.refunds import order_refund
from tests.factories import StaffFactory
from tests.orders.fulfilment_support import advance, part, variant
from tests.orders.helpers import ready_checkout
from tests.promotions.helpers import voucher

pytestmark = pytest.mark.django_db


def entries(vendor_order, kind=None):
    rows = EarningsEntry.objects.filter(vendor_order=vendor_order).order_by("pk")
    if kind:
        rows = rows.filter(kind=kind)
    return [(e.kind, e.component, e.amount) for e in rows]


def delivered_with(code, lines):
    checkout = ready_checkout(lines)
    checkout = checkout_voucher_apply(actor=None, checkout=checkout, code=code)
    order = checkout_complete(actor=None, checkout=checkout, payment_method="COD").order
    return [advance(part(order, v), "delivered") for v, _q in lines]


def test_a_platform_voucher_leaves_the_producers_earnings_whole():
    tea = variant(300_000, kind="household", rate="10.00")
    voucher("OCOP10", max_discount=50_000)
    (vendor_order,) = delivered_with("OCOP10", [(tea, 1)])
    assert (vendor_order.platform_discount, vendor_order.total) == (30_000, 300_000)
    assert entries(vendor_order) == [
        ("sale", "goods", 300_000),  # as if the shopper paid the full price
        ("sale", "shipping", 30_000),
        ("commission", "commission", -30_000),  # 10% of the full price
        ("withholding", "vat", -3_000),
        ("withholding", "pit", -1_500),
    ]


def test_a_producers_voucher_comes_out_of_its_goods_commission_and_tax():
    tea = variant(300_000, kind="household", rate="10.00")
    voucher("HTX50K", vendor=tea.vendor, kind="fixed", value=50_000)
    (vendor_order,) = delivered_with("HTX50K", [(tea, 1)])
    assert (vendor_order.producer_discount, vendor_order.total) == (50_000, 280_000)
    assert entries(vendor_order) == [
        ("sale", "goods", 250_000),
        ("sale", "shipping", 30_000),
        ("commission", "commission", -25_000),
        ("withholding", "vat", -2_500),
        ("withholding", "pit", -1_250),
    ]


def test_refunding_a_platform_discounted_part_gives_back_what_was_paid():
    tea = variant(100_000, rate="10.00")
    voucher("GIAM", kind="fixed", value=30_001)
    (vendor_order,) = delivered_with("GIAM", [(tea, 3)])  # paid 269.999 for goods 300.000
    line, staff = vendor_order.lines.get(), StaffFactory()
    first = order_refund(actor=staff, vendor_order=vendor_order, lines={line.pk: 1}, reason="x")
    assert first.goods_amount == 90_000  # a third of 269.999, half up
    rest = order_refund(actor=staff, vendor_order=vendor_order, lines=None, reason="Trả hết")
    assert (rest.goods_amount, rest.shipping_amount) == (179_999, 30_000)
    assert first.amount + rest.amount == vendor_order.total  # never more than was paid
    # The producer was credited the full price; the reversal takes back exactly that.
    assert sum(a for *_k, a in entries(vendor_order)) == 0
    assert sum(a for k, c, a in entries(vendor_order, "refund") if c == "goods") == -300_000


def test_refunding_a_producer_discounted_part_reverses_its_reduced_earnings():
    tea = variant(100_000, rate="10.00")
    voucher("HTX10", vendor=tea.vendor, value=10)
    (vendor_order,) = delivered_with("HTX10", [(tea, 2)])
    refund = order_refund(
        actor=StaffFactory(), vendor_order=vendor_order, lines=None, reason="Trả hết"
    )
    assert refund.amount == vendor_order.total == 210_000
    assert sum(a for *_k, a in entries(vendor_order)) == 0
