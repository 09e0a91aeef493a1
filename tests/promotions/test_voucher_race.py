"""A voucher's last uses under racing completions, on PostgreSQL with real threads."""

import pytest
from django.db import connection

from marketplace.core.errors import ErrorCode, ServiceError
from orders.models import Order
from orders.services.checkout_vouchers import checkout_voucher_apply
from orders.services.complete import checkout_complete
from promotions.models import Voucher, VoucherRedemption
from tests.concurrency import run_in_threads
from tests.factories import UserFactory
from tests.orders.helpers import ready_checkout, variant_in_stock
from tests.promotions.helpers import voucher

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def with_code(checkout, code):
    return checkout_voucher_apply(actor=checkout.user, checkout=checkout, code=code)


def complete(checkout):
    return checkout_complete(actor=checkout.user, checkout=checkout, payment_method="COD")


def test_the_last_use_goes_to_exactly_one_of_twenty_racers():
    variant = variant_in_stock(quantity=100, price=300_000)
    code = voucher("CUOICUNG", usage_limit=5, times_used=4)  # one use left
    checkouts = [
        with_code(ready_checkout([(variant, 1)], email=f"s{i}@example.vn"), "CUOICUNG")
        for i in range(20)
    ]
    connection.close()
    results = run_in_threads(*[lambda c=c: complete(c) for c in checkouts])
    placed = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, ServiceError)]
    assert len(placed) == 1 and len(refused) == 19
    assert all(r.codes == [ErrorCode.VOUCHER_USED_UP] for r in refused)
    order = Order.objects.get()
    assert (order.discount_total, order.voucher_code, order.total) == (30_000, "CUOICUNG", 300_000)
    assert Voucher.objects.get(pk=code.pk).times_used == 5
    assert VoucherRedemption.objects.get().order == order


def test_one_shopper_racing_themself_gets_one_use():
    shopper = UserFactory()
    variant = variant_in_stock(quantity=100, price=100_000)
    voucher("MOTLAN", per_shopper_limit=1)
    checkouts = [
        with_code(ready_checkout([(variant, 1)], actor=shopper, email=shopper.email), "MOTLAN")
        for _ in range(5)
    ]
    connection.close()
    results = run_in_threads(*[lambda c=c: complete(c) for c in checkouts])
    refused = [r for r in results if isinstance(r, ServiceError)]
    assert len(refused) == 4 and all(r.codes == [ErrorCode.VOUCHER_USED_UP] for r in refused)
    assert Order.objects.filter(discount_total=10_000).count() == 1
    assert Order.objects.count() == 1
