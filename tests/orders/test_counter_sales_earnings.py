"""A counter sale at a showroom in the producer's earnings: the producer's sale less the
showroom's commission, collected by the showroom, written once in the sale's transaction,
shown in the balance and statements and never paid out by the platform."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from inventory.models import PosSale
from inventory.services.pos import PosLine
from marketplace.core.errors import ServiceError
from orders.earnings_selectors import vendor_balance, vendor_statements
from orders.models import EarningsEntry, Payout
from orders.services import housekeeping
from orders.services.counter_sales import counter_sale_record
from tests.factories import AgreementFactory, OperatorMemberFactory, ShowroomFactory
from tests.graphql.inventory_support import opened
from tests.orders.fulfilment_support import member, variant
from tests.orders.test_payouts import backdate, delivered, payout

pytestmark = pytest.mark.django_db


@pytest.fixture
def counter():
    """A showroom holding 10 of a producer's tea (commission 20%), and its clerk."""
    tea = variant(150_000)
    showroom = ShowroomFactory()
    AgreementFactory(vendor=tea.vendor, showroom=showroom, commission_rate=20)
    opened(showroom, tea, 10)
    clerk = OperatorMemberFactory(operator=showroom.operator).user
    return tea, showroom, clerk


def sell(counter, sale_id="quay-1", quantity=2):
    tea, showroom, clerk = counter
    return counter_sale_record(
        actor=clerk,
        location=showroom,
        client_sale_id=sale_id,
        lines=[PosLine(tea.sku, quantity, 150_000)],
        paid_with="cash",
    )


def test_a_counter_sale_is_written_once_and_owes_nothing_from_the_platform(counter):
    tea = counter[0]

    first, again = sell(counter), sell(counter)  # the same sale sent twice

    assert (first.replayed, again.replayed) == (False, True)
    entries = dict(EarningsEntry.objects.values_list("kind", "amount"))
    assert entries == {"showroom_sale": 300_000, "showroom_commission": -60_000,
                       "showroom_collected": -240_000}  # fmt: skip
    assert set(EarningsEntry.objects.values_list("pos_sale_line__sale", flat=True)) == {
        first.sale.pk
    }
    balance = vendor_balance(tea.vendor)
    assert (balance.earned, balance.held_by_showrooms, balance.balance) == (240_000, 240_000, 0)


def test_a_refused_sale_writes_nothing(counter):
    with pytest.raises(ServiceError):
        sell(counter, quantity=11)  # 10 on the shelf
    assert not PosSale.objects.exists() and not EarningsEntry.objects.exists()


def test_payouts_leave_counter_sales_to_the_showroom(counter):
    tea = counter[0]
    online = delivered(tea=tea)  # 150.000 + 30.000 shipping - 15.000 commission
    sell(counter)
    backdate(EarningsEntry.objects.filter(pos_sale_line__isnull=False), 1)

    (made,) = payout(tea.vendor)

    assert made.amount == 165_000  # the online part only
    counter_entries = EarningsEntry.objects.filter(kind__startswith="showroom")
    assert counter_entries.count() == 3 and not counter_entries.filter(payout__isnull=False)
    assert EarningsEntry.objects.filter(vendor_order=online, payout=made).exists()
    assert vendor_balance(tea.vendor).balance == 0
    assert payout(tea.vendor) == [] and Payout.objects.count() == 1


def test_the_database_refuses_a_payout_on_a_counter_sale(counter):
    sell(counter)
    online = delivered(tea=counter[0])
    (made,) = payout(counter[0].vendor)
    entry = EarningsEntry.objects.filter(kind="showroom_collected").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        EarningsEntry.objects.filter(pk=entry.pk).update(payout=made)
    with pytest.raises(IntegrityError), transaction.atomic():  # nor both kinds of link
        EarningsEntry.objects.filter(pk=entry.pk).update(vendor_order=online)


def test_the_statement_and_its_mail_show_the_counter_sales(counter):
    tea = counter[0]
    owner = member(tea.vendor)
    sell(counter)
    last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    EarningsEntry.objects.update(created_at=timezone.make_aware(
        datetime.datetime.combine(last_month, datetime.time(10))))  # fmt: skip

    (statement,) = vendor_statements(tea.vendor, last_month)
    assert statement.sales == 300_000 and statement.closing_balance == 0
    assert housekeeping.send_monthly_statements() == 1
    (sent,) = [m for m in mail.outbox if owner.email in m.to]
    assert "300.000" in sent.body and "-240.000" in sent.body
