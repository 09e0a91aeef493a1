"""The producer's part of an order from confirmation to delivery, cancellation and return."""

import pytest

from inventory.models import StockMovement
from marketplace.core.errors import ErrorCode, ServiceError
from orders.models import EarningsEntry, Order, OrderEvent, Payment, Refund, VendorOrder
from orders.services import cancellation, fulfilment
from orders.services.fulfilment import refresh_order_status
from orders.services.pickup import pickup_hand_over, pickups_for
from tests.factories import (
    LocationTokenFactory,
    OperatorMemberFactory,
    StaffFactory,
    UserFactory,
)
from tests.orders.fulfilment_support import (
    advance,
    consigned,
    member,
    part,
    pay,
    place,
    stock_of,
    variant,
)

pytestmark = pytest.mark.django_db
S = VendorOrder.Status


def refused(code, call, **kwargs):
    with pytest.raises(ServiceError) as caught:
        call(**kwargs)
    assert caught.value.codes == [code], caught.value.errors
    return caught.value


def snapshot(*models):
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in models}


STATE = (VendorOrder, Order, OrderEvent, StockMovement, EarningsEntry, Refund, Payment)


# --- confirm, ship, deliver ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["owner", "manager", "staff"])
def test_every_member_of_the_producer_confirms(role):
    tea = variant()
    order = place([(tea, 2)])
    person = member(tea.vendor, role)
    vendor_order = fulfilment.vendor_order_confirm(actor=person, vendor_order=part(order, tea))
    assert vendor_order.status == S.CONFIRMED
    event = OrderEvent.objects.get(vendor_order=vendor_order, kind="confirmed")
    assert (event.actor_user, event.data) == (person, {"from": "unconfirmed", "to": "confirmed"})
    assert event.created_at is not None
    order.refresh_from_db()
    assert order.status == Order.Status.IN_PROGRESS


def test_a_producer_never_touches_another_producers_part():
    tea, honey = variant(), variant()
    order = place([(tea, 1), (honey, 1)])
    outsider = member(honey.vendor)
    before = snapshot(*STATE)
    for call, extra in (
        (fulfilment.vendor_order_confirm, {}),
        (fulfilment.vendor_order_ship, {"carrier": "GHN", "tracking_number": "X"}),
        (fulfilment.vendor_order_mark_delivered, {}),
        (cancellation.vendor_order_cancel, {"reason": "Hết hàng"}),
    ):
        refused(
            ErrorCode.PERMISSION_DENIED,
            call,
            actor=outsider,
            vendor_order=part(order, tea),
            **extra,
        )
    assert snapshot(*STATE) == before


@pytest.mark.parametrize(
    ("at", "call", "extra"),
    [
        ("unconfirmed", fulfilment.vendor_order_ship, {"carrier": "GHN", "tracking_number": "1"}),
        ("unconfirmed", fulfilment.vendor_order_mark_delivered, {}),
        ("confirmed", fulfilment.vendor_order_confirm, {}),
        ("confirmed", fulfilment.vendor_order_mark_delivered, {}),
        ("shipped", fulfilment.vendor_order_confirm, {}),
        ("shipped", cancellation.vendor_order_cancel, {"reason": "Đổi ý"}),
        ("delivered", fulfilment.vendor_order_ship, {"carrier": "GHN", "tracking_number": "1"}),
        ("delivered", cancellation.vendor_order_cancel, {"reason": "Đổi ý"}),
        ("delivered", fulfilment.vendor_order_mark_delivered, {}),
    ],
)
def test_illegal_transitions_change_nothing(at, call, extra):
    tea = variant()
    order = place([(tea, 2)])
    owner = member(tea.vendor)
    if at != "unconfirmed":
        advance(part(order, tea), at, actor=owner)
    before = snapshot(*STATE)
    refused(ErrorCode.INVALID_TRANSITION, call, actor=owner, vendor_order=part(order, tea), **extra)
    assert snapshot(*STATE) == before


def test_shipping_fulfils_the_allocation_and_records_the_carrier():
    tea = variant(quantity=10)
    order = place([(tea, 3)])
    owner = member(tea.vendor)
    vendor_order = advance(part(order, tea), "confirmed", actor=owner)
    assert stock_of(tea) == (10, 3)
    vendor_order = fulfilment.vendor_order_ship(
        actor=owner, vendor_order=vendor_order, carrier=" GHTK ", tracking_number="S123"
    )
    assert (vendor_order.status, vendor_order.carrier, vendor_order.tracking_number) == (
        S.SHIPPED,
        "GHTK",
        "S123",
    )
    assert stock_of(tea) == (7, 0)
    assert StockMovement.objects.filter(kind="fulfilment", reference=f"order:{order.pk}").exists()
    event = OrderEvent.objects.get(vendor_order=vendor_order, kind="shipped")
    assert event.data["tracking_number"] == "S123" and event.actor_user == owner


