"""Applying a voucher to a checkout, each rule's error, and what completion writes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.core.errors import ErrorCode, PermissionDeniedError, ServiceError
from orders.models import Checkout, Order, Payment
from orders.selectors import checkout_discount, checkout_totals, delivery_groups
from orders.services.checkout_vouchers import checkout_voucher_apply, checkout_voucher_remove
from orders.services.complete import checkout_complete
from promotions.models import Voucher, VoucherRedemption
from promotions.services import VoucherInput, voucher_create, voucher_release
from tests.factories import StaffFactory, UserFactory, VendorMemberFactory
from tests.orders.helpers import ready_checkout, variant_in_stock
from tests.promotions.helpers import voucher

pytestmark = pytest.mark.django_db


def two_producers(first=300_000, second=100_000, **kwargs):
    a, b = variant_in_stock(price=first), variant_in_stock(price=second)
    return ready_checkout([(a, 1), (b, 1)], **kwargs), a.vendor, b.vendor


def apply(checkout, code):
    return checkout_voucher_apply(actor=checkout.user, checkout=checkout, code=code)


def refused(checkout, code):
    with pytest.raises(ServiceError) as caught:
        apply(checkout, code)
    assert Checkout.objects.get(pk=checkout.pk).voucher_code == ""
    (error,) = caught.value.errors
    assert error.field == "code"
    return error


def complete(checkout):
    return checkout_complete(actor=checkout.user, checkout=checkout, payment_method="COD").order


def test_a_code_is_applied_whatever_its_case_and_the_total_drops():
    checkout, *_ = two_producers()
    voucher("OCOP10", max_discount=30_000)
    checkout = apply(checkout, " ocop10 ")
    assert checkout.voucher_code == "OCOP10"
    totals = checkout_totals(delivery_groups(checkout), checkout_discount(checkout))
    assert (totals.subtotal, totals.shipping, totals.discount) == (400_000, 60_000, 30_000)
    assert totals.total == 430_000
    checkout = checkout_voucher_remove(actor=None, checkout=checkout)
    assert checkout.voucher_code == "" and checkout_discount(checkout).amount == 0


@pytest.mark.parametrize(
    ("fields", "code", "words"),
    [
        ({"is_active": False}, ErrorCode.VOUCHER_INVALID, "no longer"),
        ({"starts_at": timezone.now() + timedelta(days=1)}, ErrorCode.VOUCHER_INVALID, "from"),
        ({"ends_at": timezone.now() - timedelta(seconds=1)}, ErrorCode.VOUCHER_INVALID, "expired"),
        ({"min_order": 500_000}, ErrorCode.VOUCHER_INVALID, "500"),
        ({"usage_limit": 3, "times_used": 3}, ErrorCode.VOUCHER_USED_UP, "used up"),
    ],
)
def test_each_rule_refuses_with_its_code(fields, code, words):
    checkout, *_ = two_producers()
    voucher("SALE", **fields)
    error = refused(checkout, "sale")
    assert error.code == code and words in error.message


def test_an_unknown_code_is_invalid_and_a_blank_one_required():
    checkout, *_ = two_producers()
    assert refused(checkout, "NOPE").code == ErrorCode.VOUCHER_INVALID
    assert refused(checkout, "  ").code == ErrorCode.REQUIRED


def test_the_vietnamese_message_says_what_is_wrong():
    from django.utils import translation

    checkout, *_ = two_producers()
    voucher("TET", ends_at=timezone.now() - timedelta(days=1))
    with translation.override("vi"):
        assert refused(checkout, "TET").message == "Mã giảm giá TET đã hết hạn."


def test_a_producer_voucher_needs_that_producers_goods_and_counts_only_them():
    checkout, big, small = two_producers()
    voucher("NHO", vendor=small, min_order=150_000)  # small's part is 100.000 ₫
    assert refused(checkout, "NHO").code == ErrorCode.VOUCHER_INVALID
    other = VendorMemberFactory().vendor
    voucher("KHAC", vendor=other)
    assert "only for products of" in refused(checkout, "KHAC").message
    voucher("LON", vendor=big, kind="fixed", value=25_000)
    order = complete(apply(checkout, "LON"))
    parts = {p.vendor_id: p for p in order.vendor_orders.all()}
    assert (parts[big.pk].producer_discount, parts[big.pk].platform_discount) == (25_000, 0)
    assert parts[small.pk].discount == 0
    assert (order.discount_total, order.total, order.voucher_code) == (25_000, 435_000, "LON")
    assert parts[big.pk].total == 300_000 + 30_000 - 25_000


def test_first_order_only_and_per_shopper_limits():
    shopper = UserFactory()
    voucher("MOI", first_order_only=True)
    voucher("MOTLAN", per_shopper_limit=1)
    checkout, *_ = two_producers(actor=shopper, email=shopper.email)
    complete(apply(checkout, "MOTLAN"))
    again, *_ = two_producers(actor=shopper, email=shopper.email)
    assert refused(again, "MOI").code == ErrorCode.VOUCHER_INVALID
    error = refused(again, "MOTLAN")
    assert error.code == ErrorCode.VOUCHER_USED_UP and "already used" in error.message
    # A guest is counted by e-mail.
    guest, *_ = two_producers(email="khach@example.vn")
    complete(apply(guest, "MOTLAN"))
    guest_again, *_ = two_producers(email="KHACH@example.vn")
    assert refused(guest_again, "MOTLAN").code == ErrorCode.VOUCHER_USED_UP


def test_completion_writes_the_split_the_redemption_and_the_count():
    checkout, big, small = two_producers(first=100_001, second=33_333)
    code = voucher("CHIA", kind="fixed", value=13_335)
    order = complete(apply(checkout, "CHIA"))
    parts = {p.vendor_id: p for p in order.vendor_orders.all()}
    assert parts[big.pk].platform_discount + parts[small.pk].platform_discount == 13_335
    assert (parts[big.pk].platform_discount, parts[small.pk].platform_discount) == (10_002, 3_333)
    assert (
        order.total
        == sum(p.total for p in parts.values())
        == Payment.objects.get(order=order).amount
    )
    redemption = VoucherRedemption.objects.get()
    assert (redemption.voucher, redemption.order, redemption.amount) == (code, order, 13_335)
    code.refresh_from_db()
    assert code.times_used == 1


def test_a_voucher_used_up_since_it_was_applied_refuses_the_whole_completion():
    checkout, *_ = two_producers()
    code = voucher("CUOI", usage_limit=1)
    checkout = apply(checkout, "CUOI")
    Voucher.objects.filter(pk=code.pk).update(times_used=1)  # someone else took it meanwhile
    with pytest.raises(ServiceError) as caught:
        complete(checkout)
    assert caught.value.codes == [ErrorCode.VOUCHER_USED_UP]
    assert not Order.objects.exists() and not VoucherRedemption.objects.exists()
    assert Checkout.objects.filter(pk=checkout.pk).exists()


def test_a_voucher_that_no_longer_applies_shows_no_discount_and_refuses_completion():
    checkout, *_ = two_producers()
    code = voucher("HET")
    checkout = apply(checkout, "HET")
    Voucher.objects.filter(pk=code.pk).update(is_active=False)
    fresh = Checkout.objects.get(pk=checkout.pk)
    assert checkout_discount(fresh).amount == 0
    with pytest.raises(ServiceError) as caught:
        complete(fresh)
    assert caught.value.codes == [ErrorCode.VOUCHER_INVALID]
    assert not Order.objects.exists()


def test_a_cancelled_order_gives_its_use_back():
    checkout, *_ = two_producers()
    code = voucher("TRA", usage_limit=1)
    order = complete(apply(checkout, "TRA"))
    assert voucher_release(order=order) == 1
    assert voucher_release(order=order) == 0
    code.refresh_from_db()
    assert code.times_used == 0 and not VoucherRedemption.objects.exists()


def test_who_creates_which_voucher():
    member = VendorMemberFactory()
    data = VoucherInput(code="htx-5", kind="percentage", value=5)
    mine = voucher_create(actor=member.user, vendor=member.vendor, data=data)
    assert (mine.code, mine.vendor) == ("HTX-5", member.vendor)
    with pytest.raises(PermissionDeniedError):
        voucher_create(actor=member.user, vendor=None, data=VoucherInput("P", "fixed", 1))
    platform = voucher_create(
        actor=StaffFactory(), data=VoucherInput(code="ocop20", kind="fixed", value=20_000)
    )
    assert platform.vendor is None
    with pytest.raises(ServiceError) as caught:
        voucher_create(
            actor=member.user,
            vendor=member.vendor,
            data=VoucherInput(code="HTX-5", kind="percentage", value=150),
        )
    assert {e.field for e in caught.value.errors} == {"code", "value"}
    assert Voucher.objects.count() == 2


def test_cancelling_every_part_gives_the_use_back_but_one_part_does_not(
    django_capture_on_commit_callbacks,
):
    from orders.services.cancellation import vendor_order_cancel

    checkout, *_ = two_producers()
    code = voucher("HUY", usage_limit=1)
    order = complete(apply(checkout, "HUY"))
    first, second = order.vendor_orders.order_by("pk")
    staff = StaffFactory()
    with django_capture_on_commit_callbacks(execute=True):
        vendor_order_cancel(actor=staff, vendor_order=first, reason="Hết hàng")
    code.refresh_from_db()
    assert code.times_used == 1
    with django_capture_on_commit_callbacks(execute=True):
        vendor_order_cancel(actor=staff, vendor_order=second, reason="Hết hàng")
    code.refresh_from_db()
    assert code.times_used == 0 and not VoucherRedemption.objects.exists()
