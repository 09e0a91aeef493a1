"""Quantities and prices no one means: negative, zero, 10^12, 1.5, "12a", in every mutation
that takes them. A value GraphQL's Int cannot hold (1.5, "12a", 10^12: Int is 32 bits) is
refused before anything runs; one it can hold but the rule cannot take is a payload error on
its field. Nothing is written either way."""

from dataclasses import dataclass, field
from datetime import date

import pytest

from inventory.services.transfers import TransferLineInput, transfer_create
from marketplace.graphql.core.ids import global_id
from orders.services.checkout import LineInput, checkout_create
from tests.graphql.client import GraphQLClient
from tests.graphql.inventory_support import scene
from tests.orders.fulfilment_support import advance, part, place
from tests.security.support import (
    ERRORS,
    TALLY,
    answered,
    nothing_written,
    payload_refused,
    refused,
)

pytestmark = pytest.mark.django_db

NOT_AN_INT = [1.5, "12a", 10**12, -(10**12), True, [1]]
BIGGEST_INT = 2**31 - 1


@dataclass
class World:
    s: object  # tests.graphql.inventory_support.Scene
    checkout_token: str
    transfer_id: str
    delivered_part_id: str

    def __getattr__(self, name):
        return getattr(self.s, name)


@pytest.fixture
def world() -> World:
    s = scene()
    checkout = checkout_create(actor=None, email="lan@example.vn", lines=[LineInput(s.tea.pk, 1)])
    transfer = transfer_create(
        actor=s.owner,
        source=s.warehouse,
        destination=s.showroom,
        lines=[TransferLineInput(variant=s.tea, quantity=2)],
    )
    delivered = advance(part(place([(s.tea, 2)]), s.tea), "delivered")
    return World(
        s=s,
        checkout_token=str(checkout.token),
        transfer_id=global_id("Transfer", transfer.pk),
        delivered_part_id=global_id("VendorOrder", delivered.pk),
    )


def gid(row) -> str:
    return global_id(type(row).__name__, row.pk)


@dataclass(frozen=True)
class Target:
    """One numeric input of one mutation: who sends it, how the value goes into its variables
    and the values its rule refuses (besides those no Int can hold), each with the code it is
    refused with when that is not INVALID: `(19, "INSUFFICIENT_STOCK")`."""

    mutation: str
    document: str
    who: str
    variables: object  # (world, value) -> variables
    field: str
    refused: tuple = ()
    code: str = "INVALID"
    item_status: bool = field(default=False)  # stockSync answers per item instead

    def cases(self):
        for value in self.refused:
            yield value if isinstance(value, tuple) else (value, self.code)


def line(variant_attr="tea", **fields):
    return lambda w, v: {"variantId": gid(getattr(w, variant_attr)), **fields, "quantity": v}


