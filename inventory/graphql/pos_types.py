"""A showroom's POS connections, its item mapping table, its bank account and its end-of-day
report, as integrators and the console read them. Credentials never leave the server: a
connection says only which of them are set."""

import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from inventory.graphql.records import PosPaymentMethodEnum, StockSyncStatusEnum
from inventory.graphql.types import LocationType
from inventory.models import PosConnection, PosSkuMapping, ShowroomBankAccount
from inventory.selectors import locations_of
from inventory.views import webhook_url
from marketplace.graphql.core.types import Money, money

PosProviderEnum = graphene.Enum.from_enum(PosConnection.Provider, name="PosProvider")
PosMappingEnum = graphene.Enum.from_enum(
    PosConnection.Mapping,
    name="PosSkuMappingMode",
    description="How a POS item finds our SKU: its SKU code, its barcode (our GTIN), or the "
    "connection's mapping table.",
)
PosConnectionStatusEnum = graphene.Enum.from_enum(PosConnection.Status, name="PosConnectionStatus")


def visible_pos_connections(user):
    """Connections of the showrooms the caller works at (clerks and devices read them)."""
    return PosConnection.objects.filter(location__in=locations_of(user))


class PosSyncReportRow(graphene.ObjectType):
    code = graphene.String(required=True, description="The POS's code (or id) of the item.")
    sku = graphene.String(required=True, description="Our SKU it mapped to; empty if none.")
    quantity = graphene.Int(description="The count the POS reported.")
    status = graphene.Field(StockSyncStatusEnum, required=True)
    message = graphene.String(required=True)


class PosSyncReport(graphene.ObjectType):
    source = graphene.String(required=True, description="pull, full or webhook.")
    at = graphene.DateTime()
    applied = graphene.Int(required=True)
    rejected = graphene.Int(required=True)
    rows = graphene.List(
        graphene.NonNull(PosSyncReportRow),
        required=True,
        description="The items not applied (at most 500), with the spreadsheet import's statuses.",
    )


class PosSkuMappingType(DjangoObjectType):
    external_code = graphene.String(required=True)
    variant = graphene.Field("catalog.graphql.types.ProductVariantType", required=True)

    class Meta:
        model = PosSkuMapping
        name = "PosSkuMapping"
        interfaces = (relay.Node,)
        fields = ("external_code", "variant")
        description = "A POS item code mapped to one of our variants (the mapping table)."

    @classmethod
    def get_queryset(cls, queryset, info):
        return PosSkuMapping.objects.filter(
            connection__in=visible_pos_connections(info.context.user)
        )


class PosConnectionType(DjangoObjectType):
    provider = graphene.Field(PosProviderEnum, required=True)
    account = graphene.String(required=True, description="The POS shop (retailer, store).")
    branch_id = graphene.String(required=True, description="The POS's id of this branch.")
    mapping = graphene.Field(PosMappingEnum, required=True)
    push_sales = graphene.Boolean(required=True)
    status = graphene.Field(PosConnectionStatusEnum, required=True)
    last_synced_at = graphene.DateTime()
    last_error = graphene.String(required=True)
    location = graphene.Field(LocationType, required=True)
    credentials_set = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Which credentials are stored (their names only: values are write-only).",
    )
    webhook_url = graphene.String(required=True, description="Where the POS sends webhooks.")
    report = graphene.Field(PosSyncReport, description="The last pull's report.")
    mappings = graphene.List(graphene.NonNull(PosSkuMappingType), required=True)

    class Meta:
        model = PosConnection
        name = "PosConnection"
        interfaces = (relay.Node,)
        fields = ("provider", "account", "branch_id", "mapping", "push_sales", "status",
                  "last_synced_at", "last_error", "location")  # fmt: skip
        description = "A showroom's POS (KiotViet, Sapo, Haravan), whose counts sync here."

    @classmethod
    def get_queryset(cls, queryset, info):
        return visible_pos_connections(info.context.user).select_related(
            "location__commune__province"
        )

    @staticmethod
    def resolve_credentials_set(root, info):
        return sorted(name for name, value in (root.credentials or {}).items() if value)

    @staticmethod
    def resolve_webhook_url(root, info):
        return webhook_url(root)

    @staticmethod
    def resolve_report(root, info):
        report = root.last_report or {}
        if not report:
            return None
        return PosSyncReport(
            source=report.get("source", ""),
            at=report.get("at"),
            applied=report.get("applied", 0),
            rejected=report.get("rejected", 0),
            rows=[PosSyncReportRow(**row_fields(row)) for row in report.get("rows", [])],
        )

    @staticmethod
    def resolve_mappings(root, info):
        return root.mappings.all()  # prefetched with their variants for the whole page


def row_fields(row: dict) -> dict:
    return {k: row.get(k) for k in ("code", "sku", "quantity", "status", "message")}


class ShowroomBankAccountType(DjangoObjectType):
    bank_bin = graphene.String(required=True)
    account_number = graphene.String(required=True)
    account_name = graphene.String(required=True)

    class Meta:
        model = ShowroomBankAccount
        name = "ShowroomBankAccount"
        fields = ("bank_bin", "account_number", "account_name")
        description = "Where the counter's VietQR payments go."


class DailyReportProducer(graphene.ObjectType):
    vendor = graphene.Field("vendors.graphql.types.VendorType")
    vendor_name = graphene.String(required=True)
    units = graphene.Int(required=True)
    sales = graphene.Field(Money, required=True)
    commission_rates = graphene.List(graphene.NonNull(graphene.Decimal), required=True)
    commission = graphene.Field(Money, required=True, description="The showroom's.")
    producer_amount = graphene.Field(Money, required=True, description="Owed to the producer.")


class DailyReportMethod(graphene.ObjectType):
    paid_with = graphene.Field(PosPaymentMethodEnum, required=True)
    sales_count = graphene.Int(required=True)
    total = graphene.Field(Money, required=True)


class ShowroomDailyReport(graphene.ObjectType):
    date = graphene.Date(required=True)
    sales_count = graphene.Int(required=True)
    total = graphene.Field(Money, required=True)
    commission = graphene.Field(Money, required=True)
    producer_total = graphene.Field(Money, required=True)
    producers = graphene.List(graphene.NonNull(DailyReportProducer), required=True)
    methods = graphene.List(graphene.NonNull(DailyReportMethod), required=True)

    class Meta:
        description = "A showroom counter's day: sales by producer and by means of payment."

    @staticmethod
    def from_report(report, vendors: dict) -> "ShowroomDailyReport":
        return ShowroomDailyReport(
            date=report.day,
            sales_count=report.sales_count,
            total=money(report.total),
            commission=money(report.commission),
            producer_total=money(report.producer_total),
            producers=[
                DailyReportProducer(
                    vendor=vendors.get(line.vendor_id),
                    vendor_name=line.vendor_name,
                    units=line.units,
                    sales=money(line.sales),
                    commission_rates=list(line.rates),
                    commission=money(line.commission),
                    producer_amount=money(line.producer_amount),
                )
                for line in report.producers
            ],
            methods=[
                DailyReportMethod(
                    paid_with=m.paid_with, sales_count=m.sales_count, total=money(m.total)
                )
                for m in report.methods
            ],
        )
