"""What a voucher takes off and how the parts share it: pure arithmetic, no database."""

from types import SimpleNamespace

import pytest

from promotions.pricing import Part, discount_amount, discount_for, split_pro_rata


def v(kind="percentage", value=10, vendor_id=None, max_discount=None):
    return SimpleNamespace(
        kind=kind, value=value, vendor_id=vendor_id, max_discount=max_discount, code="X"
    )


@pytest.mark.parametrize(
    ("subtotals", "amount"),
    [((100_001, 33_333, 7), 13_335), ((1, 1, 1), 2), ((99_999, 99_999), 19_999), ((5,), 5)],
)
def test_pro_rata_shares_add_up_exactly_with_odd_amounts(subtotals, amount):
    parts = [Part(vendor_id=i + 1, subtotal=s) for i, s in enumerate(subtotals)]
    shares = split_pro_rata(amount, parts)
    assert sum(shares.values()) == amount
    assert all(shares.get(p.vendor_id, 0) <= p.subtotal for p in parts)


def test_the_leftover_dong_go_to_the_largest_part():
    parts = [Part(1, 100_000), Part(2, 200_000), Part(3, 100_000)]
    # 10.001 ₫ over 1:2:1 is 2.500,25 / 5.000,5 / 2.500,25: the largest takes the đồng left.
    assert split_pro_rata(10_001, parts) == {1: 2_500, 2: 5_001, 3: 2_500}


def test_a_percentage_rounds_down_and_is_capped():
    assert discount_amount(v(value=10), 199_999) == 19_999
    assert discount_amount(v(value=10, max_discount=50_000), 900_000) == 50_000


def test_a_fixed_amount_is_at_most_the_goods():
    assert discount_amount(v(kind="fixed", value=30_000), 20_000) == 20_000
    assert discount_amount(v(kind="fixed", value=30_000), 120_000) == 30_000


def test_a_producer_voucher_discounts_its_part_only():
    parts = [Part(1, 300_000), Part(2, 100_000)]
    discount = discount_for(v(value=10, vendor_id=2), parts)
    assert (discount.amount, discount.shares) == (10_000, {2: 10_000})
    assert discount.producer_share(2) == 10_000 and discount.platform_share(2) == 0


def test_a_platform_voucher_is_on_the_whole_goods_split_over_the_parts():
    parts = [Part(1, 300_000), Part(2, 100_000)]
    discount = discount_for(v(value=10, max_discount=30_000), parts)
    assert discount.amount == 30_000
    assert discount.shares == {1: 22_500, 2: 7_500}
    assert discount.platform_share(1) == 22_500 and discount.producer_share(1) == 0
