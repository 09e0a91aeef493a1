"""Fulfilment mutations: producers move their parts of orders, shoppers and producers cancel,
showrooms hand pickups over, staff approve returns. Thin adapters over orders.services; the
reads are in fulfilment_queries."""

import datetime

import graphene
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from inventory.graphql.visibility import workable_locations
from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.core.permissions import AppScope
from marketplace.graphql.core.connections import connection_type
from marketplace.graphql.core.ids import get_by_id
from marketplace.graphql.core.mutations import BaseMutation, user_of
from orders.graphql.types import VendorOrderType
from orders.models import OrderLine, VendorOrder
from orders.selectors import vendor_orders_visible_to
from orders.services import cancellation, fulfilment
from orders.services.pickup import pickup_hand_over
from vendors.access import ALL_ROLES, require_vendor_role
from vendors.models import Vendor

VendorOrderConnection = connection_type(VendorOrderType)


def related(queryset):
    """The rows each VendorOrder shows (its order's address, producer, showroom)."""
    return queryset.select_related(
        "order__commune__province",
        "vendor__commune__province",
        "pickup_location__commune__province",
    )


def with_parts(queryset):
    """What a VendorOrder shows, in a fixed number of queries whatever the page size."""
    return related(queryset).prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.order_by("pk"))
    )


def vendor_order(info, global_id: str, field: str = "id", *, order_token=None) -> VendorOrder:
    """A part the caller may see (its producer's, its own order's, staff any; with an order
    token, a guest order's parts)."""
    visible = Q(pk__in=vendor_orders_visible_to(user_of(info)).values("pk"))
    if order_token:
        visible |= Q(order__token=order_token, order__user__isnull=True)
    return get_by_id(VendorOrder.objects.filter(visible), global_id, "VendorOrder", field=field)


def pickup_part(info, global_id: str, field: str) -> VendorOrder:
    """A part the caller sees, or a pickup waiting where it works (a device: its showroom)."""
    user = user_of(info)
    visible = Q(pk__in=vendor_orders_visible_to(user).values("pk")) | Q(
        delivery_kind=VendorOrder.DeliveryKind.PICKUP,
        pickup_location__in=workable_locations(user).values("pk"),
    )
    return get_by_id(VendorOrder.objects.filter(visible), global_id, "VendorOrder", field=field)


def member_vendor(info, global_id: str) -> Vendor:
    vendor = get_by_id(Vendor.objects.all(), global_id, "Vendor", field="vendorId")
    require_vendor_role(user_of(info), vendor, ALL_ROLES)
    return vendor


def parse_month(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.datetime.strptime(value.strip(), "%Y-%m").date()
    except ValueError:
        raise ServiceError.single(
            ErrorCode.INVALID, _('Give a month as "YYYY-MM".'), "month"
        ) from None


# --- mutations -------------------------------------------------------------------------------


class VendorOrderPayload(BaseMutation):
    vendor_order = graphene.Field(VendorOrderType)

    class Meta:
        abstract = True


class VendorOrderConfirm(VendorOrderPayload):
    app_scope = AppScope.ORDERS_WRITE

    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = "The producer accepts its part of an order."

    @classmethod
    def perform(cls, root, info, id):
        found = fulfilment.vendor_order_confirm(
            actor=user_of(info), vendor_order=vendor_order(info, id)
        )
        return {"vendor_order": found}


class VendorOrderShip(VendorOrderPayload):
    app_scope = AppScope.ORDERS_WRITE

    class Arguments:
        id = graphene.ID(required=True)
        carrier = graphene.String(required=True, description='e.g. "GHTK", "Viettel Post".')
        tracking_number = graphene.String(required=True)

    class Meta:
        description = "Handed to the carrier: the stock leaves, the shopper is emailed."

    @classmethod
    def perform(cls, root, info, id, carrier, tracking_number):
        found = fulfilment.vendor_order_ship(
            actor=user_of(info),
            vendor_order=vendor_order(info, id),
            carrier=carrier,
            tracking_number=tracking_number,
        )
        return {"vendor_order": found}


class VendorOrderMarkDelivered(VendorOrderPayload):
    app_scope = AppScope.ORDERS_WRITE

    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = (
            "The carrier delivered: the part records what it earns; cash on delivery counts "
            "as collected."
        )

    @classmethod
    def perform(cls, root, info, id):
        found = fulfilment.vendor_order_mark_delivered(
            actor=user_of(info), vendor_order=vendor_order(info, id)
        )
        return {"vendor_order": found}


class VendorOrderCancel(VendorOrderPayload):
    app_scope = AppScope.ORDERS_WRITE  # as its producer, giving a reason

    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String(description="Required from the producer.")
        order_token = graphene.UUID(description="A guest shopper's order token.")

    class Meta:
        description = (
            "Cancel a part before it ships: by the shopper, the producer (with a reason) or "
            "staff. The stock goes back on sale; money paid for it is refunded."
        )

    @classmethod
    def perform(cls, root, info, id, reason=None, order_token=None):
        found = cancellation.vendor_order_cancel(
            actor=user_of(info),
            vendor_order=vendor_order(info, id, order_token=order_token),
            reason=reason or "",
            order_token=order_token,
        )
        return {"vendor_order": found}


class VendorOrderReturn(VendorOrderPayload):
    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String(required=True)

    class Meta:
        description = "Staff approve the return of a delivered part and refund what is left."

    @classmethod
    def perform(cls, root, info, id, reason):
        found = cancellation.vendor_order_return(
            actor=user_of(info), vendor_order=vendor_order(info, id), reason=reason
        )
        return {"vendor_order": found}


class PickupHandOver(VendorOrderPayload):
    class Arguments:
        vendor_order_id = graphene.ID(required=True)
        pickup_code = graphene.String(required=True, description="The code the shopper shows.")

    class Meta:
        description = "The showroom hands a pickup order over to the shopper showing its code."

    @classmethod
    def perform(cls, root, info, vendor_order_id, pickup_code):
        found = pickup_hand_over(
            actor=user_of(info),
            vendor_order=pickup_part(info, vendor_order_id, "vendorOrderId"),
            pickup_code=pickup_code,
        )
        return {"vendor_order": found}


class FulfilmentMutations(graphene.ObjectType):
    # Producers (and staff)
    vendor_order_confirm = VendorOrderConfirm.Field()
    vendor_order_ship = VendorOrderShip.Field()
    vendor_order_mark_delivered = VendorOrderMarkDelivered.Field()
    # The shopper, the producer or staff
    vendor_order_cancel = VendorOrderCancel.Field()
    # Showroom devices and the operator's people
    pickup_hand_over = PickupHandOver.Field()
    # Staff
    vendor_order_return = VendorOrderReturn.Field()