def test_shipping_needs_a_carrier_and_a_tracking_number():
    tea = variant()
    order = place([(tea, 1)])
    owner = member(tea.vendor)
    advance(part(order, tea), "confirmed", actor=owner)
    error = refused(
        ErrorCode.REQUIRED,
        fulfilment.vendor_order_ship,
        actor=owner,
        vendor_order=part(order, tea),
        carrier="GHTK",
        tracking_number=" ",
    )
    assert error.errors[0].field == "tracking_number"
    assert part(order, tea).status == S.CONFIRMED


def test_delivery_completes_the_order_earns_and_collects_cod_cash():
    tea, honey = variant(), variant()
    order = place([(tea, 1), (honey, 1)])
    advance(part(order, tea), "delivered", actor=member(tea.vendor))
    order.refresh_from_db()
    assert (order.status, order.payment_status) == (Order.Status.IN_PROGRESS, "not_charged")
    assert EarningsEntry.objects.filter(vendor_order__vendor=tea.vendor, kind="sale").exists()
    assert not EarningsEntry.objects.filter(vendor_order__vendor=honey.vendor).exists()
    advance(part(order, honey), "delivered", actor=member(honey.vendor))
    order.refresh_from_db()
    assert (order.status, order.payment_status) == (Order.Status.COMPLETED, "paid")
    assert OrderEvent.objects.filter(order=order, kind="cod_collected").count() == 2


def test_an_unpaid_online_order_waits_for_its_money():
    tea = variant()
    order = place([(tea, 1)], method="VNPAY")
    owner = member(tea.vendor)
    refused(
        ErrorCode.INVALID_TRANSITION,
        fulfilment.vendor_order_confirm,
        actor=owner,
        vendor_order=part(order, tea),
    )
    pay(order)
    assert fulfilment.vendor_order_confirm(actor=owner, vendor_order=part(order, tea)).status == (
        S.CONFIRMED
    )


# --- cancelling ------------------------------------------------------------------------------


def test_the_shopper_cancels_before_shipping_and_the_stock_goes_back():
    shopper = UserFactory()
    tea = variant(quantity=5)
    order = place([(tea, 2)], actor=shopper)
    advance(part(order, tea), "confirmed")
    vendor_order = cancellation.vendor_order_cancel(
        actor=shopper, vendor_order=part(order, tea), reason=""
    )
    assert vendor_order.status == S.CANCELLED
    assert stock_of(tea) == (5, 0)
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    event = OrderEvent.objects.get(vendor_order=vendor_order, kind="cancelled")
    assert event.data["by"] == "shopper" and event.actor_user == shopper
    assert not Refund.objects.exists()  # cash on delivery: nothing was paid


def test_a_guest_cancels_with_the_order_token_only():
    tea = variant()
    order = place([(tea, 1)])
    refused(
        ErrorCode.PERMISSION_DENIED,
        cancellation.vendor_order_cancel,
        actor=None,
        vendor_order=part(order, tea),
    )
    cancellation.vendor_order_cancel(
        actor=None, vendor_order=part(order, tea), order_token=str(order.token)
    )
    assert part(order, tea).status == S.CANCELLED


def test_another_shopper_cannot_cancel_even_with_a_token_of_an_account_order():
    shopper, stranger = UserFactory(), UserFactory()
    tea = variant()
    order = place([(tea, 1)], actor=shopper)
    refused(
        ErrorCode.PERMISSION_DENIED,
        cancellation.vendor_order_cancel,
        actor=stranger,
        vendor_order=part(order, tea),
        order_token=str(order.token),
    )


def test_the_shopper_cannot_cancel_once_shipped():
    shopper = UserFactory()
    tea = variant()
    order = place([(tea, 1)], actor=shopper)
    advance(part(order, tea), "shipped")
    refused(
        ErrorCode.INVALID_TRANSITION,
        cancellation.vendor_order_cancel,
        actor=shopper,
        vendor_order=part(order, tea),
    )


