"""What a delivered part earns and how refunds reverse it, to the đồng."""

import pytest
from django.db import IntegrityError, transaction

from marketplace.core.errors import ErrorCode, ServiceError
from orders.models import EarningsEntry, Order, Refund
from orders.payments.base import GatewayError, RefundResult
from orders.services import earnings
from orders.services.refunds import order_refund
from tests.factories import StaffFactory
from tests.orders.fulfilment_support import advance, consigned, member, part, pay, place, variant

pytestmark = pytest.mark.django_db


def entries(vendor_order, kind=None) -> list[tuple[str, str, int]]:
    rows = EarningsEntry.objects.filter(vendor_order=vendor_order).order_by("pk")
    if kind:
        rows = rows.filter(kind=kind)
    return [(e.kind, e.component, e.amount) for e in rows]


def net(vendor_order) -> int:
    return sum(amount for _kind, _component, amount in entries(vendor_order))


def delivered(price, quantity=1, **variant_fields):
    tea = variant(price, **variant_fields)
    order = place([(tea, quantity)])
    return advance(part(order, tea), "delivered")


def test_sale_shipping_and_commission_rounded_half_up():
    vendor_order = delivered(100_004, rate="12.50")  # 12.5% of 100.004 = 12.500,5 → 12.501
    assert entries(vendor_order) == [
        ("sale", "goods", 100_004),
        ("sale", "shipping", 30_000),
        ("commission", "commission", -12_501),
    ]
    assert net(vendor_order) == 117_503


def test_commission_rounds_down_below_the_half():
    vendor_order = delivered(100_003, rate="12.50")  # 12.500,375 → 12.500
    assert entries(vendor_order, "commission") == [("commission", "commission", -12_500)]


def test_household_business_has_vat_and_pit_withheld_on_the_goods():
    vendor_order = delivered(100_050, kind="household", rate="10.00")
    assert entries(vendor_order) == [
        ("sale", "goods", 100_050),
        ("sale", "shipping", 30_000),
        ("commission", "commission", -10_005),
        ("withholding", "vat", -1_001),  # 1% of 100.050 = 1.000,5 → 1.001
        ("withholding", "pit", -500),  # 0,5% = 500,25 → 500
    ]
    assert net(vendor_order) == 100_050 + 30_000 - 10_005 - 1_501


@pytest.mark.parametrize("kind", ["cooperative", "enterprise", "cooperative_group"])
def test_others_have_nothing_withheld(kind):
    assert entries(delivered(100_000, kind=kind), "withholding") == []


def test_a_pickup_at_no_commission_earns_only_its_goods():
    tea = variant(80_000, quantity=0, rate="0")
    showroom = consigned(tea)
    order = place([(tea, 2)], pickup={tea.vendor.pk: showroom})
    from orders.services.pickup import pickup_hand_over

    vendor_order = part(order, tea)
    pickup_hand_over(
        actor=StaffFactory(), vendor_order=vendor_order, pickup_code=vendor_order.pickup_code
    )
    assert entries(vendor_order) == [("sale", "goods", 160_000)]


def test_nothing_is_earned_before_delivery_and_earned_once():
    tea = variant()
    order = place([(tea, 1)])
    vendor_order = advance(part(order, tea), "shipped")
    assert entries(vendor_order) == []
    vendor_order = advance(vendor_order, "delivered")
    with pytest.raises(IntegrityError), transaction.atomic():
        earnings.record_earnings(vendor_order=vendor_order)
    assert len(entries(vendor_order)) == 3


# --- refunds ---------------------------------------------------------------------------------


def household_of_three(price=33_333):
    tea = variant(price, kind="household", rate="10.00")
    order = place([(tea, 3)])
    return advance(part(order, tea), "delivered")


def test_refunds_by_line_reverse_proportionally_and_add_up_exactly():
    vendor_order = household_of_three()  # goods 99.999: commission 10.000, VAT 1.000, PIT 500
    line = vendor_order.lines.get()
    staff = StaffFactory()
    reversed_commission = []
    for _unit in range(3):
        refund = order_refund(
            actor=staff, vendor_order=vendor_order, lines={line.pk: 1}, reason="Thiếu hàng"
        )
        assert (refund.amount, refund.shipping_amount) == (33_333, 0)
        reversal = {
            e.component: e.amount
            for e in EarningsEntry.objects.filter(refund=refund, kind="refund")
        }
        assert reversal["goods"] == -33_333
        reversed_commission.append(reversal["commission"])
    assert reversed_commission == [3_333, 3_334, 3_333]  # cumulative: never drifts
    assert net(vendor_order) == 30_000  # only the shipping is left
    order = vendor_order.order
    order.refresh_from_db()
    assert order.payment_status == Order.PaymentStatus.PARTIALLY_REFUNDED  # the shipping is kept
    assert Refund.objects.count() == 3


