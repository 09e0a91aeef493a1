import graphene
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from graphql import GraphQLError

from marketplace.geography.graphql.types import CommuneType, ProvinceType
from marketplace.geography.models import LegacyProvince, Province
from marketplace.geography.selectors import communes_of, resolve_province
from marketplace.graphql.core.connections import connection_field, connection_type, paginate

ProvinceConnection = connection_type(ProvinceType)
CommuneConnection = connection_type(CommuneType)


def provinces_queryset():
    return Province.objects.prefetch_related(
        Prefetch("legacy_provinces", queryset=LegacyProvince.objects.order_by("code"))
    ).order_by("code")


class GeographyQueries(graphene.ObjectType):
    provinces = connection_field(
        ProvinceConnection, "The 34 provinces and cities, by code (all on one page by default)."
    )
    province = graphene.Field(
        ProvinceType,
        code=graphene.String(
            required=True, description='A code or name, current or pre-2025 ("Bắc Kạn").'
        ),
        description="Today's province for a code or name, current or pre-2025.",
    )
    communes = connection_field(
        CommuneConnection,
        "Communes of a province, by name.",
        province=graphene.String(
            required=True, description="A province code or name (pre-2025 names work too)."
        ),
        search=graphene.String(description="Part of the name, with or without diacritics."),
    )

    @staticmethod
    def resolve_provinces(root, info, **args):
        return paginate(provinces_queryset(), info, args, ProvinceConnection, default_page_size=100)

    @staticmethod
    def resolve_province(root, info, code):
        province = resolve_province(code)
        return provinces_queryset().get(pk=province.pk) if province else None

    @staticmethod
    def resolve_communes(root, info, province, search=None, **args):
        found = resolve_province(province)
        if found is None:
            raise GraphQLError(_("There is no province %(value)s.") % {"value": province})
        queryset = communes_of(found, search=search or "").select_related(
            "province", "legacy_province"
        )
        return paginate(queryset, info, args, CommuneConnection, default_page_size=100)