CHECKOUT_LINES = "$token: UUID!, $lines: [CheckoutLineInput!]!"
TARGETS = [
    Target(
        "checkoutCreate",
        f"mutation($input: CheckoutCreateInput!) {{ checkoutCreate(input: $input) "
        f"{{ checkout {{ token }} {ERRORS} }} }}",
        "anonymous",
        lambda w, v: {"input": {"lines": [line()(w, v)]}},
        "lines.0.quantity",
        (-1, 0, 1000, BIGGEST_INT),
    ),
    Target(
        "checkoutLinesAdd",
        f"mutation({CHECKOUT_LINES}) {{ checkoutLinesAdd(token: $token, lines: $lines) "
        f"{{ checkout {{ token }} {ERRORS} }} }}",
        "anonymous",
        lambda w, v: {"token": w.checkout_token, "lines": [line("tea_box")(w, v)]},
        "lines.0.quantity",
        (-1, 0, 1000, BIGGEST_INT),
    ),
    Target(
        "checkoutLinesUpdate",
        f"mutation({CHECKOUT_LINES}) {{ checkoutLinesUpdate(token: $token, lines: $lines) "
        f"{{ checkout {{ token }} {ERRORS} }} }}",
        "anonymous",
        lambda w, v: {"token": w.checkout_token, "lines": [line()(w, v)]},
        "lines.0.quantity",
        (-1, 1000, BIGGEST_INT),  # 0 removes the line
    ),
    *[
        Target(
            "productVariantCreate",
            "mutation($id: ID!, $input: ProductVariantCreateInput!) { productVariantCreate("
            f"productId: $id, input: $input) {{ productVariant {{ id }} {ERRORS} }} }}",
            "owner",
            lambda w, v, name=name: {
                "id": gid(w.tea.product),
                "input": {"sku": "CHE-NEW", "name": "Túi 1kg", "price": 90_000, name: v},
            },
            name,
            refused,
        )
        for name, refused in [
            ("price", (-1, 0, BIGGEST_INT)),
            ("compareAtPrice", (-1, 0, 90_000, BIGGEST_INT)),
            ("weightGrams", (-1, BIGGEST_INT)),
        ]
    ],
    *[
        Target(
            "productVariantUpdate",
            "mutation($id: ID!, $input: ProductVariantUpdateInput!) { productVariantUpdate("
            f"id: $id, input: $input) {{ productVariant {{ id }} {ERRORS} }} }}",
            "owner",
            lambda w, v, name=name: {"id": gid(w.tea), "input": {name: v}},
            name,
            refused,
        )
        for name, refused in [("price", (-1, 0, BIGGEST_INT)), ("weightGrams", (-1,))]
    ],
    *[
        Target(
            "stockSync",
            "mutation($input: StockSyncInput!) { stockSync(input: $input) { results "
            f"{{ sku status }} replayed {ERRORS} }} }}",
            "clerk",
            lambda w, v, mode=mode, name=name: {
                "input": {
                    "locationId": gid(w.showroom),
                    "mode": mode,
                    "idempotencyKey": f"hostile-{mode}-{name}-{v}",
                    "items": [{"sku": w.tea.sku, "quantity": 5, name: v}],
                }
            },
            name,
            refused,
            item_status=True,
        )
        for mode, name, refused in [
            ("SET", "quantity", (-1, 1_000_001, BIGGEST_INT)),
            ("SET", "expectedQuantity", (-1, BIGGEST_INT)),
            ("ADJUST", "quantity", (BIGGEST_INT, -BIGGEST_INT - 1)),
        ]
    ],
    Target(
        "stockAdjust",
        f"mutation($input: StockAdjustInput!) {{ stockAdjust(input: $input) "
        f"{{ stock {{ quantity }} {ERRORS} }} }}",
        "clerk",
        lambda w, v: {
            "input": {
                "locationId": gid(w.showroom),
                "variantId": gid(w.tea),
                "delta": v,
                "reason": "kiểm kê",
            }
        },
        "delta",
        (0, BIGGEST_INT, -BIGGEST_INT - 1, (-21, "INSUFFICIENT_STOCK")),  # 20 are there
    ),
    *[
        Target(
            "posSaleRecord",
            "mutation($input: PosSaleInput!) { posSaleRecord(input: $input) "
            f"{{ sale {{ id }} replayed {ERRORS} }} }}",
            "clerk",
            lambda w, v, name=name: {
                "input": {
                    "locationId": gid(w.showroom),
                    "clientSaleId": f"hostile-{name}-{v}",
                    "paidWith": "CASH",
                    "lines": [{"sku": w.tea.sku, "quantity": 1, "unitPrice": 85_000, name: v}],
                }
            },
            f"lines.0.{name}",
            refused,
        )
        for name, refused in [("quantity", (-1, 0, BIGGEST_INT)), ("unitPrice", (-1, BIGGEST_INT))]
    ],
    Target(
        "transferCreate",
        "mutation($input: TransferCreateInput!) { transferCreate(input: $input) "
        f"{{ transfer {{ id }} {ERRORS} }} }}",
        "owner",
        lambda w, v: {
            "input": {
                "sourceId": gid(w.warehouse),
                "destinationId": gid(w.showroom),
                "lines": [{"variantId": gid(w.tea), "quantity": v}],
            }
        },
        "lines.0.quantity",
        (-1, 0, (19, "INSUFFICIENT_STOCK"), BIGGEST_INT),  # 18 are left at the warehouse
    ),
    Target(
        "transferReceive",
        "mutation($id: ID!, $lines: [TransferReceiveLineInput!]) { transferReceive(id: $id, "
        f"lines: $lines) {{ transfer {{ id }} {ERRORS} }} }}",
        "clerk",
        lambda w, v: {
            "id": w.transfer_id,
            "lines": [{"variantId": gid(w.tea), "quantityReceived": v}],
        },
        "lines",
        (-1, 3, BIGGEST_INT),  # 2 were sent
    ),
    Target(
        "orderRefund",
        "mutation($id: ID!, $lines: [RefundLineInput!]) { orderRefund(vendorOrderId: $id, "
        f'lines: $lines, reason: "Hỏng") {{ refund {{ id }} {ERRORS} }} }}',
        "staff",
        lambda w, v: {"id": w.delivered_part_id, "lines": [{"sku": w.tea.sku, "quantity": v}]},
        "lines.0",
        (-1, 0, 3, BIGGEST_INT),  # 2 were bought
    ),
]


