"""Cancelling a part before it ships (the shopper, the producer with a reason, or staff) and
returning one after delivery (staff): the stock goes back on sale, money paid is refunded."""

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.core.errors import ErrorCode, PermissionDeniedError, ServiceError
from marketplace.core.permissions import is_person, is_staff
from marketplace.core.transitions import require_transition
from orders.fulfilment_rules import (
    MAX_REASON,
    S,
    clean_text,
    require_paid,
    require_producer,
    transitions_for,
)
from orders.lock_objects import lock_vendor_order
from orders.models import PaymentMethod, VendorOrder
from orders.payments.cod import record_cod_collected
from orders.services.allocation import release_allocations
from orders.services.fulfilment import move
from orders.services.refunds import refund_part
from orders.services.vouchers import give_voucher_back_after_commit


def _cancelled_by(actor, vendor_order: VendorOrder, order_token) -> str:
    """Who cancels: "staff", "shopper" (the order's account, or anyone with a guest order's
    token) or "producer" (a member of its producer); anyone else is refused."""
    if is_staff(actor):
        return "staff"
    order = vendor_order.order
    if is_person(actor) and order.user_id is not None and order.user_id == actor.pk:
        return "shopper"
    if (
        order.user_id is None
        and order_token
        and secrets.compare_digest(str(order_token).lower(), str(order.token))
    ):
        return "shopper"
    require_producer(actor, vendor_order)
    return "producer"


def vendor_order_cancel(
    *, actor, vendor_order: VendorOrder, reason: str = "", order_token=None
) -> VendorOrder:
    """Before shipping, by the shopper, the producer (giving a reason) or staff: the stock goes
    back on sale and money already paid for this part is refunded."""
    with transaction.atomic():
        vendor_order = lock_vendor_order(vendor_order)
        by = _cancelled_by(actor, vendor_order, order_token)
        reason = clean_text(reason, "reason", required=by == "producer", limit=MAX_REASON)
        require_paid(vendor_order)
        require_transition(vendor_order, S.CANCELLED, transitions_for(vendor_order))
        release_allocations(vendor_orders=[vendor_order], actor=actor)
        move(
            vendor_order=vendor_order,
            to_status=S.CANCELLED,
            actor=actor,
            kind="cancelled",
            by=by,
            reason=reason,
        )
        refund_part(
            vendor_order=vendor_order, actor=actor, reason=reason or _("Cancelled"), if_paid=True
        )
        _settle_cod_after_cancel(vendor_order, actor)
        if (
            not VendorOrder.objects.filter(order_id=vendor_order.order_id)
            .exclude(status=S.CANCELLED)
            .exists()
        ):
            give_voucher_back_after_commit(order=vendor_order.order)
        return vendor_order


def _settle_cod_after_cancel(vendor_order: VendorOrder, actor) -> None:
    """The last part still on its way was cancelled: a COD order whose other parts were
    delivered is now fully collected. The collection check runs on a delivered part (its
    `cod_collected` event exists already, so nothing is recorded twice)."""
    if vendor_order.order.payment_method != PaymentMethod.COD:
        return
    delivered = (
        VendorOrder.objects.filter(order_id=vendor_order.order_id, status=S.DELIVERED)
        .select_related("order")
        .first()
    )
    if delivered is not None:
        record_cod_collected(vendor_order=delivered, actor=actor)


def vendor_order_return(*, actor, vendor_order: VendorOrder, reason: str) -> VendorOrder:
    """Staff approve a return of a delivered part: what was not refunded yet is refunded and
    the producer's earnings reversed. The goods are not put back on sale automatically: the
    producer counts them back in with a stock adjustment once it has them."""
    if not is_staff(actor):
        raise PermissionDeniedError(_("Only marketplace staff approve returns."))
    reason = clean_text(reason, "reason", required=True, limit=MAX_REASON)
    with transaction.atomic():
        vendor_order = lock_vendor_order(vendor_order)
        if vendor_order.status != S.DELIVERED:  # a parcel coming back undelivered: the carrier
            raise ServiceError.single(
                ErrorCode.INVALID_TRANSITION,
                _("Only a delivered order is returned."),
                "status",
            )
        move(
            vendor_order=vendor_order,
            to_status=S.RETURNED,
            actor=actor,
            kind="returned",
            reason=reason,
        )
        refund_part(vendor_order=vendor_order, actor=actor, reason=reason, if_paid=True)
        return vendor_order


def returned_to_sender(*, vendor_order: VendorOrder, actor, **data) -> VendorOrder:
    """A locked, shipped part the carrier brought back undelivered (its webhook said so): money
    paid for it is refunded; cash on delivery was never collected, but the order's other
    delivered parts now are. As with a return, the goods are counted back in by the producer."""
    move(vendor_order=vendor_order, to_status=S.RETURNED, actor=actor, kind="returned", **data)
    if vendor_order.order.payment_method == PaymentMethod.COD:
        # Never handed over, never paid (a returned COD part otherwise means a delivered one).
        _settle_cod_after_cancel(vendor_order, actor)
    else:
        refund_part(
            vendor_order=vendor_order,
            actor=actor,
            reason=_("Returned by the carrier"),
            if_paid=True,
        )
    return vendor_order
