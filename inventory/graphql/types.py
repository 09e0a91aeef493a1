import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from inventory.models import Location
from inventory.selectors import locations_visible_to
from marketplace.geography.graphql.types import CommuneType, ProvinceType

LocationKindEnum = graphene.Enum.from_enum(Location.Kind, name="LocationKind")


class LocationType(DjangoObjectType):
    name = graphene.String(required=True)
    kind = graphene.Field(LocationKindEnum, required=True)
    province = graphene.Field(ProvinceType, required=True)
    commune = graphene.Field(CommuneType, required=True)
    street_address = graphene.String(required=True)

    class Meta:
        model = Location
        name = "Location"
        interfaces = (relay.Node,)
        fields = ("name", "kind", "commune", "street_address")
        description = (
            "Where goods are: an OCOP showroom (điểm giới thiệu và bán sản phẩm OCOP) or a "
            "producer's warehouse (seen only by its members and staff)."
        )

    @classmethod
    def get_queryset(cls, queryset, info):
        return locations_visible_to(info.context.user)

    @staticmethod
    def resolve_province(root, info):
        return root.commune.province
