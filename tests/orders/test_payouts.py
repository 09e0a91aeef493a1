"""Payouts for a period, never twice; the bank CSV; producers' balance and statements."""

import csv
import datetime
import io

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from marketplace.core.errors import ErrorCode, ServiceError
from orders.earnings_selectors import vendor_balance, vendor_statements
from orders.models import EarningsEntry, Payout, PayoutAccount
from orders.services.payouts import payout_create, payouts_csv
from orders.services.refunds import order_refund
from tests.concurrency import run_in_threads
from tests.factories import StaffFactory
from tests.orders.fulfilment_support import advance, member, part, place, variant

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
YESTERDAY = lambda: TODAY() - datetime.timedelta(days=1)  # noqa: E731


def delivered(price=100_000, *, tea=None, days_ago=1, **fields):
    tea = tea or variant(price, **fields)
    order = place([(tea, 1)])
    vendor_order = advance(part(order, tea), "delivered")
    backdate(EarningsEntry.objects.filter(vendor_order=vendor_order), days_ago)
    return vendor_order


def backdate(entries, days_ago: int) -> None:
    entries.update(created_at=timezone.now() - datetime.timedelta(days=days_ago))


def payout(vendor=None, *, start=None, end=None, actor=None):
    end = end or YESTERDAY()
    return payout_create(
        actor=actor or StaffFactory(),
        vendor=vendor,
        period_start=start or end.replace(day=1) - datetime.timedelta(days=31),
        period_end=end,
    )


def test_one_payout_per_producer_for_what_it_earned():
    first = delivered(100_000)  # 100.000 + 30.000 - 10.000 = 120.000
    second = delivered(200_000, kind="household")  # 200.000 + 30.000 - 20.000 - 3.000
    payouts = payout()
    assert sorted((p.vendor_id, p.amount) for p in payouts) == sorted(
        [(first.vendor_id, 120_000), (second.vendor_id, 207_000)]
    )
    assert not EarningsEntry.objects.filter(payout__isnull=True).exists()
    for p in payouts:
        assert EarningsEntry.objects.get(payout=p, kind="payout").amount == -p.amount
        assert vendor_balance(p.vendor).balance == 0


def test_nothing_is_paid_twice():
    vendor_order = delivered()
    assert len(payout()) == 1
    assert payout() == []
    assert payout(start=YESTERDAY() - datetime.timedelta(days=400)) == []  # overlapping period
    assert Payout.objects.count() == 1
    assert vendor_balance(vendor_order.vendor).paid_out == 120_000


def test_an_entry_belongs_to_one_payout_and_a_payout_has_one_entry():
    vendor_order = delivered()
    (first,) = payout()
    with pytest.raises(IntegrityError), transaction.atomic():
        EarningsEntry.objects.create(
            vendor=vendor_order.vendor, kind="payout", component="payout", amount=-1, payout=first
        )


def test_a_payout_covers_entries_up_to_the_end_of_its_period_only():
    tea = variant()
    delivered(tea=tea, days_ago=3)
    delivered(tea=tea, days_ago=0)  # today: not over yet
    (done,) = payout(end=TODAY() - datetime.timedelta(days=2))
    assert done.amount == 120_000
    assert vendor_balance(tea.vendor).balance == 120_000


def test_the_period_is_checked_and_only_staff_pay_out():
    delivered()
    for start, end, field in (
        (YESTERDAY(), YESTERDAY() - datetime.timedelta(days=1), "period_end"),
        (YESTERDAY(), TODAY(), "period_end"),
    ):
        with pytest.raises(ServiceError) as caught:
            payout(start=start, end=end)
        assert [(e.code, e.field) for e in caught.value.errors] == [(ErrorCode.INVALID, field)]
    with pytest.raises(ServiceError) as caught:
        payout(actor=member(EarningsEntry.objects.first().vendor))
    assert caught.value.codes == [ErrorCode.PERMISSION_DENIED]
    assert not Payout.objects.exists()


def test_for_one_producer_only():
    mine, theirs = delivered(), delivered()
    (done,) = payout(mine.vendor)
    assert done.vendor == mine.vendor
    assert vendor_balance(theirs.vendor).balance == 120_000


