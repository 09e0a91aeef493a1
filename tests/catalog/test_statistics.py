"""Programme statistics: what is counted, by what, and in a fixed number of queries."""

import datetime

import pytest
from django.utils import timezone

from catalog.statistics import Dimension, StatisticsFilter
from inventory.statistics import programme_statistics
from marketplace.core.errors import ErrorCode, ServiceError
from tests.factories import VendorFactory, commune
from tests.graphql.catalog_fixtures import BA_DINH, MOC_CHAU, NA_RI, Status, listing, showroom
from tests.graphql.client import GraphQLClient
from vendors.models import Vendor, VendorKind

pytestmark = pytest.mark.django_db

THAI_NGUYEN_CITY = "05500"  # a ward of Thái Nguyên that was Thái Nguyên before 2025 as well


@pytest.fixture
def catalogue(vendor, other_vendor):
    listing(vendor, "Chè Mộc Châu", stars=5)
    listing(vendor, "Trà Mộc Châu", stars=4)
    listing(vendor, "Mận Mộc Châu", stars=3)
    listing(other_vendor, "Miến dong Na Rì", stars=4, origin=NA_RI, category="I.3.c")
    listing(other_vendor, "Miến dong cũ", stars=3, origin=NA_RI, expired=True)
    listing(other_vendor, "Miến nháp", stars=3, origin=NA_RI, status=Status.DRAFT)
    listing(other_vendor, "Miến chưa chứng nhận", origin=NA_RI)
    showroom("Điểm bán Sơn La", MOC_CHAU)
    showroom("Điểm bán Hà Nội", BA_DINH)
    showroom("Điểm bán đóng cửa", MOC_CHAU, active=False)


def by(*dimensions, **filters):
    result = programme_statistics(group_by=list(dimensions), filters=StatisticsFilter(**filters))
    return {tuple(k.code for k in row.keys.values()): row.counts for row in result.rows}, result


def test_only_published_products_with_a_certificate_in_force_count(catalogue):
    rows, result = by(Dimension.PROVINCE)
    assert {code: c.products for code, c in rows.items()} == {("14",): 3, ("19",): 1}
    assert rows[("14",)].by_stars == {3: 1, 4: 1, 5: 1}
    assert rows[("14",)].producers == 1
    assert rows[("14",)].showrooms == 1 and rows[("19",)].showrooms == 0
    totals = result.totals
    assert (totals.products, totals.producers, totals.certificates, totals.showrooms) == (
        4,
        2,
        4,
        2,
    )


def test_a_pre_2025_province_means_the_communes_that_came_from_it(catalogue):
    rows, _result = by(Dimension.LEGACY_PROVINCE)
    assert {code: c.products for code, c in rows.items()} == {("06",): 1, ("14",): 3}
    _rows, bac_kan = by(legacy_codes=("06",))
    assert bac_kan.totals.products == 1 and bac_kan.totals.showrooms == 0


def test_filters_by_stars_sector_and_day(catalogue):
    assert by(stars=(4, 5))[1].totals.products == 3
    assert by(sector_codes=("IV",))[1].totals.products == 0
    two_years_ago = timezone.localdate() - datetime.timedelta(days=730)
    # The expired certificate (decided 1,200 days ago) was in force then; the others not yet.
    assert by(in_force_on=two_years_ago)[1].totals.products == 1


def test_certificates_expiring_within_90_days(vendor):
    product = listing(vendor, "Chè sắp hết hạn", stars=4)
    product.certificate.valid_until = timezone.localdate() + datetime.timedelta(days=30)
    product.certificate.save()
    listing(vendor, "Chè còn lâu", stars=4)
    assert by()[1].totals.expiring_soon == 1


