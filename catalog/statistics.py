"""Programme statistics over the catalogue: products with a certificate in force, their
producers, their certificates and those running out within 90 days, grouped by any of province,
pre-2025 province, stars, sector, product set, kind of producer and year of recognition.

Aggregate SQL only (values + annotate with conditional Counts), the same on SQLite and
PostgreSQL: one query for the grouped rows and one for the totals, whatever the size of the
catalogue. Totals are counted, not summed: a producer with products in two provinces is one
producer nationally.
"""

import datetime
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from catalog.models import Product
from vendors.models import OcopCertificate, VendorKind

EXPIRY_HORIZON_DAYS = 90
STARS = (3, 4, 5)
MAX_DIMENSIONS = 3


class Dimension(StrEnum):
    PROVINCE = "province"
    LEGACY_PROVINCE = "legacy_province"
    STARS = "stars"
    SECTOR = "sector"
    PRODUCT_SET = "product_set"
    PRODUCER_KIND = "producer_kind"
    YEAR = "year"


# Each dimension's (code column, label column) on the product table; labels of a code are
# functionally dependent on it, so selecting them does not split the groups.
_COLUMNS = {
    Dimension.PROVINCE: ("origin_commune__province_id", "origin_commune__province__short_name"),
    Dimension.LEGACY_PROVINCE: (
        "origin_commune__legacy_province_id",
        "origin_commune__legacy_province__name",
    ),
    Dimension.STARS: ("certificate__stars", None),
    Dimension.SECTOR: ("category__parent__parent__code", "category__parent__parent__name"),
    Dimension.PRODUCT_SET: ("category__code", "category__name"),
    Dimension.PRODUCER_KIND: ("vendor__kind", None),
    Dimension.YEAR: ("_year", None),
}
_KIND_LABELS = dict(VendorKind.choices)


@dataclass(frozen=True)
class StatisticsFilter:
    province_codes: tuple[str, ...] = ()
    legacy_codes: tuple[str, ...] = ()  # pre-2025 provinces: the communes that came from them
    stars: tuple[int, ...] = ()
    sector_codes: tuple[str, ...] = ()  # "I", "II", ...
    in_force_on: datetime.date | None = None  # today when None

    @property
    def day(self) -> datetime.date:
        return self.in_force_on or timezone.localdate()


@dataclass(frozen=True)
class Key:
    code: str
    label: str


@dataclass
class Counts:
    products: int = 0
    producers: int = 0
    certificates: int = 0
    expiring_soon: int = 0
    by_stars: dict[int, int] = field(default_factory=dict)
    showrooms: int | None = None  # only where a row is a place (or for the totals)


@dataclass
class Row:
    keys: dict[Dimension, Key]
    counts: Counts


def certified_products(filters: StatisticsFilter) -> QuerySet[Product]:
    """Published products of active producers whose certificate is in force on the day."""
    day = filters.day
    queryset = Product.objects.published().filter(
        certificate__verification_status=OcopCertificate.Verification.VERIFIED,
        certificate__revoked=False,
        certificate__decision_date__lte=day,
        certificate__valid_until__gte=day,
    )
    place = Q()
    if filters.province_codes:
        place |= Q(origin_commune__province_id__in=filters.province_codes)
    if filters.legacy_codes:
        place |= Q(origin_commune__legacy_province_id__in=filters.legacy_codes)
    if place:
        queryset = queryset.filter(place)
    if filters.stars:
        queryset = queryset.filter(certificate__stars__in=filters.stars)
    if filters.sector_codes:
        queryset = queryset.filter(category__parent__parent__code__in=filters.sector_codes)
    return queryset


def _measures(day: datetime.date) -> dict:
    horizon = day + datetime.timedelta(days=EXPIRY_HORIZON_DAYS)
    measures = {
        "products": Count("pk"),
        "producers": Count("vendor_id", distinct=True),
        "certificates": Count("certificate_id", distinct=True),
        "expiring_soon": Count(
            "certificate_id", distinct=True, filter=Q(certificate__valid_until__lte=horizon)
        ),
    }
    for stars in STARS:
        measures[f"stars_{stars}"] = Count("pk", filter=Q(certificate__stars=stars))
    return measures


def _counts(values: dict) -> Counts:
    return Counts(
        products=values["products"],
        producers=values["producers"],
        certificates=values["certificates"],
        expiring_soon=values["expiring_soon"],
        by_stars={stars: values[f"stars_{stars}"] for stars in STARS},
    )


def catalogue_totals(filters: StatisticsFilter) -> Counts:
    """One query."""
    return _counts(certified_products(filters).aggregate(**_measures(filters.day)))


def catalogue_rows(group_by: list[Dimension], filters: StatisticsFilter) -> list[Row]:
    """One query: a row per combination of the dimensions that has products."""
    if not group_by:
        return []
    queryset = certified_products(filters)
    if Dimension.YEAR in group_by:
        queryset = queryset.annotate(_year=ExtractYear(F("certificate__decision_date")))
    codes = [_COLUMNS[d][0] for d in group_by]
    labels = [_COLUMNS[d][1] for d in group_by if _COLUMNS[d][1]]
    rows = (
        queryset.order_by()
        .values(*codes, *labels)
        .annotate(**_measures(filters.day))
        .order_by(*codes)
    )
    return [Row({d: _key(d, row) for d in group_by}, _counts(row)) for row in rows]


def _key(dimension: Dimension, row: dict) -> Key:
    code_column, label_column = _COLUMNS[dimension]
    code = row[code_column]
    if code is None:  # a commune the pre-2025 ranges do not place
        return Key("", "")
    if dimension == Dimension.PRODUCER_KIND:
        return Key(code, str(_KIND_LABELS.get(code, code)))
    if label_column is None:
        return Key(str(code), str(code))
    return Key(str(code), row[label_column] or "")