def test_a_refund_after_the_payout_is_carried_into_the_next_one():
    tea = variant(100_000)
    vendor_order = delivered(tea=tea, days_ago=10)
    payout()
    order_refund(actor=StaffFactory(), vendor_order=vendor_order, lines=None, reason="Trả hàng")
    backdate(EarningsEntry.objects.filter(refund__isnull=False), 5)
    assert vendor_balance(tea.vendor).balance == -120_000
    assert payout() == []  # owes more than it earned: nothing paid, carried forward
    delivered(300_000, tea=variant(300_000, vendor=tea.vendor), days_ago=2)
    (second,) = payout()
    assert second.amount == 300_000 + 30_000 - 30_000 - 120_000
    assert vendor_balance(tea.vendor).balance == 0


def test_the_bank_transfer_csv():
    vendor_order = delivered()
    vendor = vendor_order.vendor
    vendor.name = "=HYPERLINK(1)"
    vendor.save()
    PayoutAccount.objects.create(
        vendor=vendor,
        bank_name="Agribank",
        account_number="1500205123456",
        account_holder="HTX CHE TA XUA",
    )
    payouts = payout()
    rows = list(
        csv.reader(io.StringIO(payouts_csv(payouts=Payout.objects.filter(pk=payouts[0].pk))))
    )
    assert rows[0][:8] == [
        "payout_id",
        "vendor",
        "legal_name",
        "tax_code",
        "bank_name",
        "account_number",
        "account_holder",
        "amount_vnd",
    ]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["vendor"] == "'=HYPERLINK(1)"  # never a formula in a spreadsheet
    assert (row["tax_code"], row["bank_name"], row["account_number"]) == (
        vendor.tax_code,
        "Agribank",
        "1500205123456",
    )
    assert row["amount_vnd"] == "120000"
    assert row["transfer_note"].startswith(f"OCOP {payouts[0].pk} ")


# --- what producers read ---------------------------------------------------------------------


def test_balance_counts_earned_paid_out_and_on_the_way():
    tea = variant(100_000)
    delivered(tea=tea)
    place([(variant(50_000, vendor=tea.vendor), 1)])  # not delivered yet
    payout()
    delivered(tea=tea, days_ago=0)
    balance = vendor_balance(tea.vendor)
    assert (balance.earned, balance.paid_out, balance.balance) == (240_000, 120_000, 120_000)
    assert balance.on_the_way == 80_000


def test_monthly_statements_carry_the_balance():
    tea = variant(100_000)
    delivered(tea=tea, days_ago=0)
    this_month = TODAY().replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    earlier = delivered(tea=tea)
    EarningsEntry.objects.filter(vendor_order=earlier).update(
        created_at=timezone.make_aware(datetime.datetime.combine(last_month, datetime.time(12)))
    )
    (statement,) = vendor_statements(tea.vendor, TODAY())
    assert (statement.month, statement.opening_balance, statement.closing_balance) == (
        this_month,
        120_000,
        240_000,
    )
    assert statement.total("sale") == 130_000 and statement.total("commission") == -10_000
    months = vendor_statements(tea.vendor)
    assert [s.month for s in months] == [this_month, last_month]
    assert months[1].opening_balance == 0
    assert vendor_statements(tea.vendor, last_month - datetime.timedelta(days=40))[0].entries == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_payout_runs_pay_once():
    delivered()
    delivered()
    staff = StaffFactory()
    connection.close()
    results = run_in_threads(*[lambda: payout(actor=staff) for _ in range(4)])
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(len(r) for r in results) == [0, 0, 0, 2]
    assert Payout.objects.count() == 2
    assert not EarningsEntry.objects.filter(payout__isnull=True).exists()


def test_the_admin_lists_the_money_and_exports_payouts(admin_client):
    from django.urls import reverse

    delivered()
    (done,) = payout()
    for name in ("earningsentry", "refund", "payout", "payoutaccount"):
        assert admin_client.get(reverse(f"admin:orders_{name}_changelist")).status_code == 200
    response = admin_client.post(
        reverse("admin:orders_payout_changelist"),
        {"action": "export_csv", "_selected_action": [done.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines()[1].split(",")[7] == "120000"
