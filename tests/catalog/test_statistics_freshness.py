"""Programme statistics stay true: the listings table the triggers keep equals one rebuilt from
scratch, a certificate in force on a day means what it says at the day's edges, and a change
shows in the next (cached) answer while the warm-up fills the cache."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from catalog.models import CertifiedListing, Product
from catalog.services.products import product_archive, product_update
from catalog.statistics import Dimension, StatisticsFilter, certified_listings_rebuild
from frontend_templates.shell import sectors
from inventory import tasks
from inventory.statistics import DEFAULT_VIEWS, _cache_key, programme_statistics
from tests.factories import VendorFactory, VendorMemberFactory, commune
from tests.graphql.catalog_fixtures import NA_RI, listing
from tests.graphql.client import GraphQLClient
from vendors.models import OcopCertificate, Vendor
from vendors.services.certificates import certificate_revoke, certificate_verify
from vendors.services.vendors import vendor_set_status

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 15)


def owner_of(vendor):
    return VendorMemberFactory(vendor=vendor).user


def totals(**filters):
    return programme_statistics(group_by=[], filters=StatisticsFilter(**filters)).totals


def listed_rows():
    return sorted(CertifiedListing.objects.values_list(), key=lambda row: row[0])


def dated(vendor, name, *, decided, valid_until, **fields):
    product = listing(vendor, name, stars=4, **fields)
    OcopCertificate.objects.filter(pk=product.certificate_id).update(
        decision_date=decided, valid_until=valid_until
    )
    return product


def test_the_kept_listings_equal_a_rebuild_after_every_kind_of_change(vendor, other_vendor, staff):
    tea = listing(vendor, "Chè Mộc Châu", stars=5)
    plum = listing(vendor, "Mận Mộc Châu", stars=3)
    noodles = listing(other_vendor, "Miến dong Na Rì", stars=4, origin=NA_RI, category="I.3.c")
    listing(other_vendor, "Miến chưa chứng nhận", origin=NA_RI)
    pending = listing(vendor, "Trà chờ duyệt", stars=4)
    OcopCertificate.objects.filter(pk=pending.certificate_id).update(
        verification_status=OcopCertificate.Verification.PENDING
    )
    assert CertifiedListing.objects.count() == 3

    certificate_verify(certificate=pending.certificate, actor=staff)
    certificate_revoke(certificate=plum.certificate, actor=staff, reason="Quyết định bị hủy")
    vendor_set_status(vendor=other_vendor, actor=staff, status=Vendor.Status.SUSPENDED)
    product_archive(product=tea, actor=owner_of(vendor))
    Product.objects.filter(pk=noodles.pk).update(status=Product.Status.DRAFT)  # bulk, no save
    third = VendorFactory()
    moved = listing(third, "Chè chuyển chứng nhận", stars=3)
    product_update(product=moved, actor=owner_of(third), origin_commune=commune(NA_RI))
    Product.objects.filter(pk=listing(third, "Xóa đi", stars=4).pk).delete()

    kept = listed_rows()
    assert {row[0] for row in kept} == {pending.pk, plum.pk, moved.pk}
    assert certified_listings_rebuild() == 3
    assert listed_rows() == kept


def test_in_force_on_a_day_counts_the_day_of_issue_and_the_day_of_expiry(vendor):
    day = DAY
    dated(vendor, "Cấp hôm đó", decided=day, valid_until=day + datetime.timedelta(days=1095))
    dated(
        vendor,
        "Cấp hôm sau",
        decided=day + datetime.timedelta(days=1),
        valid_until=day.replace(year=2029),
    )
    dated(vendor, "Hết hạn hôm đó", decided=day.replace(year=2023), valid_until=day)
    dated(
        vendor,
        "Hết hạn hôm trước",
        decided=day.replace(year=2023),
        valid_until=day - datetime.timedelta(days=1),
    )
    found = totals(in_force_on=day)
    assert found.products == 2  # issued that day, and expiring that day
    assert found.expiring_soon == 1  # the one expiring that day
    assert totals(in_force_on=day + datetime.timedelta(days=1)).products == 2
    assert totals(in_force_on=day - datetime.timedelta(days=1)).products == 2


def test_expiring_within_90_days_counts_from_the_day_asked(vendor):
    day = DAY
    dated(
        vendor,
        "Còn 90 ngày",
        decided=day.replace(year=2024),
        valid_until=day + datetime.timedelta(days=90),
    )
    dated(
        vendor,
        "Còn 91 ngày",
        decided=day.replace(year=2024),
        valid_until=day + datetime.timedelta(days=91),
    )
    assert totals(in_force_on=day).expiring_soon == 1
    assert totals(in_force_on=day + datetime.timedelta(days=1)).expiring_soon == 2
    assert totals(in_force_on=day - datetime.timedelta(days=1)).expiring_soon == 0


def test_a_revoked_certificate_was_in_force_until_the_day_it_was_revoked(vendor):
    day = DAY
    revoked = dated(
        vendor, "Thu hồi", decided=day.replace(year=2025), valid_until=day.replace(year=2028)
    )
    never_timed = dated(
        vendor,
        "Thu hồi không rõ ngày",
        decided=day.replace(year=2025),
        valid_until=day.replace(year=2028),
    )
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 30)))
    OcopCertificate.objects.filter(pk=revoked.certificate_id).update(revoked=True, revoked_at=at)
    OcopCertificate.objects.filter(pk=never_timed.certificate_id).update(revoked=True)
    assert totals(in_force_on=day - datetime.timedelta(days=1)).products == 1
    assert totals(in_force_on=day).products == 0  # revoked during the day
    assert totals(in_force_on=day + datetime.timedelta(days=1)).products == 0
    assert totals().products == 0


def test_the_api_takes_the_day(vendor):
    dated(vendor, "Cấp hôm đó", decided=DAY, valid_until=DAY + datetime.timedelta(days=60))
    query = """query($filter: OcopStatisticsFilterInput) { ocopStatistics(filter: $filter) {
        inForceOn totals { products expiringSoon } } }"""
    client = GraphQLClient(sync_search=False)
    data = client.execute(query, {"filter": {"inForceOn": DAY.isoformat()}})["ocopStatistics"]
    assert data == {"inForceOn": DAY.isoformat(), "totals": {"products": 1, "expiringSoon": 1}}
    before = DAY - datetime.timedelta(days=1)
    data = client.execute(query, {"filter": {"inForceOn": before.isoformat()}})["ocopStatistics"]
    assert data["totals"]["products"] == 0


@pytest.fixture
def cached(settings):
    settings.OCOP_STATISTICS_CACHE_SECONDS = 300


def test_a_certificate_change_shows_in_the_next_cached_answer(
    cached, vendor, staff, django_capture_on_commit_callbacks, django_assert_num_queries
):
    tea = listing(vendor, "Chè Mộc Châu", stars=5)
    listing(vendor, "Mận Mộc Châu", stars=3)
    assert totals().products == 2
    with django_assert_num_queries(0):
        assert totals().products == 2  # from the cache
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate=tea.certificate, actor=staff, reason="Quyết định bị hủy")
    assert totals().products == 1
    with django_capture_on_commit_callbacks(execute=True):
        vendor_set_status(vendor=vendor, actor=staff, status=Vendor.Status.SUSPENDED)
    assert totals().products == 0


def test_a_rolled_back_change_keeps_the_cache(
    cached, vendor, staff, django_capture_on_commit_callbacks
):
    tea = listing(vendor, "Chè Mộc Châu", stars=5)
    key = _cache_key([], StatisticsFilter())
    assert totals().products == 1
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        certificate_revoke(certificate=tea.certificate, actor=staff, reason="Quyết định bị hủy")
    assert callbacks  # run only once the transaction commits, which here it never does
    assert cache.get(key) is not None


def test_the_warm_up_fills_the_default_views(cached, vendor, django_assert_num_queries):
    listing(vendor, "Chè Mộc Châu", stars=5)
    keys = [_cache_key(list(group_by), StatisticsFilter()) for group_by in DEFAULT_VIEWS]
    assert all(cache.get(key) is None for key in keys)
    assert tasks.warm_programme_statistics.delay().get() == len(DEFAULT_VIEWS)
    assert all(cache.get(key) is not None for key in keys)
    with django_assert_num_queries(0):
        result = programme_statistics(group_by=[Dimension.PROVINCE], filters=StatisticsFilter())
    assert result.totals.products == 1 and result.rows[0].counts.by_stars[5] == 1


def test_a_change_has_the_outbox_warm_the_default_views(
    cached, vendor, staff, django_capture_on_commit_callbacks, django_assert_num_queries
):
    tea = listing(vendor, "Chè Mộc Châu", stars=5)
    listing(vendor, "Mận Mộc Châu", stars=3)
    assert totals().products == 2
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate=tea.certificate, actor=staff, reason="Quyết định bị hủy")
    with django_assert_num_queries(0):  # computed again by the outbox, right after commit
        assert totals().products == 1
        assert totals(in_force_on=timezone.localdate()).products == 1  # today, said or not


def test_a_product_withdrawn_leaves_the_next_cached_answer(
    cached, vendor, django_capture_on_commit_callbacks
):
    tea = listing(vendor, "Chè Mộc Châu", stars=5)
    assert totals().products == 1
    with django_capture_on_commit_callbacks(execute=True):
        product_archive(product=tea, actor=owner_of(vendor))
    assert totals().products == 0


def test_the_pages_default_views_are_the_warmed_ones(
    cached, client, vendor, django_assert_max_num_queries
):
    listing(vendor, "Chè Mộc Châu", stars=5)
    tasks.warm_programme_statistics.delay()
    sectors()  # the header's sector menu, cached too (tests/frontend/test_header.py)
    for url in ("/thong-ke/", "/thong-ke/?by=tinh-cu", f"/thong-ke/?on={timezone.localdate()}"):
        with django_assert_max_num_queries(2):  # the place names only
            response = client.get(url, secure=True)
        assert response.status_code == 200, url
