"""Locations and their stock as clients see them."""

import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from inventory.graphql.visibility import visible_locations, visible_stock
from inventory.models import Location, Stock
from marketplace.geography.graphql.types import CommuneType, ProvinceType
from marketplace.graphql.core.types import visible_through

LocationKindEnum = graphene.Enum.from_enum(Location.Kind, name="LocationKind")


class LocationType(DjangoObjectType):
    name = graphene.String(required=True)
    kind = graphene.Field(LocationKindEnum, required=True)
    province = graphene.Field(ProvinceType, required=True)
    commune = graphene.Field(CommuneType, required=True)
    street_address = graphene.String(required=True)
    opening_hours = graphene.String(required=True, description='e.g. "T2–CN 7:30–21:00".')
    phone = graphene.String(required=True)
    pickup_enabled = graphene.Boolean(required=True, description="Shoppers may collect here.")

    class Meta:
        model = Location
        name = "Location"
        interfaces = (relay.Node,)
        fields = ("name", "kind", "commune", "street_address", "opening_hours", "phone")
        description = (
            "Where goods are: an OCOP showroom (điểm giới thiệu và bán sản phẩm OCOP) or a "
            "producer's warehouse (seen only by its members and staff)."
        )

    get_queryset = visible_through(visible_locations)

    @staticmethod
    def resolve_province(root, info):
        return root.commune.province


class StockType(DjangoObjectType):
    variant = graphene.Field("catalog.graphql.types.ProductVariantType", required=True)
    location = graphene.Field(LocationType, required=True)
    quantity = graphene.Int(required=True, description="Units on hand.")
    quantity_allocated = graphene.Int(
        required=True, description="Units set aside for orders, not yet handed over."
    )
    quantity_available = graphene.Int(
        required=True, description="Units that can still be sold: quantity - allocated."
    )
    low_stock_threshold = graphene.Int(required=True, description="Low at or below this.")
    is_low = graphene.Boolean(required=True, description="Available at or below the threshold.")

    class Meta:
        model = Stock
        name = "Stock"
        interfaces = (relay.Node,)
        fields = ("quantity", "quantity_allocated", "low_stock_threshold")
        description = "How many of a variant are at a location (seen by those who work there)."

    @classmethod
    def get_queryset(cls, queryset, info):
        return visible_stock(info.context.user).select_related(
            "variant", "location__commune__province"
        )

    @staticmethod
    def resolve_quantity_available(root, info):
        return root.quantity_available

    @staticmethod
    def resolve_is_low(root, info):
        return root.is_low


class ProductAvailability(graphene.ObjectType):
    location = graphene.Field(LocationType, required=True)
    quantity = graphene.Int(required=True, description="Units available to sell there.")

    class Meta:
        description = (
            "Where a product can be found: an OCOP showroom (or, for the producer's members and "
            "staff, one of its warehouses) with units of it available."
        )
