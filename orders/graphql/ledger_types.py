"""Money owed to producers as clients see it: balance, statements, refunds and payouts."""

import graphene

from marketplace.graphql.core.ids import global_id
from marketplace.graphql.core.types import Money, money
from orders.models import LedgerEntry

LedgerEntryKindEnum = graphene.Enum.from_enum(LedgerEntry.Kind, name="LedgerEntryKind")
LedgerComponentEnum = graphene.Enum.from_enum(LedgerEntry.Component, name="LedgerComponent")


def _money_of(attribute: str):
    return staticmethod(lambda root, info: money(getattr(root, attribute)))


def _total_of(kind: str):
    return staticmethod(lambda root, info: money(root.total(kind)))


class VendorBalanceType(graphene.ObjectType):
    balance = graphene.Field(
        Money, required=True, description="Owed to the producer by the platform now."
    )
    earned = graphene.Field(
        Money,
        required=True,
        description="Sales and shipping of delivered orders and counter sales at showrooms, "
        "less commissions, tax withheld and refunds, ever.",
    )
    paid_out = graphene.Field(Money, required=True, description="Paid out, ever.")
    held_by_showrooms = graphene.Field(
        Money,
        required=True,
        description="Counter sales at showrooms less their commission, ever: the showrooms "
        "collected the money and owe it to the producer under their consignment agreements "
        "(part of earned, never of balance: the platform does not pay it out).",
    )
    on_the_way = graphene.Field(
        Money,
        required=True,
        description="Paid or cash-on-delivery orders not delivered yet: earned on delivery.",
    )

    class Meta:
        name = "VendorBalance"

    resolve_balance = _money_of("balance")
    resolve_earned = _money_of("earned")
    resolve_paid_out = _money_of("paid_out")
    resolve_on_the_way = _money_of("on_the_way")
    resolve_held_by_showrooms = _money_of("held_by_showrooms")


class LedgerEntryType(graphene.ObjectType):
    kind = graphene.Field(LedgerEntryKindEnum, required=True)
    component = graphene.Field(
        LedgerComponentEnum, required=True, description="For a refund: what it reverses."
    )
    amount = graphene.Field(Money, required=True, description="Negative: kept or paid out.")
    order_number = graphene.String(description="Empty for a payout and a counter sale.")
    showroom = graphene.String(description="For a counter sale: the showroom that sold.")
    sale_sku = graphene.String(description="For a counter sale: the SKU of the line sold.")
    paid_out = graphene.Boolean(required=True, description="Settled by a payout.")
    created_at = graphene.DateTime(required=True)

    class Meta:
        name = "LedgerEntry"

    @staticmethod
    def resolve_amount(root, info):
        return money(root.amount)

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
    opening_balance = graphene.Field(Money, required=True)
    closing_balance = graphene.Field(Money, required=True)
    sales = graphene.Field(Money, required=True, description="Goods and shipping delivered.")
    showroom_sales = graphene.Field(
        Money, required=True, description="Consigned goods sold over showrooms' counters."
    )
    showroom_commission = graphene.Field(Money, required=True)
    collected_by_showrooms = graphene.Field(
        Money,
        required=True,
        description="Counter sales less the showrooms' commission, collected by the showrooms "
        "(negative: not owed by the platform; the showrooms pay it to the producer).",
    )
    commission = graphene.Field(Money, required=True)
    withholding = graphene.Field(Money, required=True, description="Tax withheld (VAT, PIT).")
    refunds = graphene.Field(Money, required=True)
    payouts = graphene.Field(Money, required=True)
    entries = graphene.List(graphene.NonNull(LedgerEntryType), required=True)

    class Meta:
        name = "VendorStatement"

    @staticmethod
    def resolve_month(root, info):
        return root.month.strftime("%Y-%m")

    @staticmethod
    def resolve_opening_balance(root, info):
        return money(root.opening_balance)

    @staticmethod
    def resolve_closing_balance(root, info):
        return money(root.closing_balance)

    resolve_sales = _total_of(LedgerEntry.Kind.SALE)
    resolve_commission = _total_of(LedgerEntry.Kind.COMMISSION)
    resolve_withholding = _total_of(LedgerEntry.Kind.WITHHOLDING)
    resolve_refunds = _total_of(LedgerEntry.Kind.REFUND)
    resolve_payouts = _total_of(LedgerEntry.Kind.PAYOUT)
    resolve_showroom_sales = _total_of(LedgerEntry.Kind.SHOWROOM_SALE)
    resolve_showroom_commission = _total_of(LedgerEntry.Kind.SHOWROOM_COMMISSION)
    resolve_collected_by_showrooms = _total_of(LedgerEntry.Kind.SHOWROOM_COLLECTED)


class RefundType(graphene.ObjectType):
    id = graphene.ID(required=True)
    amount = graphene.Field(Money, required=True)
    goods_amount = graphene.Field(Money, required=True)
    shipping_amount = graphene.Field(Money, required=True)
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
    def resolve_amount(root, info):
        return money(root.amount)

    @staticmethod
    def resolve_goods_amount(root, info):
        return money(root.goods_amount)

    @staticmethod
    def resolve_shipping_amount(root, info):
        return money(root.shipping_amount)

    @staticmethod
    def resolve_manual(root, info):
        return not root.psp_reference


class PayoutType(graphene.ObjectType):
    id = graphene.ID(required=True)
    vendor = graphene.Field("vendors.graphql.types.VendorType", required=True)
    period_start = graphene.Date(required=True)
    period_end = graphene.Date(required=True)
    amount = graphene.Field(Money, required=True)
    created_at = graphene.DateTime(required=True)

    class Meta:
        name = "Payout"

    @staticmethod
    def resolve_id(root, info):
        return global_id("Payout", root.pk)

    @staticmethod
    def resolve_amount(root, info):
        return money(root.amount)
