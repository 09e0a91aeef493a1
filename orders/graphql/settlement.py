"""Staff settle money: refunds of producers' orders and payouts to producers."""

import graphene
from django.utils.translation import gettext as _

from marketplace.core.errors import ErrorCode, PermissionDeniedError, ServiceError
from marketplace.graphql.core.ids import get_by_id
from marketplace.graphql.core.mutations import BaseMutation, user_of, viewer_is_staff
from orders.graphql.earnings_types import PayoutType, RefundType
from orders.graphql.fulfilment import vendor_order
from orders.graphql.types import VendorOrderType
from orders.models import Payout
from orders.services.payouts import payout_create, payouts_csv
from orders.services.refunds import order_refund
from vendors.models import Vendor


class RefundLineInput(graphene.InputObjectType):
    sku = graphene.String(required=True, description="The line's SKU.")
    quantity = graphene.Int(required=True, description="Units to refund.")


class OrderRefund(BaseMutation):
    refund = graphene.Field(RefundType)
    vendor_order = graphene.Field(VendorOrderType)

    class Arguments:
        vendor_order_id = graphene.ID(required=True)
        lines = graphene.List(
            graphene.NonNull(RefundLineInput),
            description="Some units of some lines (goods only); leave out to refund everything "
            "not refunded yet, the shipping included.",
        )
        reason = graphene.String(required=True)

    class Meta:
        description = (
            "Staff refund a delivered part: card payments through Stripe, VNPay and cash "
            "recorded (staff pay them back). The producer's earnings are reversed in proportion."
        )

    @classmethod
    def perform(cls, root, info, vendor_order_id, reason, lines=None):
        found = vendor_order(info, vendor_order_id, "vendorOrderId")
        chosen = None
        if lines is not None:
            by_sku = dict(found.lines.values_list("sku", "pk"))
            chosen = {}
            for i, line in enumerate(lines):
                if line["sku"] not in by_sku:
                    raise ServiceError.single(
                        ErrorCode.NOT_FOUND, _("This line is not in this order."), f"lines.{i}"
                    )
                pk = by_sku[line["sku"]]
                chosen[pk] = chosen.get(pk, 0) + line["quantity"]
        refund = order_refund(actor=user_of(info), vendor_order=found, lines=chosen, reason=reason)
        return {"refund": refund, "vendor_order": refund.vendor_order}


class PayoutCreate(BaseMutation):
    payouts = graphene.List(graphene.NonNull(PayoutType))
    csv = graphene.String(description="The bank-transfer sheet of these payouts.")

    class Arguments:
        period_start = graphene.Date(required=True)
        period_end = graphene.Date(required=True, description="A day that is over.")
        vendor_id = graphene.ID(description="Only this producer.")

    class Meta:
        description = (
            "Staff pay producers what delivered orders earned up to the end of the period and "
            "was not paid out yet: one payout per producer, never an entry twice."
        )

    @classmethod
    def perform(cls, root, info, period_start, period_end, vendor_id=None):
        if not viewer_is_staff(info):
            raise PermissionDeniedError(_("Only marketplace staff create payouts."))
        vendor = None
        if vendor_id is not None:
            vendor = get_by_id(Vendor.objects.all(), vendor_id, "Vendor", field="vendorId")
        payouts = payout_create(
            actor=user_of(info), vendor=vendor, period_start=period_start, period_end=period_end
        )
        listed = list(
            Payout.objects.filter(pk__in=[p.pk for p in payouts]).select_related(
                "vendor__commune__province"
            )
        )
        return {"payouts": listed, "csv": payouts_csv(payouts=listed)}


class SettlementMutations(graphene.ObjectType):
    order_refund = OrderRefund.Field()
    payout_create = PayoutCreate.Field()
