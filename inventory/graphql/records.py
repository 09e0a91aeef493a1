"""What inventory operations leave behind: device tokens, sync results, over-the-counter
sales, transfers and consignment agreements."""

import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from inventory.graphql.types import LocationType
from inventory.graphql.visibility import (
    visible_agreements,
    visible_sales,
    visible_tokens,
    visible_transfers,
)
from inventory.models import (
    ConsignmentAgreement,
    LocationToken,
    PosSale,
    PosSaleLine,
    Transfer,
    TransferLine,
)
from inventory.services.sync import SyncMode, SyncStatus
from marketplace.graphql.core.types import MoneyField, related_rows, visible_through

StockSyncModeEnum = graphene.Enum.from_enum(
    SyncMode,
    name="StockSyncMode",
    description="SET: the counted quantity replaces the stored one. ADJUST: add the quantity "
    "(negative to remove).",
)
StockSyncStatusEnum = graphene.Enum.from_enum(
    SyncStatus, name="StockSyncStatus", description="What happened to one line of a stock sync."
)
PosPaymentMethodEnum = graphene.Enum.from_enum(PosSale.PaidWith, name="PosPaymentMethod")
TransferStatusEnum = graphene.Enum.from_enum(Transfer.Status, name="TransferStatus")

VENDOR_TYPE = "vendors.graphql.types.VendorType"
VARIANT_TYPE = "catalog.graphql.types.ProductVariantType"


class LocationTokenType(DjangoObjectType):
    name = graphene.String(required=True)
    token_hint = graphene.String(required=True, description="The first characters of the token.")
    location = graphene.Field(LocationType, required=True)
    created_at = graphene.DateTime(required=True)
    last_used_at = graphene.DateTime()
    revoked_at = graphene.DateTime()
    is_active = graphene.Boolean(required=True, description="Not revoked.")

    class Meta:
        model = LocationToken
        name = "LocationToken"
        interfaces = (relay.Node,)
        fields = ("name", "token_hint", "location", "created_at", "last_used_at", "revoked_at")
        description = "An API token for one device at one location (the token itself is secret)."

    get_queryset = visible_through(visible_tokens)

    @staticmethod
    def resolve_is_active(root, info):
        return root.is_active


class StockSyncResult(graphene.ObjectType):
    sku = graphene.String(required=True)
    status = graphene.Field(StockSyncStatusEnum, required=True)
    quantity = graphene.Int(description="The stored quantity after the call; null when unknown.")

    class Meta:
        description = "One line of a stock sync: applied, or why not."


class PosSaleLineType(DjangoObjectType):
    sku = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    unit_price = MoneyField("unit_price", required=True)
    line_total = MoneyField("line_total", required=True)
    commission_rate = graphene.Decimal(required=True, description="The showroom's, in percent.")
    commission_amount = MoneyField(
        "commission_amount", required=True, description="The showroom's."
    )
    producer_amount = MoneyField("producer_amount", required=True, description="The producer's.")
    variant = graphene.Field(VARIANT_TYPE, required=True)
    vendor = graphene.Field(VENDOR_TYPE, required=True)

    class Meta:
        model = PosSaleLine
        name = "PosSaleLine"
        fields = ("sku", "quantity", "variant", "vendor")


class PosSaleType(DjangoObjectType):
    client_sale_id = graphene.String(required=True, description="The device's own id for it.")
    paid_with = graphene.Field(PosPaymentMethodEnum, required=True)
    total = MoneyField("total", required=True)
    commission_total = MoneyField(
        lambda root: sum(line.commission_amount for line in root.lines.all()),
        required=True,
        description="The showroom's share.",
    )
    location = graphene.Field(LocationType, required=True)
    lines = graphene.List(graphene.NonNull(PosSaleLineType), required=True)
    created_at = graphene.DateTime(required=True)

    class Meta:
        model = PosSale
        name = "PosSale"
        interfaces = (relay.Node,)
        fields = ("client_sale_id", "paid_with", "location", "created_at")
        description = "A sale over the counter at a showroom, recorded exactly once."

    get_queryset = visible_through(visible_sales)

    resolve_lines = related_rows("lines")


class TransferLineType(DjangoObjectType):
    variant = graphene.Field(VARIANT_TYPE, required=True)
    quantity_sent = graphene.Int(required=True)
    quantity_received = graphene.Int(description="Null until received.")
    shortfall = graphene.Int(required=True, description="Sent but not received.")

    class Meta:
        model = TransferLine
        name = "TransferLine"
        fields = ("variant", "quantity_sent", "quantity_received")

    @staticmethod
    def resolve_shortfall(root, info):
        return root.shortfall


class TransferType(DjangoObjectType):
    status = graphene.Field(TransferStatusEnum, required=True)
    vendor = graphene.Field(VENDOR_TYPE, required=True)
    source = graphene.Field(LocationType, required=True)
    destination = graphene.Field(LocationType, required=True)
    note = graphene.String(required=True)
    lines = graphene.List(graphene.NonNull(TransferLineType), required=True)
    created_at = graphene.DateTime(required=True)
    received_at = graphene.DateTime()

    class Meta:
        model = Transfer
        name = "Transfer"
        interfaces = (relay.Node,)
        fields = ("status", "vendor", "source", "destination", "note", "created_at")
        description = "Goods a producer sends from its warehouse to a showroom."

    get_queryset = visible_through(visible_transfers)

    resolve_lines = related_rows("lines")


class ConsignmentAgreementType(DjangoObjectType):
    vendor = graphene.Field(VENDOR_TYPE, required=True)
    showroom = graphene.Field(LocationType, required=True)
    commission_rate = graphene.Decimal(required=True, description="The showroom's, in percent.")
    starts_on = graphene.Date(required=True)
    ends_on = graphene.Date()
    is_active = graphene.Boolean(required=True)
    is_in_force = graphene.Boolean(required=True, description="Active, started and not ended.")
    created_at = graphene.DateTime(required=True)

    class Meta:
        model = ConsignmentAgreement
        name = "ConsignmentAgreement"
        interfaces = (relay.Node,)
        fields = (
            "vendor",
            "showroom",
            "commission_rate",
            "starts_on",
            "ends_on",
            "is_active",
            "created_at",
        )
        description = "A showroom holds a producer's goods and earns a commission on sales."

    get_queryset = visible_through(visible_agreements)

    @staticmethod
    def resolve_is_in_force(root, info):
        return root.is_in_force()