def test_the_producer_gives_a_reason_staff_need_not():
    tea, honey = variant(), variant()
    order = place([(tea, 1), (honey, 1)])
    owner = member(tea.vendor)
    error = refused(
        ErrorCode.REQUIRED,
        cancellation.vendor_order_cancel,
        actor=owner,
        vendor_order=part(order, tea),
    )
    assert error.errors[0].field == "reason"
    cancellation.vendor_order_cancel(actor=owner, vendor_order=part(order, tea), reason="Hết hàng")
    cancellation.vendor_order_cancel(actor=StaffFactory(), vendor_order=part(order, honey))
    events = OrderEvent.objects.filter(order=order, kind="cancelled").order_by("pk")
    assert [(e.data["by"], e.data["reason"]) for e in events] == [
        ("producer", "Hết hàng"),
        ("staff", ""),
    ]


def test_cancelling_a_paid_part_refunds_it():
    tea, honey = variant(100_000), variant(50_000)
    order = pay(place([(tea, 1), (honey, 2)], method="VNPAY"))
    cancellation.vendor_order_cancel(
        actor=member(tea.vendor), vendor_order=part(order, tea), reason="Hết hàng"
    )
    refund = Refund.objects.get()
    assert (refund.amount, refund.goods_amount, refund.shipping_amount) == (
        130_000,
        100_000,
        30_000,
    )
    assert refund.gateway == "vnpay" and refund.psp_reference == ""  # staff pay VNPay back
    assert not EarningsEntry.objects.exists()  # never earned, nothing to reverse
    order.refresh_from_db()
    assert order.payment_status == Order.PaymentStatus.PARTIALLY_REFUNDED


def test_a_cancelled_unpaid_order_is_left_to_expire():
    tea = variant()
    order = place([(tea, 1)], method="VNPAY")
    refused(
        ErrorCode.INVALID_TRANSITION,
        cancellation.vendor_order_cancel,
        actor=StaffFactory(),
        vendor_order=part(order, tea),
    )


# --- returns and the order's status ------------------------------------------------------------


def test_staff_approve_a_return_after_delivery_with_a_refund():
    tea = variant(100_000)
    order = place([(tea, 2)])
    vendor_order = advance(part(order, tea), "delivered")
    refused(
        ErrorCode.PERMISSION_DENIED,
        cancellation.vendor_order_return,
        actor=member(tea.vendor),
        vendor_order=vendor_order,
        reason="Hỏng",
    )
    vendor_order = cancellation.vendor_order_return(
        actor=StaffFactory(), vendor_order=vendor_order, reason="Hộp bị vỡ"
    )
    assert vendor_order.status == S.RETURNED
    assert Refund.objects.get().amount == 230_000
    assert sum(EarningsEntry.objects.values_list("amount", flat=True)) == 0
    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("completed", "refunded")


def test_a_return_needs_a_delivery_first():
    tea = variant()
    order = place([(tea, 1)])
    advance(part(order, tea), "shipped")
    refused(
        ErrorCode.INVALID_TRANSITION,
        cancellation.vendor_order_return,
        actor=StaffFactory(),
        vendor_order=part(order, tea),
        reason="Hỏng",
    )


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (["unconfirmed", "unconfirmed"], "placed"),
        (["confirmed", "unconfirmed"], "in_progress"),
        (["delivered", "unconfirmed"], "in_progress"),
        (["delivered", "cancelled"], "completed"),
        (["returned", "delivered"], "completed"),
        (["cancelled", "cancelled"], "cancelled"),
    ],
)
def test_the_order_status_follows_from_its_parts(statuses, expected):
    order = place([(variant(), 1), (variant(), 1)])
    for vendor_order, status in zip(
        VendorOrder.objects.filter(order=order).order_by("pk"), statuses, strict=True
    ):
        VendorOrder.objects.filter(pk=vendor_order.pk).update(status=status)
    assert refresh_order_status(order=order).status == expected


def test_an_unpaid_order_keeps_its_status():
    order = place([(variant(), 1)], method="STRIPE")
    VendorOrder.objects.filter(order=order).update(status="cancelled")
    assert refresh_order_status(order=order).status == "unpaid"


# --- click and collect -----------------------------------------------------------------------


@pytest.fixture
def pickup():
    tea = variant(quantity=0)
    showroom = consigned(tea, quantity=4)
    order = place([(tea, 2)], pickup={tea.vendor.pk: showroom})
    return tea, showroom, order, part(order, tea)


def test_the_showroom_device_hands_over_against_the_code(pickup):
    tea, showroom, order, vendor_order = pickup
    device = LocationTokenFactory(location=showroom)
    assert list(pickups_for(location=showroom)) == [vendor_order]
    vendor_order = pickup_hand_over(
        actor=device, vendor_order=vendor_order, pickup_code=vendor_order.pickup_code
    )
    assert vendor_order.status == S.DELIVERED
    assert stock_of(tea, showroom) == (2, 0)
    event = OrderEvent.objects.get(vendor_order=vendor_order, kind="handed_over")
    assert (event.actor_token, event.actor_user) == (device, None)
    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("completed", "paid")
    assert list(pickups_for(location=showroom)) == []


