"""Click-and-collect: the showroom lists the pickups waiting there and hands one over when the
shopper shows its code."""

import secrets

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from inventory.access import require_location_access
from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.core.transitions import require_transition
from orders.fulfilment_rules import require_paid, transitions_for
from orders.lock_objects import lock_vendor_order
from orders.models import Order, OrderLine, VendorOrder
from orders.services.allocation import fulfil_allocations
from orders.services.fulfilment import deliver

WAITING = (VendorOrder.Status.UNCONFIRMED, VendorOrder.Status.CONFIRMED)


def pickups_for(*, location):
    """Paid pickup parts waiting at `location`, oldest first, with what the counter shows."""
    return (
        VendorOrder.objects.filter(
            pickup_location=location,
            delivery_kind=VendorOrder.DeliveryKind.PICKUP,
            status__in=WAITING,
        )
        .exclude(order__status__in=[Order.Status.UNPAID, Order.Status.EXPIRED])
        .select_related("order", "vendor", "pickup_location")
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("pk")))
        .order_by("created_at", "pk")
    )


def pickup_hand_over(*, actor, vendor_order: VendorOrder, pickup_code: str) -> VendorOrder:
    """The showroom's device or its operator's people hand a pickup over against its code: the
    units leave the shelf and the part is delivered (a cash-on-delivery part is paid here)."""
    with transaction.atomic():
        vendor_order = lock_vendor_order(vendor_order)
        if vendor_order.delivery_kind != VendorOrder.DeliveryKind.PICKUP:
            raise ServiceError.single(
                ErrorCode.INVALID, _("This order is not for pickup."), "vendor_order_id"
            )
        require_location_access(actor, vendor_order.pickup_location)
        require_paid(vendor_order)
        require_transition(
            vendor_order, VendorOrder.Status.DELIVERED, transitions_for(vendor_order)
        )
        given = str(pickup_code or "").strip()
        if not given or not secrets.compare_digest(given, vendor_order.pickup_code):
            raise ServiceError.single(
                ErrorCode.INVALID, _("This is not the order's pickup code."), "pickup_code"
            )
        fulfil_allocations(vendor_orders=[vendor_order], actor=actor)
        return deliver(
            vendor_order=vendor_order,
            actor=actor,
            kind="handed_over",
            location=vendor_order.pickup_location_id,
        )