def test_a_whole_refund_gives_back_everything_left_shipping_included():
    vendor_order = household_of_three()
    line = vendor_order.lines.get()
    staff = StaffFactory()
    order_refund(actor=staff, vendor_order=vendor_order, lines={line.pk: 1}, reason="Thiếu")
    refund = order_refund(actor=staff, vendor_order=vendor_order, lines=None, reason="Trả hết")
    assert (refund.goods_amount, refund.shipping_amount) == (66_666, 30_000)
    assert net(vendor_order) == 0
    with pytest.raises(ServiceError) as caught:
        order_refund(actor=staff, vendor_order=vendor_order, lines=None, reason="Lần nữa")
    assert caught.value.codes == [ErrorCode.INVALID]


def test_refund_payment_status_of_an_online_order():
    tea = variant(100_000)
    order = pay(place([(tea, 2)], method="VNPAY"))
    vendor_order = advance(part(order, tea), "delivered")
    staff = StaffFactory()
    order_refund(
        actor=staff, vendor_order=vendor_order, lines={vendor_order.lines.get().pk: 1}, reason="x"
    )
    order.refresh_from_db()
    assert order.payment_status == "partially_refunded"
    order_refund(actor=staff, vendor_order=vendor_order, lines=None, reason="x")
    order.refresh_from_db()
    assert order.payment_status == "refunded"
    assert order.payments.get().status == "refunded"


@pytest.mark.parametrize(
    ("lines", "code", "field"),
    [
        ({"quantity": 4}, ErrorCode.INVALID, "lines.0"),
        ({"quantity": 0}, ErrorCode.INVALID, "lines.0"),
        ({"other": 1}, ErrorCode.NOT_FOUND, "lines.0"),
        ({}, ErrorCode.REQUIRED, "lines"),
    ],
)
def test_refund_lines_are_checked(lines, code, field):
    vendor_order = household_of_three()
    other = delivered(10_000)
    if "quantity" in lines:
        lines = {vendor_order.lines.get().pk: lines["quantity"]}
    elif "other" in lines:
        lines = {other.lines.get().pk: 1}
    with pytest.raises(ServiceError) as caught:
        order_refund(actor=StaffFactory(), vendor_order=vendor_order, lines=lines, reason="x")
    assert [(e.code, e.field) for e in caught.value.errors] == [(code, field)]
    assert not Refund.objects.exists()


def test_only_staff_refund_and_only_delivered_parts():
    tea = variant()
    order = place([(tea, 1)])
    vendor_order = advance(part(order, tea), "shipped")
    for actor, code in (
        (member(tea.vendor), ErrorCode.PERMISSION_DENIED),
        (StaffFactory(), ErrorCode.INVALID_TRANSITION),
    ):
        with pytest.raises(ServiceError) as caught:
            order_refund(actor=actor, vendor_order=vendor_order, lines=None, reason="x")
        assert caught.value.codes == [code]


class FakeStripe:
    def __init__(self, fail=False):
        self.calls, self.fail = [], fail

    def refund(self, payment, amount, *, idempotency_key):
        self.calls.append((payment.pk, amount, idempotency_key))
        if self.fail:
            raise GatewayError("card_declined")
        return RefundResult(reference=f"re_{len(self.calls)}")


def test_a_card_payment_is_refunded_through_stripe(monkeypatch):
    stripe = FakeStripe()
    monkeypatch.setattr("orders.services.refunds.get_gateway", lambda name: stripe)
    tea = variant(100_000)
    order = pay(place([(tea, 1)], method="STRIPE"))
    vendor_order = advance(part(order, tea), "delivered")
    refund = order_refund(actor=StaffFactory(), vendor_order=vendor_order, lines=None, reason="x")
    assert stripe.calls == [(order.payments.get().pk, 130_000, f"refund-{vendor_order.pk}-1")]
    assert (refund.gateway, refund.psp_reference) == ("stripe", "re_1")


def test_a_refused_card_refund_writes_nothing(monkeypatch):
    monkeypatch.setattr("orders.services.refunds.get_gateway", lambda name: FakeStripe(True))
    tea = variant(100_000)
    order = pay(place([(tea, 1)], method="STRIPE"))
    vendor_order = advance(part(order, tea), "delivered")
    before = list(EarningsEntry.objects.values_list("pk", flat=True))
    with pytest.raises(ServiceError) as caught:
        order_refund(actor=StaffFactory(), vendor_order=vendor_order, lines=None, reason="x")
    assert caught.value.codes == [ErrorCode.INVALID]
    assert not Refund.objects.exists()
    assert list(EarningsEntry.objects.values_list("pk", flat=True)) == before
