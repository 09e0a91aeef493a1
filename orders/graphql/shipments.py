"""Shipments booked with a carrier, in the API: the producer books ("Tạo vận đơn") and cancels
one, reads its label; the shopper follows the tracking link and the carrier's events. Thin
adapters over orders.services.shipments and orders.shipment_selectors."""

import graphene
from django.db.models import Q

from marketplace.core.errors import PermissionDeniedError, ServiceError
from marketplace.core.permissions import AppScope
from marketplace.graphql.core.ids import get_by_id
from marketplace.graphql.core.mutations import BaseMutation, user_of
from marketplace.graphql.core.selection import requested_paths
from orders.carriers import registry
from orders.fulfilment_rules import require_producer
from orders.graphql.fulfilment import vendor_order
from orders.graphql.types import VendorOrderType
from orders.models import Shipment
from orders.selectors import vendor_orders_visible_to
from orders.services.shipments import shipment_cancel, shipment_create, shipment_label_url
from orders.shipment_selectors import with_tracking

ShipmentStatusEnum = graphene.Enum.from_enum(Shipment.Status, name="ShipmentStatus")


class CarrierEventType(graphene.ObjectType):
    waybill = graphene.String(required=True)
    status = graphene.String(
        required=True,
        description="PICKED_UP, IN_TRANSIT, DELIVERY_FAILED, DELIVERED, RETURNED, CANCELLED, "
        "OTHER.",
    )
    carrier_status = graphene.String(required=True, description="The carrier's own status.")
    description = graphene.String(required=True)
    occurred_at = graphene.DateTime(required=True)

    class Meta:
        name = "CarrierEvent"
        description = "What a carrier's tracking webhook reported about a parcel."

    @staticmethod
    def resolve_waybill(root, info):
        return root.shipment.waybill


class ShipmentType(graphene.ObjectType):
    id = graphene.ID(required=True)
    carrier = graphene.String(required=True, description='"ghn" or "ghtk".')
    carrier_name = graphene.String(required=True)
    waybill = graphene.String(required=True)
    status = graphene.Field(ShipmentStatusEnum, required=True)
    fee = graphene.Int(required=True, description="What the carrier charges, in đồng.")
    cod_amount = graphene.Int(required=True, description="Cash the carrier collects, in đồng.")
    tracking_url = graphene.String(required=True, description="The carrier's public page.")
    label_url = graphene.String(
        description="Where to print the label: the producer's members only (null otherwise)."
    )
    events = graphene.List(graphene.NonNull(CarrierEventType), required=True)

    class Meta:
        name = "Shipment"
        description = "A parcel booked with a carrier for one producer's part of an order."

    @staticmethod
    def resolve_id(root, info):
        return graphene.Node.to_global_id("Shipment", root.pk)

    @staticmethod
    def resolve_carrier_name(root, info):
        return root.get_carrier_display()

    @staticmethod
    def resolve_status(root, info):
        return root.status

    @staticmethod
    def resolve_tracking_url(root, info):
        return registry.tracking_url(root.carrier, root.waybill)

    @staticmethod
    def resolve_label_url(root, info):
        try:
            require_producer(user_of(info), root.vendor_order)
            return shipment_label_url(actor=user_of(info), shipment=root)
        except (PermissionDeniedError, ServiceError):
            return None

    @staticmethod
    def resolve_events(root, info):
        events = list(root.events.all())
        for event in events:
            event.shipment = root
        return events


def prefetch_tracking(queryset, info, *prefix: str, through: str = ""):
    """The shipments and their events, prefetched only when the query asks for them."""
    asked = requested_paths(info, *prefix)
    if {"shipments", "carrierEvents", "trackingUrl"} & asked:
        return with_tracking(queryset, through)
    return queryset


# --- mutations -------------------------------------------------------------------------------


class ShipmentPayload(BaseMutation):
    shipment = graphene.Field(ShipmentType)

    class Meta:
        abstract = True


class VendorOrderShipmentCreate(ShipmentPayload):
    vendor_order = graphene.Field(VendorOrderType)
    app_scope = AppScope.ORDERS_WRITE
    error_fields = {"vendor_order_id": "vendorOrderId"}

    class Arguments:
        vendor_order_id = graphene.ID(required=True)

    class Meta:
        description = (
            '"Tạo vận đơn": book a confirmed part with the carrier of its shipping method. The '
            "waybill becomes its tracking number; the carrier's pickup marks it shipped."
        )

    @classmethod
    def perform(cls, root, info, vendor_order_id):
        part = vendor_order(info, vendor_order_id, "vendorOrderId")
        shipment = shipment_create(actor=user_of(info), vendor_order=part)
        part.refresh_from_db()
        return {"shipment": shipment, "vendor_order": part}


class ShipmentCancel(ShipmentPayload):
    app_scope = AppScope.ORDERS_WRITE

    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = "Cancel a shipment still waiting for pickup (at the carrier too)."

    @classmethod
    def perform(cls, root, info, id):
        visible = Q(vendor_order__in=vendor_orders_visible_to(user_of(info)).values("pk"))
        shipment = get_by_id(
            Shipment.objects.filter(visible).select_related("vendor_order__vendor", "account"),
            id,
            "Shipment",
        )
        return {"shipment": shipment_cancel(actor=user_of(info), shipment=shipment)}


class ShipmentMutations(graphene.ObjectType):
    vendor_order_shipment_create = VendorOrderShipmentCreate.Field()
    shipment_cancel = ShipmentCancel.Field()
