"""Fulfilment reads: producers' parts of orders, a showroom's waiting pickups, and what
producers are owed."""

import graphene

from inventory.access import require_location_access
from inventory.graphql import lookups as inventory_lookups
from inventory.graphql.lookups import as_query_errors
from marketplace.graphql.core.connections import connection_field, paginate
from marketplace.graphql.core.ids import decode_id
from marketplace.graphql.core.mutations import user_of
from orders.earnings_selectors import vendor_balance, vendor_statements
from orders.graphql.earnings_types import VendorBalanceType, VendorStatementType
from orders.graphql.fulfilment import (
    VendorOrderConnection,
    member_vendor,
    parse_month,
    related,
    with_parts,
)
from orders.graphql.shipments import prefetch_tracking
from orders.graphql.types import VendorOrderStatusEnum
from orders.selectors import producer_parts_visible_to
from orders.services.pickup import pickups_for


class VendorOrderFilterInput(graphene.InputObjectType):
    status = VendorOrderStatusEnum()
    vendor_id = graphene.ID(description="One of the caller's producers.")


class FulfilmentQueries(graphene.ObjectType):
    vendor_orders = connection_field(
        VendorOrderConnection,
        "Parts of orders the caller's producers fulfil (staff: every producer's), newest first.",
        filter=VendorOrderFilterInput(),
    )
    pickups = connection_field(
        VendorOrderConnection,
        "Paid pickup orders waiting at a showroom, oldest first: for its device and its "
        "operator's people.",
        location_id=graphene.ID(required=True),
    )
    my_balance = graphene.Field(
        VendorBalanceType,
        required=True,
        vendor_id=graphene.ID(required=True),
        description="What the marketplace owes one of the caller's producers.",
    )
    my_statements = graphene.List(
        graphene.NonNull(VendorStatementType),
        required=True,
        vendor_id=graphene.ID(required=True),
        month=graphene.String(description='"2025-10"; without it the last 12 active months.'),
        description="A producer's monthly statements, newest first.",
    )

    @staticmethod
    def resolve_vendor_orders(root, info, filter=None, **args):
        queryset = producer_parts_visible_to(user_of(info))
        filter = filter or {}
        if filter.get("status") is not None:
            queryset = queryset.filter(status=getattr(filter["status"], "value", filter["status"]))
        if filter.get("vendor_id") is not None:
            with as_query_errors():
                pk = decode_id(filter["vendor_id"], "Vendor", field="filter.vendorId")
            queryset = queryset.filter(vendor_id=pk)
        queryset = with_parts(queryset.order_by("-created_at", "-pk"))
        queryset = prefetch_tracking(queryset, info, "edges", "node")
        return paginate(queryset, info, args, VendorOrderConnection)

    @staticmethod
    def resolve_pickups(root, info, location_id, **args):
        with as_query_errors():
            location = inventory_lookups.location(info, location_id, "locationId")
            require_location_access(user_of(info), location)
        return paginate(related(pickups_for(location=location)), info, args, VendorOrderConnection)

    @staticmethod
    def resolve_my_balance(root, info, vendor_id):
        with as_query_errors():
            return vendor_balance(member_vendor(info, vendor_id))

    @staticmethod
    def resolve_my_statements(root, info, vendor_id, month=None):
        with as_query_errors():
            vendor = member_vendor(info, vendor_id)
            return vendor_statements(vendor, parse_month(month))