def test_the_operators_clerk_hands_over_too(pickup):
    _tea, showroom, _order, vendor_order = pickup
    clerk = OperatorMemberFactory(operator=showroom.operator).user
    pickup_hand_over(actor=clerk, vendor_order=vendor_order, pickup_code=vendor_order.pickup_code)
    vendor_order.refresh_from_db()
    assert vendor_order.status == S.DELIVERED


def test_another_showrooms_device_and_the_producer_are_refused(pickup):
    tea, _showroom, _order, vendor_order = pickup
    before = snapshot(*STATE)
    for actor in (LocationTokenFactory(), member(tea.vendor), UserFactory()):
        refused(
            ErrorCode.PERMISSION_DENIED,
            pickup_hand_over,
            actor=actor,
            vendor_order=vendor_order,
            pickup_code=vendor_order.pickup_code,
        )
    assert snapshot(*STATE) == before


def test_a_wrong_code_hands_over_nothing(pickup):
    tea, showroom, _order, vendor_order = pickup
    wrong = f"{(int(vendor_order.pickup_code) + 1) % 10**6:06d}"
    before = snapshot(*STATE)
    error = refused(
        ErrorCode.INVALID,
        pickup_hand_over,
        actor=LocationTokenFactory(location=showroom),
        vendor_order=vendor_order,
        pickup_code=wrong,
    )
    assert error.errors[0].field == "pickup_code"
    assert snapshot(*STATE) == before
    assert stock_of(tea, showroom) == (4, 2)


def test_a_pickup_part_is_not_shipped_nor_marked_delivered(pickup):
    tea, _showroom, _order, vendor_order = pickup
    owner = member(tea.vendor)
    fulfilment.vendor_order_confirm(actor=owner, vendor_order=vendor_order)
    for call, extra in (
        (fulfilment.vendor_order_ship, {"carrier": "GHN", "tracking_number": "1"}),
        (fulfilment.vendor_order_mark_delivered, {}),
    ):
        refused(ErrorCode.INVALID_TRANSITION, call, actor=owner, vendor_order=vendor_order, **extra)


def test_a_shipping_part_is_not_handed_over():
    tea = variant()
    order = place([(tea, 1)])
    refused(
        ErrorCode.INVALID,
        pickup_hand_over,
        actor=StaffFactory(),
        vendor_order=part(order, tea),
        pickup_code="000000",
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_shipping_and_cancelling_at_once_apply_one_of_them():
    from django.db import connection

    from tests.concurrency import run_in_threads

    tea = variant(quantity=5)
    order = place([(tea, 2)])
    owner, staff = member(tea.vendor), StaffFactory()
    vendor_order = advance(part(order, tea), "confirmed", actor=owner)
    connection.close()
    results = run_in_threads(
        lambda: fulfilment.vendor_order_ship(
            actor=owner, vendor_order=vendor_order, carrier="GHTK", tracking_number="1"
        ),
        lambda: cancellation.vendor_order_cancel(actor=staff, vendor_order=vendor_order),
        lambda: cancellation.vendor_order_cancel(actor=staff, vendor_order=vendor_order),
    )
    done = [r for r in results if isinstance(r, VendorOrder)]
    failed = [r for r in results if isinstance(r, ServiceError)]
    assert len(done) == 1 and len(failed) == 2, results
    assert all(r.codes == [ErrorCode.INVALID_TRANSITION] for r in failed)
    final = part(order, tea)
    assert final.status == done[0].status
    assert stock_of(tea) == ((3, 0) if final.status == S.SHIPPED else (5, 0))
    assert (
        OrderEvent.objects.filter(vendor_order=final, kind__in=["shipped", "cancelled"]).count()
        == 1
    )


def test_cancelling_the_last_part_on_its_way_settles_the_cod_payment():
    tea, honey = variant(), variant()
    order = place([(tea, 1), (honey, 1)])
    advance(part(order, tea), "delivered")
    order.refresh_from_db()
    assert order.payment_status == "not_charged"
    cancellation.vendor_order_cancel(actor=StaffFactory(), vendor_order=part(order, honey))
    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("completed", "paid")
    assert OrderEvent.objects.filter(order=order, kind="cod_collected").count() == 1
    assert order.payments.get().status == "paid"
