"""`ocopStatistics`: the programme's numbers as /thong-ke/ shows them, grouped as the client
asks. At most five queries: the place names (two, only when `filter.provinces` is given), the
grouped rows, the totals and the showrooms."""

import graphene
from django.utils.translation import gettext as _

from catalog.graphql.lookup import OcopCodeName
from catalog.statistics import STARS, Dimension, StatisticsFilter
from inventory.statistics import programme_statistics
from marketplace.core.errors import ErrorCode, FieldError, ServiceError
from marketplace.core.ocop import taxonomy
from marketplace.core.text import fold
from marketplace.geography.selectors import resolve_places
from marketplace.graphql.core.mutations import to_graphql_errors
from marketplace.graphql.core.types import Error
from vendors.graphql.types import VendorKindEnum

DimensionEnum = graphene.Enum(
    "OcopStatisticsDimension",
    [(d.name, d.value) for d in Dimension],
    description="What to group by: today's PROVINCE or the pre-2025 LEGACY_PROVINCE of the "
    "product's origin commune, STARS, SECTOR, PRODUCT_SET, PRODUCER_KIND, or YEAR of the "
    "recognition decision.",
)
NOTHING = ("",)  # a place filter that names only unknown places matches nothing


class OcopStatisticsFilterInput(graphene.InputObjectType):
    provinces = graphene.List(
        graphene.NonNull(graphene.String),
        description='Codes or names, today\'s or pre-2025 ("14", "Sơn La", "Bắc Kạn": the '
        "communes that came from Bắc Kạn). Unknown ones are dropped; only unknown ones match "
        "nothing.",
    )
    stars = graphene.List(graphene.NonNull(graphene.Int), description="3, 4 or 5.")
    sectors = graphene.List(
        graphene.NonNull(graphene.String), description='Sector codes ("I" to "VI") or names.'
    )
    in_force_on = graphene.Date(description="Certificates in force on this day; today if left out.")


class OcopStarsCount(graphene.ObjectType):
    stars = graphene.Int(required=True)
    products = graphene.Int(required=True)


class OcopStatisticsCounts(graphene.ObjectType):
    products = graphene.Int(
        required=True, description="Published products with a certificate in force."
    )
    producers = graphene.Int(required=True, description="Their producers, each counted once.")
    certificates = graphene.Int(required=True, description="Their certificates in force.")
    expiring_soon = graphene.Int(
        required=True, description="Of those, certificates expiring within 90 days."
    )
    by_stars = graphene.List(graphene.NonNull(OcopStarsCount), required=True)
    showrooms = graphene.Int(
        description="Active OCOP showrooms: in the totals, and in rows grouped by a place only."
    )

    @staticmethod
    def resolve_by_stars(root, info):
        return [OcopStarsCount(stars=s, products=root.by_stars.get(s, 0)) for s in STARS]


class OcopStatisticsRow(graphene.ObjectType):
    province = graphene.Field(OcopCodeName)
    legacy_province = graphene.Field(OcopCodeName)
    stars = graphene.Int()
    sector = graphene.Field(OcopCodeName)
    product_set = graphene.Field(OcopCodeName)
    producer_kind = graphene.Field(VendorKindEnum)
    year = graphene.Int()
    counts = graphene.Field(OcopStatisticsCounts, required=True)

    class Meta:
        description = "The counts of one combination of the groupings; unasked keys are null."


class OcopStatisticsPayload(graphene.ObjectType):
    group_by = graphene.List(graphene.NonNull(DimensionEnum), required=True)
    in_force_on = graphene.Date()
    rows = graphene.List(
        graphene.NonNull(OcopStatisticsRow),
        required=True,
        description="Combinations that have products, in code order; none without groupBy.",
    )
    totals = graphene.Field(OcopStatisticsCounts)
    errors = graphene.List(graphene.NonNull(Error), required=True)


def _filters(data: dict) -> StatisticsFilter:
    errors = []
    stars = tuple(sorted(set(data.get("stars") or ())))
    if any(s not in STARS for s in stars):
        errors.append(FieldError(ErrorCode.INVALID, _("Stars are 3, 4 or 5."), "filter.stars"))
    sectors = {s["code"]: s["code"] for s in taxonomy()["sectors"]}
    sectors.update({fold(s["name"]): s["code"] for s in taxonomy()["sectors"]})
    sector_codes = []
    for value in data.get("sectors") or ():
        code = sectors.get(value.strip()) or sectors.get(fold(value))
        if code is None:
            errors.append(
                FieldError(
                    ErrorCode.INVALID,
                    _("There is no sector %(sector)s.") % {"sector": value[:50]},
                    "filter.sectors",
                )
            )
        else:
            sector_codes.append(code)
    if errors:
        raise ServiceError(errors)
    province_codes, legacy_codes = (), ()
    if data.get("provinces"):
        places = resolve_places(data["provinces"][:50])
        province_codes, legacy_codes = places.province_codes, places.legacy_codes
        if not places:
            province_codes = NOTHING
    return StatisticsFilter(
        province_codes=province_codes,
        legacy_codes=legacy_codes,
        stars=stars,
        sector_codes=tuple(dict.fromkeys(sector_codes)),
        in_force_on=data.get("in_force_on"),
    )


def _row(row) -> OcopStatisticsRow:
    keys = row.keys
    place = lambda d: OcopCodeName(code=keys[d].code, name=keys[d].label) if d in keys else None  # noqa: E731
    return OcopStatisticsRow(
        province=place(Dimension.PROVINCE),
        legacy_province=place(Dimension.LEGACY_PROVINCE),
        stars=int(keys[Dimension.STARS].code) if Dimension.STARS in keys else None,
        sector=place(Dimension.SECTOR),
        product_set=place(Dimension.PRODUCT_SET),
        producer_kind=keys[Dimension.PRODUCER_KIND].code
        if Dimension.PRODUCER_KIND in keys
        else None,
        year=int(keys[Dimension.YEAR].code) if Dimension.YEAR in keys else None,
        counts=row.counts,
    )


class StatisticsQueries(graphene.ObjectType):
    ocop_statistics = graphene.Field(
        OcopStatisticsPayload,
        required=True,
        group_by=graphene.List(graphene.NonNull(DimensionEnum), description="At most three."),
        filter=OcopStatisticsFilterInput(),
        description="OCOP programme statistics: products with a certificate in force, their "
        "producers and certificates, those expiring within 90 days and OCOP showrooms, "
        "grouped by up to three dimensions. Public.",
    )

    @staticmethod
    def resolve_ocop_statistics(root, info, group_by=None, filter=None):
        dimensions = [Dimension(getattr(d, "value", d)) for d in group_by or ()]
        try:
            statistics = programme_statistics(group_by=dimensions, filters=_filters(filter or {}))
        except ServiceError as error:
            return OcopStatisticsPayload(
                group_by=[d.value for d in dimensions],
                rows=[],
                errors=to_graphql_errors(error.errors),
            )
        return OcopStatisticsPayload(
            group_by=[d.value for d in statistics.group_by],
            in_force_on=statistics.filters.day,
            rows=[_row(row) for row in statistics.rows],
            totals=statistics.totals,
            errors=[],
        )