def _identity(w: World, who: str):
    return None if who == "anonymous" else getattr(w, who)


def _send(w: World, target: Target, value):
    client = GraphQLClient(_identity(w, target.who), sync_search=False)
    variables = target.variables(w, value)
    # A sync keeps its answer under its key, to give it again to a retry; no stock moves.
    with nothing_written(except_in=("inventory.StockSyncRequest",)):
        return client.post(target.document, variables)


RULE_CASES = [
    pytest.param(target, value, code, id=f"{target.mutation}.{target.field}={value}")
    for target in TARGETS
    for value, code in target.cases()
]
TYPE_CASES = [
    pytest.param(target, value, id=f"{target.mutation}.{target.field}={value!r}")
    for target in {(t.mutation, t.field): t for t in TARGETS}.values()
    for value in NOT_AN_INT
]


@pytest.mark.parametrize(("target", "value", "code"), RULE_CASES)
def test_a_number_the_rule_refuses_is_an_error_on_its_field(world, target, value, code):
    response = _send(world, target, value)
    if target.item_status:
        body = response.json()["data"][target.mutation]
        assert body["errors"] == [] and body["results"][0]["status"] == "INVALID", body
        TALLY.attempts += 1
        TALLY.refused += 1
        return
    payload_refused(response, target.mutation, code, target.field)


@pytest.mark.parametrize(("target", "value"), TYPE_CASES)
def test_a_value_no_int_can_hold_is_refused_before_running(world, target, value):
    response = _send(world, target, value)
    refused(response, status=400, code="BAD_USER_INPUT", says="Int cannot represent")


@pytest.mark.parametrize(
    "rate", ["-5", "100.01", "NaN", "Infinity", "-Infinity", "1e400", "abc", "0.001", "", " "]
)
def test_a_commission_rate_out_of_its_range_is_refused(world, rate):
    document = (
        "mutation($input: ConsignmentAgreementCreateInput!) { consignmentAgreementCreate("
        f"input: $input) {{ agreement {{ id }} {ERRORS} }} }}"
    )
    variables = {
        "input": {
            "vendorId": gid(world.vendor),
            "showroomId": gid(world.other_showroom),
            "commissionRate": rate,
            "startsOn": date.today().isoformat(),
        }
    }
    client = GraphQLClient(world.staff)
    with nothing_written():
        response = client.post(document, variables)
    if response.status_code == 400:  # the Decimal scalar could not read it at all
        refused(response, status=400, code="BAD_USER_INPUT")
    else:
        payload_refused(response, "consignmentAgreementCreate", "INVALID", "commissionRate")


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        ("2025-07-01", "9999-12-31", "INVALID"),  # not over yet
        ("0001-01-01", "0001-01-01", None),  # long over: nothing to pay then
        ("2025-07-31", "2025-07-01", "INVALID"),
        ("2025-02-30", "2025-03-01", "BAD_USER_INPUT"),
        ("1e12", "2025-03-01", "BAD_USER_INPUT"),
    ],
)
def test_a_payout_period_that_cannot_be_paid_is_refused(world, start, end, code):
    """Payouts take no amount: what is owed comes from the ledger. Their period is checked."""
    document = (
        "mutation($start: Date!, $end: Date!) { payoutCreate(periodStart: $start, "
        f"periodEnd: $end) {{ payouts {{ amount {{ amount }} }} {ERRORS} }} }}"
    )
    client = GraphQLClient(world.staff)
    with nothing_written():
        response = client.post(document, {"start": start, "end": end})
    if code == "BAD_USER_INPUT":
        refused(response, status=400, code=code)
    elif code is None:  # the delivered order of the world is from today, not from year 1
        assert answered(response)["data"]["payoutCreate"]["payouts"] == []
    else:
        payload_refused(response, "payoutCreate", code, "periodEnd")
