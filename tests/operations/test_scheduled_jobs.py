"""Every scheduled job has a test of its effect, and the schedule names real tasks."""

import datetime

import pytest
from celery import current_app
from django.conf import settings
from django.core import mail
from django.utils import timezone

from catalog.models import Product
from marketplace.core.money import format_vnd
from orders.models import Checkout, EarningsEntry, StatementNotice
from orders.services import housekeeping
from tests.factories import CertificateFactory, ProductFactory, VendorMemberFactory
from tests.orders.fulfilment_support import advance, member, part, place, variant
from tests.orders.helpers import ready_checkout, variant_in_stock
from vendors.services.certificate_expiry import send_expiry_reminders

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 22)


def test_every_scheduled_task_exists():
    import marketplace.celery  # noqa: F401  (registers the app's tasks)

    current_app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in current_app.tasks, entry["task"]


def test_products_of_a_certificate_that_just_expired_are_reindexed():
    expired = CertificateFactory(valid_until=TODAY - datetime.timedelta(days=1))
    current = CertificateFactory(valid_until=TODAY + datetime.timedelta(days=100))
    stale = ProductFactory(vendor=expired.vendor, certificate=expired)
    fresh = ProductFactory(vendor=current.vendor, certificate=current)
    Product.objects.update(reindex_requested_at=None)
    from catalog.services.certificate_expiry import refresh_expired_certificates

    assert refresh_expired_certificates(today=TODAY) == 1
    assert Product.objects.get(pk=stale.pk).reindex_requested_at is not None
    assert Product.objects.get(pk=fresh.pk).reindex_requested_at is None
    assert stale.ocop_stars is None  # the badge is computed: gone already


def test_producers_hear_thirty_days_before_expiry_once():
    soon = CertificateFactory(valid_until=TODAY + datetime.timedelta(days=30))
    CertificateFactory(valid_until=TODAY + datetime.timedelta(days=31))
    owner = VendorMemberFactory(vendor=soon.vendor).user
    assert send_expiry_reminders(today=TODAY) == 1
    assert send_expiry_reminders(today=TODAY) == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [owner.email]
    assert soon.decision_number in mail.outbox[0].subject
    assert "30" in mail.outbox[0].subject


def test_expired_checkouts_are_deleted_and_live_ones_kept():
    old = ready_checkout([(variant_in_stock(), 1)])
    live = ready_checkout([(variant_in_stock(), 1)])
    Checkout.objects.filter(pk=old.pk).update(expires_at=timezone.now())
    assert housekeeping.delete_expired_checkouts() == 1
    assert list(Checkout.objects.values_list("pk", flat=True)) == [live.pk]


def test_monthly_statements_go_out_once_per_producer():
    tea = variant(200_000)
    owner = member(tea.vendor)
    advance(part(place([(tea, 1)]), tea), "delivered")  # earns: sale, commission
    entry_day = timezone.make_aware(datetime.datetime(2026, 10, 15, 10, 0))
    EarningsEntry.objects.update(created_at=entry_day)
    closing = sum(EarningsEntry.objects.values_list("amount", flat=True))
    assert housekeeping.send_monthly_statements(today=TODAY) == 1
    assert housekeeping.send_monthly_statements(today=TODAY) == 0
    notice = StatementNotice.objects.get()
    assert (notice.month, notice.closing_balance) == (datetime.date(2026, 10, 1), closing)
    statement = [m for m in mail.outbox if "10/2026" in m.subject]
    assert len(statement) == 1 and statement[0].to == [owner.email]
    assert format_vnd(closing, language="vi") in statement[0].body
