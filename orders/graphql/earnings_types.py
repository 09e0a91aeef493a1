"""Money owed to producers as clients see it: balance, statements, refunds and payouts."""

import graphene

from marketplace.graphql.core.ids import global_id
from marketplace.graphql.core.types import MoneyField
from orders.models import EarningsEntry

EarningsEntryKindEnum = graphene.Enum.from_enum(EarningsEntry.Kind, name="EarningsEntryKind")
EarningsComponentEnum = graphene.Enum.from_enum(EarningsEntry.Component, name="EarningsComponent")


def _total_of(kind: str, **kwargs):
    """A statement's sum of one kind of earnings entry."""
    return MoneyField(lambda root: root.total(kind), required=True, **kwargs)


class VendorBalanceType(graphene.ObjectType):
    balance = MoneyField(
        "balance", required=True, description="Owed to the producer by the platform now."
    )
    earned = MoneyField(
        "earned",
        required=True,
        description="Sales and shipping of delivered orders and counter sales at showrooms, "
        "less commissions, tax withheld and refunds, ever.",
    )
    paid_out = MoneyField("paid_out", required=True, description="Paid out, ever.")
    held_by_showrooms = MoneyField(
        "held_by_showrooms",
        required=True,
        description="Counter sales at showrooms less their commission, ever: the showrooms "
        "collected the money and owe it to the producer under their consignment agreements "
        "(part of earned, never of balance: the platform does not pay it out).",
    )
    on_the_way = MoneyField(
        "on_the_way",
        required=True,
        description="Paid or cash-on-delivery orders not delivered yet: earned on delivery.",
    )

    class Meta:
        name = "VendorBalance"


class EarningsEntryType(graphene.ObjectType):
    kind = graphene.Field(EarningsEntryKindEnum, required=True)
    component = graphene.Field(
        EarningsComponentEnum, required=True, description="For a refund: what it reverses."
    )
    amount = MoneyField("amount", required=True, description="Negative: kept or paid out.")
    order_number = graphene.String(description="Empty for a payout and a counter sale.")
    showroom = graphene.String(description="For a counter sale: the showroom that sold.")
    sale_sku = graphene.String(description="For a counter sale: the SKU of the line sold.")
    paid_out = graphene.Boolean(required=True, description="Settled by a payout.")
    created_at = graphene.DateTime(required=True)

    class Meta:
        name = "EarningsEntry"

    @staticmethod
    def resolve_order_number(root, info):
        return root.vendor_order.order.number if root.vendor_order_id else None

    @staticmethod
    def resolve_showroom(root, info):
        return root.pos_sale_line.sale.location.name if root.pos_sale_line_id else None

    @staticmethod
    def resolve_sale_sku(root, info):
        return root.pos_sale_line.sku if root.pos_sale_line_id else None

    @staticmethod
    def resolve_paid_out(root, info):
        return root.payout_id is not None


class VendorStatementType(graphene.ObjectType):
    month = graphene.String(required=True, description='"2025-10".')
    opening_balance = MoneyField("opening_balance", required=True)
    closing_balance = MoneyField("closing_balance", required=True)
    sales = _total_of(EarningsEntry.Kind.SALE, description="Goods and shipping delivered.")
    showroom_sales = _total_of(
        EarningsEntry.Kind.SHOWROOM_SALE,
        description="Consigned goods sold over showrooms' counters.",
    )
    showroom_commission = _total_of(EarningsEntry.Kind.SHOWROOM_COMMISSION)
    collected_by_showrooms = _total_of(
        EarningsEntry.Kind.SHOWROOM_COLLECTED,
        description="Counter sales less the showrooms' commission, collected by the showrooms "
        "(negative: not owed by the platform; the showrooms pay it to the producer).",
    )
    commission = _total_of(EarningsEntry.Kind.COMMISSION)
    withholding = _total_of(EarningsEntry.Kind.WITHHOLDING, description="Tax withheld (VAT, PIT).")
    refunds = _total_of(EarningsEntry.Kind.REFUND)
    payouts = _total_of(EarningsEntry.Kind.PAYOUT)
    entries = graphene.List(graphene.NonNull(EarningsEntryType), required=True)

    class Meta:
        name = "VendorStatement"

    @staticmethod
    def resolve_month(root, info):
        return root.month.strftime("%Y-%m")


class RefundType(graphene.ObjectType):
    id = graphene.ID(required=True)
    amount = MoneyField("amount", required=True)
    goods_amount = MoneyField("goods_amount", required=True)
    shipping_amount = MoneyField("shipping_amount", required=True)
    gateway = graphene.String(required=True, description="cod, vnpay or stripe.")
    manual = graphene.Boolean(
        required=True, description="Staff pay the money back themselves (VNPay, cash)."
    )
    reason = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)

    class Meta:
        name = "Refund"

    @staticmethod
    def resolve_id(root, info):
        return global_id("Refund", root.pk)

    @staticmethod
    def resolve_manual(root, info):
        return not root.psp_reference


class PayoutType(graphene.ObjectType):
    id = graphene.ID(required=True)
    vendor = graphene.Field("vendors.graphql.types.VendorType", required=True)
    period_start = graphene.Date(required=True)
    period_end = graphene.Date(required=True)
    amount = MoneyField("amount", required=True)
    created_at = graphene.DateTime(required=True)

    class Meta:
        name = "Payout"

    @staticmethod
    def resolve_id(root, info):
        return global_id("Payout", root.pk)
