"""What the fulfilment services check before they move a producer's part: the transition
table of its delivery kind, that the order was paid, that the actor is its producer, and the
free text they record. Helpers of `orders.services.fulfilment`, `.cancellation`, `.pickup`
and `.refunds`, not use cases."""

from django.utils.translation import gettext as _

from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.core.permissions import AppScope
from orders.models import Order, VendorOrder
from vendors.access import ALL_ROLES, require_vendor_role

S = VendorOrder.Status

# A delivered part goes out by carrier; a pickup part is handed over at the showroom. A shipped
# part the carrier could not deliver comes back (its webhook says returned); staff approve a
# return only after delivery (`vendor_order_return`).
SHIPPING_TRANSITIONS = {
    S.UNCONFIRMED: {S.CONFIRMED, S.CANCELLED},
    S.CONFIRMED: {S.SHIPPED, S.CANCELLED},
    S.SHIPPED: {S.DELIVERED, S.RETURNED},
    S.DELIVERED: {S.RETURNED},
}
PICKUP_TRANSITIONS = {
    S.UNCONFIRMED: {S.CONFIRMED, S.CANCELLED, S.DELIVERED},
    S.CONFIRMED: {S.CANCELLED, S.DELIVERED},
    S.DELIVERED: {S.RETURNED},
}
NOT_YET_PAID = (Order.Status.UNPAID, Order.Status.EXPIRED)
MAX_REASON = 500


def transitions_for(vendor_order: VendorOrder) -> dict:
    if vendor_order.delivery_kind == VendorOrder.DeliveryKind.PICKUP:
        return PICKUP_TRANSITIONS
    return SHIPPING_TRANSITIONS


def require_paid(vendor_order: VendorOrder) -> None:
    if vendor_order.order.status in NOT_YET_PAID:
        raise ServiceError.single(
            ErrorCode.INVALID_TRANSITION,
            _("This order has not been paid; nothing can happen to it until it is."),
            "status",
        )


def require_producer(actor, vendor_order: VendorOrder) -> None:
    """The producer's members, staff, and an app fulfilling its producer's orders."""
    require_vendor_role(actor, vendor_order.vendor, ALL_ROLES, app_scope=AppScope.ORDERS_WRITE)


def clean_text(value, field: str, *, required: bool, limit: int) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ServiceError.single(ErrorCode.REQUIRED, _("This field is required."), field)
    if len(value) > limit:
        raise ServiceError.single(
            ErrorCode.INVALID,
            _("At most %(limit)d characters.") % {"limit": limit},
            field,
        )
    return value