def test_every_dimension_groups(catalogue):
    rows, _ = by(Dimension.STARS, Dimension.PRODUCER_KIND, Dimension.YEAR)
    year = str(timezone.localdate().year - (1 if timezone.localdate().month <= 3 else 0))
    kind = VendorKind.COOPERATIVE.value
    assert sum(c.products for c in rows.values()) == 4
    assert all(key[1] == kind for key in rows)
    assert {key[2] for key in rows} <= {year, str(int(year) + 1), str(int(year) - 1)}
    sets, _ = by(Dimension.SECTOR, Dimension.PRODUCT_SET)
    assert set(sets) == {("I", "I.5.a"), ("I", "I.3.c")}


@pytest.mark.parametrize("group_by", [[Dimension.STARS, Dimension.STARS], list(Dimension)[:4]])
def test_too_many_or_repeated_groupings_are_refused(group_by):
    with pytest.raises(ServiceError) as excinfo:
        programme_statistics(group_by=group_by, filters=StatisticsFilter())
    assert excinfo.value.codes == [ErrorCode.INVALID]


def test_suspended_producers_do_not_count(catalogue, other_vendor):
    Vendor.objects.filter(pk=other_vendor.pk).update(status=Vendor.Status.SUSPENDED)
    assert by()[1].totals.products == 3


def test_the_number_of_queries_does_not_grow_with_the_catalogue(
    catalogue, django_assert_max_num_queries
):
    for number in range(30):
        origin = (MOC_CHAU, NA_RI, BA_DINH, THAI_NGUYEN_CITY)[number % 4]
        listing(
            VendorFactory(commune=commune(origin)), f"Sản phẩm {number}", stars=3, origin=origin
        )
    with django_assert_max_num_queries(3):
        by(Dimension.PROVINCE, Dimension.STARS)
    with django_assert_max_num_queries(3):
        by(Dimension.PROVINCE, legacy_codes=("06",), stars=(3,))


STATISTICS = """query($groupBy: [OcopStatisticsDimension!], $filter: OcopStatisticsFilterInput) {
  ocopStatistics(groupBy: $groupBy, filter: $filter) {
    errors { field code } inForceOn groupBy
    totals { products producers certificates expiringSoon showrooms byStars { stars products } }
    rows { province { code name } legacyProvince { code name } stars sector { code name }
           productSet { code } producerKind year
           counts { products producers showrooms byStars { stars products } } }
  }
}"""


def api(query, variables):
    # Not a catalogue search: no search index to bring up to date before the request.
    return GraphQLClient(sync_search=False).execute(query, variables)["ocopStatistics"]


def test_the_api_gives_the_same_numbers_in_at_most_five_queries(
    catalogue, django_assert_max_num_queries
):
    variables = {"groupBy": ["PROVINCE"], "filter": {"provinces": ["Bắc Kạn", "Sơn La", "??"]}}
    with django_assert_max_num_queries(5):
        data = api(STATISTICS, variables)
    assert data["errors"] == []
    assert [(r["province"]["name"], r["counts"]["products"]) for r in data["rows"]] == [
        ("Sơn La", 3),
        ("Thái Nguyên", 1),
    ]
    assert data["totals"]["products"] == 4 and data["totals"]["showrooms"] == 1
    assert data["rows"][0]["counts"]["byStars"] == [
        {"stars": 3, "products": 1}, {"stars": 4, "products": 1}, {"stars": 5, "products": 1},
    ]  # fmt: skip


def test_the_api_says_what_is_wrong_with_a_filter():
    data = api(
        STATISTICS, {"groupBy": ["STARS", "STARS"], "filter": {"stars": [2], "sectors": ["X"]}}
    )
    assert {(e["field"], e["code"]) for e in data["errors"]} == {
        ("filter.stars", "INVALID"),
        ("filter.sectors", "INVALID"),
    }
    assert data["rows"] == [] and data["totals"] is None


def test_only_unknown_provinces_match_nothing(catalogue):
    data = api(STATISTICS, {"filter": {"provinces": ["Atlantis"]}})
    assert data["totals"]["products"] == 0
