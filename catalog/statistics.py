"""Programme statistics over the catalogue: products with a certificate in force, their
producers, their certificates and those running out within 90 days, grouped by any of province,
pre-2025 province, stars, sector, product set, kind of producer and year of recognition.

Aggregate SQL only (values + annotate with conditional Counts; the grouped rows are named by a
join around that aggregate), the same on SQLite and PostgreSQL: one query for the grouped rows
and one for the totals, whatever the size of the catalogue. Totals are counted, not summed: a
producer with products in two provinces is one producer nationally.

Both read `CertifiedListing`, the narrow table the database keeps by triggers (one row per
published product of an active producer with a verified certificate): joining products,
certificates, producers, communes and categories for each answer cost three to four times as
much on the 20,000-product catalogue. `certified_listings_rebuild()` writes it from scratch.

In force on a day: decided on or before it, valid until it or later, and not revoked by then.
A revocation counts from the day it was made (a certificate revoked during the day is not in
force that day); a revoked certificate with no recorded time never counts.
"""

import datetime
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import connection, connections, router, transaction
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from catalog.models import Category, CertifiedListing
from marketplace.geography.models import LegacyProvince, Province
from vendors.models import VendorKind

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


# Each dimension's column on the listings table, and the table (with its key and its code and
# label columns) that names it. The rows are grouped on the narrow column alone and named
# afterwards, a join per group rather than per listing: sorting 20,000 listings on a province's
# name as well as its code doubled the query.
_COLUMNS = {
    Dimension.PROVINCE: ("province_id", (Province, "code", "code", "short_name")),
    Dimension.LEGACY_PROVINCE: ("legacy_province_id", (LegacyProvince, "code", "code", "name")),
    Dimension.STARS: ("stars", None),
    Dimension.SECTOR: ("sector_id", (Category, "id", "code", "name")),
    Dimension.PRODUCT_SET: ("product_set_id", (Category, "id", "code", "name")),
    Dimension.PRODUCER_KIND: ("producer_kind", None),
    Dimension.YEAR: (ExtractYear("decision_date"), None),
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


def in_force_on(day: datetime.date) -> Q:
    """Listings whose certificate is in force on `day` (see the module's docstring)."""
    next_day = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return Q(decision_date__lte=day, valid_until__gte=day) & (
        Q(revoked=False) | Q(revoked_at__gte=timezone.make_aware(next_day))
    )


def certified_listings(filters: StatisticsFilter) -> QuerySet[CertifiedListing]:
    """Published products of active producers whose certificate is in force on the day."""
    queryset = CertifiedListing.objects.filter(in_force_on(filters.day))
    place = Q()
    if filters.province_codes:
        place |= Q(province_id__in=filters.province_codes)
    if filters.legacy_codes:
        place |= Q(legacy_province_id__in=filters.legacy_codes)
    if place:
        queryset = queryset.filter(place)
    if filters.stars:
        queryset = queryset.filter(stars__in=filters.stars)
    if filters.sector_codes:
        queryset = queryset.filter(sector__code__in=filters.sector_codes)
    return queryset


def _measures(day: datetime.date) -> dict:
    horizon = day + datetime.timedelta(days=EXPIRY_HORIZON_DAYS)
    measures = {
        "products": Count("pk"),
        "producers": Count("vendor_id", distinct=True),
        "certificates": Count("certificate_id", distinct=True),
        "expiring_soon": Count("certificate_id", distinct=True, filter=Q(valid_until__lte=horizon)),
    }
    for stars in STARS:
        measures[f"stars_{stars}"] = Count("pk", filter=Q(stars=stars))
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
    return _counts(certified_listings(filters).aggregate(**_measures(filters.day)))


def catalogue_rows(group_by: list[Dimension], filters: StatisticsFilter) -> list[Row]:
    """One query: a row per combination of the dimensions that has products, in the order of
    their codes."""
    if not group_by:
        return []
    keys = {f"key_{n}": _COLUMNS[d][0] for n, d in enumerate(group_by)}
    grouped = (
        certified_listings(filters)
        .order_by()
        .annotate(**{alias: F(c) if isinstance(c, str) else c for alias, c in keys.items()})
        .values(*keys)
        .annotate(**_measures(filters.day))
    )
    inner, params = grouped.query.sql_with_params()
    columns, joins, order = ["grouped.*"], [], []
    for n, dimension in enumerate(group_by):
        names = _COLUMNS[dimension][1]
        if names is None:
            columns.append(f"grouped.key_{n} AS code_{n}")
            order.append(f"grouped.key_{n}")
            continue
        model, key, code, label = names
        table = connection.ops.quote_name(model._meta.db_table)
        joins.append(f"LEFT JOIN {table} names_{n} ON names_{n}.{key} = grouped.key_{n}")
        columns += [f"names_{n}.{code} AS code_{n}", f"names_{n}.{label} AS label_{n}"]
        order.append(f"names_{n}.{code}")
    sql = (
        f"SELECT {', '.join(columns)} FROM ({inner}) grouped {' '.join(joins)} "
        f"ORDER BY {', '.join(order)}"
    )
    database = router.db_for_read(CertifiedListing)
    with connections[database].cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        found = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    return [
        Row({d: _key(d, row, n) for n, d in enumerate(group_by)}, _counts(row)) for row in found
    ]


def _key(dimension: Dimension, row: dict, n: int) -> Key:
    code = row[f"code_{n}"]
    if code is None:  # a commune the pre-2025 ranges do not place
        return Key("", "")
    if dimension == Dimension.PRODUCER_KIND:
        return Key(code, str(_KIND_LABELS.get(code, code)))
    if _COLUMNS[dimension][1] is None:
        return Key(str(code), str(code))
    return Key(str(code), row[f"label_{n}"] or "")


# What the triggers of migration catalog 0008 insert for the products they are given; the
# rebuild runs it for all. A test compares the two, so keep them in step.
LISTINGS_COLUMNS = (
    "product_id, vendor_id, producer_kind, certificate_id, stars, decision_date, valid_until, "
    "revoked, revoked_at, province_id, legacy_province_id, product_set_id, sector_id"
)
LISTINGS_SELECT = """SELECT p.id, p.vendor_id, v.kind, p.certificate_id, c.stars, c.decision_date,
    c.valid_until, c.revoked, c.revoked_at, m.province_id, m.legacy_province_id, p.category_id,
    g.parent_id
FROM catalog_product p
JOIN vendors_vendor v ON v.id = p.vendor_id
JOIN vendors_ocopcertificate c ON c.id = p.certificate_id
JOIN geography_commune m ON m.code = p.origin_commune_id
JOIN catalog_category s ON s.id = p.category_id
LEFT JOIN catalog_category g ON g.id = s.parent_id
WHERE p.status = 'published' AND v.status = 'active' AND c.verification_status = 'verified'"""


def certified_listings_rebuild() -> int:
    """Write the listings table from scratch, in one transaction (two statements); returns how
    many rows it holds. For after moving communes or categories, and for tests."""
    table = CertifiedListing._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")
        cursor.execute(f"INSERT INTO {table} ({LISTINGS_COLUMNS}) {LISTINGS_SELECT}")
    return CertifiedListing.objects.count()
