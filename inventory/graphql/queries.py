import graphene
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from graphql import GraphQLError

from inventory.graphql.types import LocationType
from inventory.selectors import active_showrooms
from marketplace.geography.selectors import resolve_province
from marketplace.graphql.core.connections import connection_field, connection_type, paginate
from marketplace.graphql.core.selection import requested_paths

LocationConnection = connection_type(LocationType)


class InventoryQueries(graphene.ObjectType):
    showrooms = connection_field(
        LocationConnection,
        "Active OCOP showrooms, by province and name.",
        province=graphene.String(
            description='A province code or name; pre-2025 names work too ("Bắc Kạn").'
        ),
    )

    @staticmethod
    def resolve_showrooms(root, info, province=None, **args):
        queryset = active_showrooms().select_related(
            "commune__province", "commune__legacy_province"
        )
        if province is not None:
            found = resolve_province(province)
            if found is None:
                raise GraphQLError(_("There is no province %(value)s.") % {"value": province})
            queryset = queryset.filter(commune__province=found)
        return paginate(
            queryset.order_by("commune__province_id", "name", "pk"),
            info,
            args,
            LocationConnection,
            prefetch=lambda page: _prefetch_legacy_names(info, page),
        )


def _prefetch_legacy_names(info, page) -> None:
    paths = requested_paths(info, "edges", "node")
    if {"province.legacyNames", "commune.province.legacyNames"} & paths:
        prefetch_related_objects(page, "commune__province__legacy_provinces")
