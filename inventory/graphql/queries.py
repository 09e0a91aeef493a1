import graphene
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils.translation import gettext as _
from graphql import GraphQLError

from inventory.access import require_location_access
from inventory.graphql import lookups
from inventory.graphql.pos_types import (
    PosConnectionType,
    ShowroomDailyReport,
    visible_pos_connections,
)
from inventory.graphql.records import ConsignmentAgreementType, TransferType
from inventory.graphql.types import LocationType, StockType
from inventory.graphql.visibility import visible_agreements, visible_transfers, workable_locations
from inventory.models import PosSkuMapping
from inventory.selectors import active_showrooms, stock_levels
from inventory.services.daily_report import showroom_daily_report
from marketplace.geography.selectors import resolve_province
from marketplace.graphql.core.connections import connection_field, connection_type, paginate
from marketplace.graphql.core.ids import decode_id
from marketplace.graphql.core.mutations import user_of
from marketplace.graphql.core.selection import requested_paths

LocationConnection = connection_type(LocationType)
StockConnection = connection_type(StockType)
TransferConnection = connection_type(TransferType)
ConsignmentAgreementConnection = connection_type(ConsignmentAgreementType)
PosConnectionConnection = connection_type(PosConnectionType)


class StockFilterInput(graphene.InputObjectType):
    search = graphene.String(description="Part of the SKU, the variant's or the product's name.")
    low_stock = graphene.Boolean(description="Only rows available at or below their threshold.")


class InventoryQueries(graphene.ObjectType):
    showrooms = connection_field(
        LocationConnection,
        "Active OCOP showrooms, by province and name.",
        province=graphene.String(
            description='A province code or name; pre-2025 names work too ("Bắc Kạn").'
        ),
    )
    my_locations = graphene.List(
        graphene.NonNull(LocationType),
        required=True,
        description="The locations the caller works with: a device its own; a producer's "
        "members its warehouses; an operator's staff its showrooms; staff every one.",
    )
    stock_levels = connection_field(
        StockConnection,
        "A location's stock by SKU, for those who work there (a device: its own location).",
        location_id=graphene.ID(required=True),
        filter=StockFilterInput(),
    )
    transfers = connection_field(
        TransferConnection,
        "Transfers the caller may see (its producers', or to and from where it works), "
        "newest first.",
        location_id=graphene.ID(description="Only those from or to this location."),
    )
    consignment_agreements = connection_field(
        ConsignmentAgreementConnection,
        "Consignment agreements the caller may see (its producers', or at its showrooms).",
        vendor_id=graphene.ID(),
        showroom_id=graphene.ID(),
    )

    pos_connections = connection_field(
        PosConnectionConnection,
        "A showroom's POS connections (its managers, clerks and devices; credentials never).",
        location_id=graphene.ID(required=True),
    )
    showroom_daily_report = graphene.Field(
        ShowroomDailyReport,
        required=True,
        location_id=graphene.ID(required=True),
        date=graphene.Date(required=True, description="The day, in Vietnam's time."),
        description="A showroom counter's end of day: sales by producer (with the showroom's "
        "commission) and by means of payment.",
    )

    @staticmethod
    def resolve_pos_connections(root, info, location_id, **args):
        with lookups.as_query_errors():
            location = lookups.location(info, location_id, "locationId")
            require_location_access(user_of(info), location)
        queryset = (
            visible_pos_connections(user_of(info))
            .filter(location=location)
            .select_related("location__commune__province")
            .order_by("pk")
        )
        return paginate(
            queryset,
            info,
            args,
            PosConnectionConnection,
            prefetch=lambda page: prefetch_related_objects(
                page, Prefetch("mappings", PosSkuMapping.objects.select_related("variant"))
            ),
        )

    @staticmethod
    def resolve_showroom_daily_report(root, info, location_id, date):
        from vendors.models import Vendor

        with lookups.as_query_errors():
            location = lookups.location(info, location_id, "locationId")
            report = showroom_daily_report(actor=user_of(info), location=location, day=date)
        # One query for the producers, with what their type reads (province via commune).
        vendors = Vendor.objects.select_related("commune__province").in_bulk(
            [line.vendor_id for line in report.producers]
        )
        return ShowroomDailyReport.from_report(report, vendors)

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

    @staticmethod
    def resolve_my_locations(root, info):
        return workable_locations(user_of(info)).select_related("commune__province")

    @staticmethod
    def resolve_stock_levels(root, info, location_id, filter=None, **args):
        with lookups.as_query_errors():
            location = lookups.location(info, location_id, "locationId")
            require_location_access(user_of(info), location)
        filter = filter or {}
        queryset = stock_levels(
            location, search=filter.get("search"), low_stock=bool(filter.get("low_stock"))
        ).select_related("location__commune__province")
        return paginate(queryset, info, args, StockConnection)

    @staticmethod
    def resolve_transfers(root, info, location_id=None, **args):
        queryset = visible_transfers(user_of(info))
        if location_id is not None:
            with lookups.as_query_errors():
                location = lookups.location(info, location_id, "locationId")
                require_location_access(user_of(info), location)
            queryset = queryset.filter(Q(source=location) | Q(destination=location))
        queryset = queryset.select_related(
            "vendor", "source__commune__province", "destination__commune__province"
        ).order_by("-created_at", "-pk")
        return paginate(
            queryset,
            info,
            args,
            TransferConnection,
            prefetch=lambda page: prefetch_related_objects(page, "lines__variant"),
        )

    @staticmethod
    def resolve_consignment_agreements(root, info, vendor_id=None, showroom_id=None, **args):
        queryset = visible_agreements(user_of(info))
        with lookups.as_query_errors():
            if vendor_id is not None:
                queryset = queryset.filter(
                    vendor_id=decode_id(vendor_id, "Vendor", field="vendorId")
                )
            if showroom_id is not None:
                pk = decode_id(showroom_id, "Location", field="showroomId")
                queryset = queryset.filter(showroom_id=pk)
        queryset = queryset.select_related("vendor", "showroom__commune__province").order_by(
            "-starts_on", "-pk"
        )
        return paginate(queryset, info, args, ConsignmentAgreementConnection)


def _prefetch_legacy_names(info, page) -> None:
    paths = requested_paths(info, "edges", "node")
    if {"province.legacyNames", "commune.province.legacyNames"} & paths:
        prefetch_related_objects(page, "commune__province__legacy_provinces")
