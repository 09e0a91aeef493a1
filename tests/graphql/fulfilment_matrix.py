"""Permission-matrix rows of fulfilment and settlement: parts of orders for producer A's
goods, placed by a guest (or by the world's shopper where the shopper's own order matters)."""

import datetime

from django.utils import timezone
from graphql_relay import to_global_id

from orders.models import EarningsEntry, VendorOrder
from orders.services.complete import checkout_complete
from tests.graphql.permission_support import (
    ALLOWED,
    DENIED,
    HIDDEN,
    MutationRow,
    ReadRow,
    World,
    expect,
    mutation_op,
    roles,
    showroom_roles,
)
from tests.orders.fulfilment_support import advance
from tests.orders.helpers import ready_checkout

A, D, H = ALLOWED, DENIED, HIDDEN
PART = "vendorOrder { id status }"


def a_part(w: World, status: str = "unconfirmed", *, buyer=None, pickup: bool = False):
    """A's part of a fresh cash-on-delivery order of 2 units, moved along to `status`."""
    inv = w.inventory
    checkout = ready_checkout(
        [(inv.variant, 2)],
        actor=buyer,
        pickup={w.vendor_a.pk: inv.showroom} if pickup else None,
    )
    order = checkout_complete(actor=buyer, checkout=checkout, payment_method="COD").order
    vendor_order = VendorOrder.objects.select_related("order", "vendor").get(order=order)
    if status != "unconfirmed":
        vendor_order = advance(vendor_order, status, actor=w.owner_a)
    return vendor_order


def vid(vendor_order) -> str:
    return to_global_id("VendorOrder", vendor_order.pk)


def _payable(w: World) -> dict:
    a_part(w, "delivered")
    EarningsEntry.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    day = timezone.localdate() - datetime.timedelta(days=1)
    return {
        "start": (day - datetime.timedelta(days=30)).isoformat(),
        "end": day.isoformat(),
        "vendorId": to_global_id("Vendor", w.vendor_a.pk),
    }


def _hand_over(w: World) -> dict:
    vendor_order = a_part(w, pickup=True)
    return {"id": vid(vendor_order), "code": vendor_order.pickup_code}


PRODUCER = {**roles(A, A), **showroom_roles(H, H, H)}
STAFF_ONLY = {**roles(D, D), **showroom_roles(H, H, H)}

ROWS = [
    MutationRow(
        "vendorOrderConfirm[unconfirmed]",
        "vendorOrderConfirm",
        mutation_op("$id: ID!", "vendorOrderConfirm", "id: $id", PART),
        lambda w: {"id": vid(a_part(w))},
        expect(H, H, H, A, A),
        payload="vendorOrder",
        roles=PRODUCER,
    ),
    MutationRow(
        "vendorOrderShip[confirmed]",
        "vendorOrderShip",
        mutation_op(
            "$id: ID!",
            "vendorOrderShip",
            'id: $id, carrier: "GHTK", trackingNumber: "S1"',
            PART,
        ),
        lambda w: {"id": vid(a_part(w, "confirmed"))},
        expect(H, H, H, A, A),
        payload="vendorOrder",
        roles=PRODUCER,
    ),
    MutationRow(
        "vendorOrderMarkDelivered[shipped]",
        "vendorOrderMarkDelivered",
        mutation_op("$id: ID!", "vendorOrderMarkDelivered", "id: $id", PART),
        lambda w: {"id": vid(a_part(w, "shipped"))},
        expect(H, H, H, A, A),
        payload="vendorOrder",
        roles=PRODUCER,
    ),
    MutationRow(
        "vendorOrderCancel[guest order]",
        "vendorOrderCancel",
        mutation_op("$id: ID!", "vendorOrderCancel", 'id: $id, reason: "Hết hàng"', PART),
        lambda w: {"id": vid(a_part(w))},
        expect(H, H, H, A, A),
        payload="vendorOrder",
        roles=PRODUCER,
    ),
    # The world's shopper bought this one: theirs to cancel before it ships.
    MutationRow(
        "vendorOrderCancel[shopper's order]",
        "vendorOrderCancel",
        mutation_op("$id: ID!", "vendorOrderCancel", 'id: $id, reason: "Đổi ý"', PART),
        lambda w: {"id": vid(a_part(w, "confirmed", buyer=w.people["shopper"]))},
        expect(H, A, H, A, A),
        payload="vendorOrder",
        roles=PRODUCER,
    ),
    MutationRow(
        "vendorOrderReturn[delivered]",
        "vendorOrderReturn",
        mutation_op("$id: ID!", "vendorOrderReturn", 'id: $id, reason: "Hộp vỡ"', PART),
        lambda w: {"id": vid(a_part(w, "delivered"))},
        expect(H, H, H, D, A),
        payload="vendorOrder",
        roles=STAFF_ONLY,
    ),
    # The showroom's device and its operator's people hand over; A sees the part, may not.
    MutationRow(
        "pickupHandOver[waiting]",
        "pickupHandOver",
        mutation_op(
            "$id: ID!, $code: String!",
            "pickupHandOver",
            "vendorOrderId: $id, pickupCode: $code",
            PART,
        ),
        _hand_over,
        expect(H, H, H, D, A),
        payload="vendorOrder",
        roles={**roles(D, D), **showroom_roles(A, A, A)},
    ),
    MutationRow(
        "orderRefund[delivered]",
        "orderRefund",
        mutation_op(
            "$id: ID!", "orderRefund", 'vendorOrderId: $id, reason: "Hỏng"', "refund { id }"
        ),
        lambda w: {"id": vid(a_part(w, "delivered"))},
        expect(H, H, H, D, A),
        payload="refund",
        roles=STAFF_ONLY,
    ),
    MutationRow(
        "payoutCreate[A]",
        "payoutCreate",
        mutation_op(
            "$start: Date!, $end: Date!, $vendorId: ID",
            "payoutCreate",
            "periodStart: $start, periodEnd: $end, vendorId: $vendorId",
            "payouts { id }",
        ),
        _payable,
        expect(D, D, D, D, A),
        payload="payouts",
        target="vendorId",
        roles={**roles(D, D), **showroom_roles(D, D, D)},
    ),
]


def _arrange_parts(w: World) -> dict:
    a_part(w)
    return {"variables": {}}


READS = [
    ReadRow(
        "vendorOrders of A",
        "{ vendorOrders { totalCount edges { node { status } } } }",
        _arrange_parts,
        lambda w, a, sees: {
            "vendorOrders": {
                "totalCount": 1 if sees else 0,
                "edges": [{"node": {"status": "UNCONFIRMED"}}] if sees else [],
            }
        },
    ),
]
