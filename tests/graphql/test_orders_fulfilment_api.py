"""Fulfilment over /graphql/: producers, shoppers, showroom devices and staff."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from orders.models import EarningsEntry, Payout, VendorOrder
from tests.factories import LocationTokenFactory, StaffFactory, UserFactory
from tests.graphql.client import payload
from tests.graphql.inventory_support import device, gid
from tests.graphql.vendor_support import in_english
from tests.orders.fulfilment_support import advance, consigned, member, part, place, variant

pytestmark = pytest.mark.django_db

ERRORS = "errors { field code message }"
PART = """id status orderNumber carrier trackingNumber pickupCode deliveryKind
    vendor { name } recipient { fullName phone } total { amount }
    lines { sku quantity unitPrice { amount } }"""
VENDOR_ORDERS = f"""query($filter: VendorOrderFilterInput, $first: Int, $after: String) {{
  vendorOrders(filter: $filter, first: $first, after: $after) {{
    totalCount pageInfo {{ hasNextPage endCursor }} edges {{ node {{ {PART} }} }}
  }}
}}"""
CONFIRM = (
    f"mutation($id: ID!) {{ vendorOrderConfirm(id: $id) {{ vendorOrder {{ status }} {ERRORS} }} }}"
)
SHIP = f"""mutation($id: ID!, $carrier: String!, $tracking: String!) {{
  vendorOrderShip(id: $id, carrier: $carrier, trackingNumber: $tracking) {{
    vendorOrder {{ status carrier trackingNumber }} {ERRORS} }} }}"""
DELIVERED = f"""mutation($id: ID!) {{
  vendorOrderMarkDelivered(id: $id) {{ vendorOrder {{ status }} {ERRORS} }} }}"""
CANCEL = f"""mutation($id: ID!, $reason: String, $token: UUID) {{
  vendorOrderCancel(id: $id, reason: $reason, orderToken: $token) {{
    vendorOrder {{ status }} {ERRORS} }} }}"""
HAND_OVER = f"""mutation($id: ID!, $code: String!) {{
  pickupHandOver(vendorOrderId: $id, pickupCode: $code) {{
    vendorOrder {{ status }} {ERRORS} }} }}"""
PICKUPS = f"""query($location: ID!) {{ pickups(locationId: $location) {{
  totalCount edges {{ node {{ {PART} }} }} }} }}"""
BALANCE = """query($vendor: ID!) { myBalance(vendorId: $vendor) {
  balance { amount } earned { amount } paidOut { amount } onTheWay { amount } } }"""
STATEMENTS = """query($vendor: ID!, $month: String) {
  myStatements(vendorId: $vendor, month: $month) {
  month openingBalance { amount } closingBalance { amount } sales { amount }
  commission { amount } withholding { amount }
  entries { kind component amount { amount } orderNumber paidOut } } }"""
REFUND = f"""mutation($id: ID!, $lines: [RefundLineInput!], $reason: String!) {{
  orderRefund(vendorOrderId: $id, lines: $lines, reason: $reason) {{
    refund {{ amount {{ amount }} goodsAmount {{ amount }} gateway manual }}
    vendorOrder {{ status }} {ERRORS} }} }}"""
PAYOUT = f"""mutation($start: Date!, $end: Date!, $vendor: ID) {{
  payoutCreate(periodStart: $start, periodEnd: $end, vendorId: $vendor) {{
    payouts {{ id amount {{ amount }} vendor {{ name }} periodEnd }} csv {ERRORS} }} }}"""


@pytest.fixture
def gql(gql):
    return in_english(gql)


def vo_id(vendor_order) -> str:
    return gid(vendor_order, "VendorOrder")


def test_a_producer_fulfils_its_part_over_the_api(gql):
    tea, honey = variant(100_000), variant(50_000)
    order = place([(tea, 2), (honey, 1)])
    owner = member(tea.vendor)
    client = gql(owner)
    listed = client.execute(VENDOR_ORDERS)["vendorOrders"]
    assert listed["totalCount"] == 1  # only its own part, never the other producer's
    node = listed["edges"][0]["node"]
    assert (node["status"], node["orderNumber"], node["vendor"]["name"]) == (
        "UNCONFIRMED",
        order.number,
        tea.vendor.name,
    )
    assert node["recipient"] == {"fullName": "Nguyễn Thị Lan", "phone": "+84912345678"}
    assert node["pickupCode"] is None and node["total"] == {"amount": 230_000}
    target = {"id": node["id"]}
    assert payload(client.execute(CONFIRM, target), "vendorOrderConfirm")["vendorOrder"] == {
        "status": "CONFIRMED"
    }
    shipped = client.execute(SHIP, {**target, "carrier": "GHTK", "tracking": "S9"})
    assert payload(shipped, "vendorOrderShip")["vendorOrder"] == {
        "status": "SHIPPED",
        "carrier": "GHTK",
        "trackingNumber": "S9",
    }
    done = client.execute(DELIVERED, target)
    assert payload(done, "vendorOrderMarkDelivered")["vendorOrder"] == {"status": "DELIVERED"}
    balance = client.execute(BALANCE, {"vendor": gid(tea.vendor, "Vendor")})["myBalance"]
    assert balance == {
        "balance": {"amount": 210_000},
        "earned": {"amount": 210_000},
        "paidOut": {"amount": 0},
        "onTheWay": {"amount": 0},
    }
    (statement,) = client.execute(STATEMENTS, {"vendor": gid(tea.vendor, "Vendor"), "month": None})[
        "myStatements"
    ]
    assert statement["month"] == timezone.localdate().strftime("%Y-%m")
    assert (statement["sales"], statement["commission"], statement["closingBalance"]) == (
        {"amount": 230_000},
        {"amount": -20_000},
        {"amount": 210_000},
    )
    assert {e["orderNumber"] for e in statement["entries"]} == {order.number}


def test_vendor_orders_filter_by_status_and_producer(gql):
    tea = variant()
    owner = member(tea.vendor)
    first, second = place([(tea, 1)]), place([(tea, 1)])
    advance(part(first, tea), "confirmed")
    client = gql(owner)
    confirmed = client.execute(VENDOR_ORDERS, {"filter": {"status": "CONFIRMED"}})
    assert [e["node"]["orderNumber"] for e in confirmed["vendorOrders"]["edges"]] == [first.number]
    other = variant()
    place([(other, 1)])
    staff = gql(StaffFactory()).execute(
        VENDOR_ORDERS, {"filter": {"vendorId": gid(tea.vendor, "Vendor")}}
    )
    assert staff["vendorOrders"]["totalCount"] == 2
    assert gql(UserFactory()).execute(VENDOR_ORDERS)["vendorOrders"]["totalCount"] == 0
    assert second.number


def test_another_producers_part_looks_unknown_and_illegal_moves_are_refused(gql):
    tea, honey = variant(), variant()
    order = place([(tea, 1), (honey, 1)])
    tea_part = part(order, tea)
    outsider = gql(member(honey.vendor))
    hidden = outsider.execute(CONFIRM, {"id": vo_id(tea_part)})["vendorOrderConfirm"]
    assert [e["code"] for e in hidden["errors"]] == ["NOT_FOUND"]
    owner = gql(member(tea.vendor))
    early = owner.execute(DELIVERED, {"id": vo_id(tea_part)})["vendorOrderMarkDelivered"]
    assert (early["vendorOrder"], [e["code"] for e in early["errors"]]) == (
        None,
        ["INVALID_TRANSITION"],
    )
    assert part(order, tea).status == "unconfirmed"


def test_shoppers_cancel_before_shipping_guests_with_their_token(gql):
    shopper = UserFactory()
    tea = variant()
    mine = place([(tea, 1)], actor=shopper)
    cancelled = gql(shopper).execute(CANCEL, {"id": vo_id(part(mine, tea))})
    assert payload(cancelled, "vendorOrderCancel")["vendorOrder"] == {"status": "CANCELLED"}

    guest_order = place([(tea, 1)])
    target = vo_id(part(guest_order, tea))
    anonymous = gql(None)
    without = anonymous.execute(CANCEL, {"id": target})["vendorOrderCancel"]
    assert [e["code"] for e in without["errors"]] == ["NOT_FOUND"]
    with_token = anonymous.execute(CANCEL, {"id": target, "token": str(guest_order.token)})
    assert payload(with_token, "vendorOrderCancel")["vendorOrder"] == {"status": "CANCELLED"}

    shipped = place([(tea, 1)], actor=shopper)
    advance(part(shipped, tea), "shipped")
    late = gql(shopper).execute(CANCEL, {"id": vo_id(part(shipped, tea))})["vendorOrderCancel"]
    assert [e["code"] for e in late["errors"]] == ["INVALID_TRANSITION"]


def test_the_producer_must_say_why_it_cancels(gql):
    tea = variant()
    order = place([(tea, 1)])
    client = gql(member(tea.vendor))
    result = client.execute(CANCEL, {"id": vo_id(part(order, tea))})["vendorOrderCancel"]
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("reason", "REQUIRED")]
    result = client.execute(CANCEL, {"id": vo_id(part(order, tea)), "reason": "Hết hàng"})
    assert payload(result, "vendorOrderCancel")["vendorOrder"] == {"status": "CANCELLED"}


# --- the showroom ----------------------------------------------------------------------------


@pytest.fixture
def pickup():
    tea = variant(quantity=0)
    showroom = consigned(tea, quantity=5)
    order = place([(tea, 2)], pickup={tea.vendor.pk: showroom})
    raw = "ocop_loc_" + "a" * 40
    LocationTokenFactory(location=showroom, raw=raw)
    return showroom, part(order, tea), raw


def test_the_showroom_device_lists_and_hands_over_its_pickups(gql, pickup):
    showroom, vendor_order, raw = pickup
    pos = device(gql, raw)
    listed = pos.execute(PICKUPS, {"location": gid(showroom, "Location")})["pickups"]
    assert listed["totalCount"] == 1
    node = listed["edges"][0]["node"]
    assert node["pickupCode"] is None  # the shopper shows it; the counter never reads it
    assert node["deliveryKind"] == "PICKUP" and node["recipient"]["fullName"]
    wrong = pos.execute(HAND_OVER, {"id": node["id"], "code": "x"})["pickupHandOver"]
    assert [(e["field"], e["code"]) for e in wrong["errors"]] == [("pickupCode", "INVALID")]
    done = pos.execute(HAND_OVER, {"id": node["id"], "code": vendor_order.pickup_code})
    assert payload(done, "pickupHandOver")["vendorOrder"] == {"status": "DELIVERED"}
    assert (
        pos.execute(PICKUPS, {"location": gid(showroom, "Location")})["pickups"]["totalCount"] == 0
    )


def test_another_showrooms_device_sees_nothing(gql, pickup):
    showroom, vendor_order, _raw = pickup
    raw = "ocop_loc_" + "b" * 40
    LocationTokenFactory(raw=raw)
    other = device(gql, raw)
    result = other.execute(
        HAND_OVER, {"id": vo_id(vendor_order), "code": vendor_order.pickup_code}
    )["pickupHandOver"]
    assert [e["code"] for e in result["errors"]] == ["NOT_FOUND"]
    response = other.post(PICKUPS, {"location": gid(showroom, "Location")}).json()
    assert response["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    vendor_order.refresh_from_db()
    assert vendor_order.status == "unconfirmed"


# --- staff -----------------------------------------------------------------------------------


def test_staff_refund_by_sku_and_pay_out_with_a_csv(gql):
    tea = variant(100_000)
    order = place([(tea, 3)])
    vendor_order = advance(part(order, tea), "delivered")
    staff = gql(StaffFactory())
    refunded = staff.execute(
        REFUND,
        {"id": vo_id(vendor_order), "lines": [{"sku": tea.sku, "quantity": 1}], "reason": "Vỡ"},
    )
    assert payload(refunded, "orderRefund")["refund"] == {
        "amount": {"amount": 100_000},
        "goodsAmount": {"amount": 100_000},
        "gateway": "cod",
        "manual": True,
    }
    unknown = staff.execute(
        REFUND,
        {"id": vo_id(vendor_order), "lines": [{"sku": "NOPE", "quantity": 1}], "reason": "x"},
    )["orderRefund"]
    assert [(e["field"], e["code"]) for e in unknown["errors"]] == [("lines.0", "NOT_FOUND")]
    EarningsEntry.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    variables = {
        "start": (yesterday.replace(day=1) - datetime.timedelta(days=5)).isoformat(),
        "end": yesterday.isoformat(),
        "vendor": None,
    }
    paid = payload(staff.execute(PAYOUT, variables), "payoutCreate")
    # 300.000 + 30.000 - 30.000 commission, less the refund 100.000 + its commission 10.000
    assert [p["amount"] for p in paid["payouts"]] == [{"amount": 210_000}]
    assert paid["csv"].splitlines()[1].split(",")[7] == "210000"
    again = payload(staff.execute(PAYOUT, variables), "payoutCreate")
    assert again["payouts"] == [] and Payout.objects.count() == 1


def test_only_staff_refund_and_pay_out(gql):
    tea = variant()
    order = place([(tea, 1)])
    vendor_order = advance(part(order, tea), "delivered")
    owner = gql(member(tea.vendor))
    refused = owner.execute(REFUND, {"id": vo_id(vendor_order), "reason": "x"})["orderRefund"]
    assert [e["code"] for e in refused["errors"]] == ["PERMISSION_DENIED"]
    day = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    refused = owner.execute(PAYOUT, {"start": day, "end": day})["payoutCreate"]
    assert [e["code"] for e in refused["errors"]] == ["PERMISSION_DENIED"]


def test_balance_is_for_members_only_and_months_are_checked(gql):
    tea = variant()
    vendor = gid(tea.vendor, "Vendor")
    response = gql(UserFactory()).post(BALANCE, {"vendor": vendor}).json()
    assert response["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    response = gql(member(tea.vendor)).post(STATEMENTS, {"vendor": vendor, "month": "10/2025"})
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID"


# --- query budgets ---------------------------------------------------------------------------


def count_queries(client, variables) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.execute(VENDOR_ORDERS, variables)
    return len(queries)


# The person, the count, the page (with order, producer, showroom joined), the lines.
VENDOR_ORDERS_BUDGET = 4
# The token (+ its last use, at most once a while), the location, the count, the page, lines.
PICKUPS_BUDGET = 6


def test_vendor_orders_cost_the_same_for_2_or_12_parts(gql, django_assert_max_num_queries):
    tea, honey = variant(quantity=100), variant(quantity=100)
    owner = member(tea.vendor)
    for _ in range(12):
        place([(tea, 1), (variant(quantity=5, vendor=tea.vendor), 2), (honey, 1)])
    client = gql(owner)
    small = count_queries(client, {"first": 2})
    with django_assert_max_num_queries(VENDOR_ORDERS_BUDGET):
        data = client.execute(VENDOR_ORDERS, {"first": 12})
    assert len(data["vendorOrders"]["edges"]) == 12
    assert count_queries(client, {"first": 12}) == small


def test_pickups_cost_the_same_for_any_page(gql, django_assert_max_num_queries):
    tea = variant(quantity=0)
    showroom = consigned(tea, quantity=50)
    for _ in range(6):
        place([(tea, 1)], pickup={tea.vendor.pk: showroom})
    raw = "ocop_loc_" + "c" * 40
    LocationTokenFactory(location=showroom, raw=raw)
    pos = device(gql, raw)
    with CaptureQueriesContext(connection) as one:
        pos.execute(
            PICKUPS.replace(
                "pickups(locationId: $location)", "pickups(locationId: $location, first: 1)"
            ),
            {"location": gid(showroom, "Location")},
        )
    assert len(one) <= PICKUPS_BUDGET
    with django_assert_max_num_queries(len(one)):
        data = pos.execute(PICKUPS, {"location": gid(showroom, "Location")})
    assert data["pickups"]["totalCount"] == 6
    assert VendorOrder.objects.filter(pickup_location=showroom).count() == 6
