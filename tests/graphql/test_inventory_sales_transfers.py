"""Over-the-counter sales, transfers and consignment agreements through the API."""

import datetime

import pytest
from django.utils import timezone

from inventory.models import ConsignmentAgreement, PosSale, StockMovement, Transfer
from marketplace.graphql.core.ids import global_id
from tests.factories import ShowroomFactory, location_token
from tests.graphql.inventory_support import (
    ERRORS,
    STOCK_LEVELS,
    device,
    gid,
    quantities,
    scene,
)
from tests.graphql.vendor_support import in_english
from tests.inventory.helpers import assert_ledger_balances

pytestmark = pytest.mark.django_db

SALE = f"""
mutation($input: PosSaleInput!) {{
  posSaleRecord(input: $input) {{
    sale {{
      id clientSaleId paidWith total {{ amount currency }} commissionTotal {{ amount }}
      lines {{
        sku quantity unitPrice {{ amount }} lineTotal {{ amount }} commissionAmount {{ amount }}
        commissionRate producerAmount {{ amount }} vendor {{ name }}
      }}
    }}
    replayed
    {ERRORS}
  }}
}}
"""

TRANSFER_FIELDS = """
  id status note vendor { name } source { name } destination { name }
  lines { variant { sku } quantitySent quantityReceived shortfall }
"""
TRANSFER_CREATE = f"""
mutation($input: TransferCreateInput!) {{
  transferCreate(input: $input) {{ transfer {{ {TRANSFER_FIELDS} }} {ERRORS} }}
}}
"""
TRANSFER_RECEIVE = f"""
mutation($id: ID!, $lines: [TransferReceiveLineInput!]) {{
  transferReceive(id: $id, lines: $lines) {{ transfer {{ {TRANSFER_FIELDS} }} {ERRORS} }}
}}
"""
TRANSFER_CANCEL = f"""
mutation($id: ID!) {{ transferCancel(id: $id) {{ transfer {{ status }} {ERRORS} }} }}
"""
AGREEMENT_CREATE = f"""
mutation($input: ConsignmentAgreementCreateInput!) {{
  consignmentAgreementCreate(input: $input) {{
    agreement {{
      id commissionRate startsOn endsOn isActive isInForce vendor {{ name }} showroom {{ name }}
    }}
    {ERRORS}
  }}
}}
"""


@pytest.fixture
def gql(gql):
    return in_english(gql)


@pytest.fixture
def s():
    return scene()


def sale_input(s, client_sale_id="HD-0001", quantity=3, paid_with="QR") -> dict:
    return {
        "input": {
            "locationId": gid(s.showroom),
            "clientSaleId": client_sale_id,
            "lines": [
                {"sku": s.tea.sku, "quantity": quantity, "unitPrice": 85_000},
                {"sku": s.tea_box.sku, "quantity": 1, "unitPrice": 119_999},
            ],
            "paidWith": paid_with,
        }
    }


def test_a_device_records_a_sale_exactly_once(gql, s):
    _token, raw = location_token(s.showroom)
    pos = device(gql, raw)
    first = pos.execute(SALE, sale_input(s))["posSaleRecord"]
    assert first["errors"] == [] and first["replayed"] is False
    sale = first["sale"]
    assert sale["clientSaleId"] == "HD-0001" and sale["paidWith"] == "QR"
    assert sale["total"] == {"amount": 3 * 85_000 + 119_999, "currency": "VND"}
    # 15 % of each line, rounded half-up to whole đồng.
    assert [line["commissionAmount"]["amount"] for line in sale["lines"]] == [38_250, 18_000]
    assert sale["commissionTotal"] == {"amount": 38_250 + 18_000}
    assert sale["lines"][0]["producerAmount"] == {"amount": 255_000 - 38_250}
    assert sale["lines"][0]["commissionRate"] == "15.00"
    assert sale["lines"][0]["vendor"] == {"name": s.vendor.name}
    assert quantities(s.showroom) == {s.tea.sku: (17, 0), s.tea_box.sku: (7, 0)}

    again = pos.execute(SALE, sale_input(s))["posSaleRecord"]
    assert again["replayed"] is True and again["sale"]["id"] == sale["id"]
    assert PosSale.objects.count() == 1
    assert StockMovement.objects.filter(kind="pos_sale").count() == 2
    assert quantities(s.showroom) == {s.tea.sku: (17, 0), s.tea_box.sku: (7, 0)}
    # The same id for another sale is a mistake.
    other = pos.execute(SALE, sale_input(s, quantity=1))["posSaleRecord"]
    assert [(e["field"], e["code"]) for e in other["errors"]] == [("clientSaleId", "INVALID")]
    assert_ledger_balances()


def test_a_sale_beyond_the_stock_writes_nothing(gql, s):
    result = gql(s.clerk).execute(SALE, sale_input(s, quantity=21))["posSaleRecord"]
    assert [(e["field"], e["code"]) for e in result["errors"]] == [
        ("lines.0.quantity", "INSUFFICIENT_STOCK")
    ]
    assert s.tea.sku in result["errors"][0]["message"]
    assert result["sale"] is None
    assert PosSale.objects.count() == 0
    assert quantities(s.showroom) == {s.tea.sku: (20, 0), s.tea_box.sku: (8, 0)}


def test_sales_are_recorded_at_showrooms_only_and_for_consigned_skus(gql, s):
    at_warehouse = sale_input(s)
    at_warehouse["input"]["locationId"] = gid(s.warehouse)
    result = gql(s.owner).execute(SALE, at_warehouse)["posSaleRecord"]
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("locationId", "INVALID")]
    unknown = sale_input(s)
    unknown["input"]["lines"][1]["sku"] = "KHONG-CO"
    result = gql(s.clerk).execute(SALE, unknown)["posSaleRecord"]
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("lines.1.sku", "NOT_FOUND")]
    assert PosSale.objects.count() == 0


def test_a_transfer_from_warehouse_to_showroom_received_short(gql, s):
    producer = gql(s.owner)
    created = producer.execute(
        TRANSFER_CREATE,
        {
            "input": {
                "sourceId": gid(s.warehouse),
                "destinationId": gid(s.showroom),
                "lines": [
                    {"variantId": gid(s.tea), "quantity": 10},
                    {"variantId": gid(s.tea_box), "quantity": 4},
                ],
                "note": "Xe sáng thứ Hai",
            }
        },
    )["transferCreate"]
    assert created["errors"] == []
    transfer = created["transfer"]
    assert transfer["status"] == "IN_TRANSIT" and transfer["note"] == "Xe sáng thứ Hai"
    assert transfer["source"] == {"name": "Kho Mộc Châu"}
    assert transfer["lines"][0] == {
        "variant": {"sku": s.tea.sku},
        "quantitySent": 10,
        "quantityReceived": None,
        "shortfall": 10,
    }
    assert quantities(s.warehouse) == {s.tea.sku: (10, 0), s.tea_box.sku: (4, 0)}

    # The showroom sees it coming, in its list and the producer's.
    _token, raw = location_token(s.showroom)
    pos = device(gql, raw)
    listed = pos.execute(
        "query($id: ID!) { transfers(locationId: $id) { totalCount edges { node { id } } } }",
        {"id": gid(s.showroom)},
    )["transfers"]
    assert listed == {"totalCount": 1, "edges": [{"node": {"id": transfer["id"]}}]}
    assert producer.execute("{ transfers { totalCount } }")["transfers"]["totalCount"] == 1
    assert gql(s.other_owner).execute("{ transfers { totalCount } }") == {
        "transfers": {"totalCount": 0}
    }

    received = pos.execute(
        TRANSFER_RECEIVE,
        {"id": transfer["id"], "lines": [{"variantId": gid(s.tea), "quantityReceived": 9}]},
    )["transferReceive"]
    assert received["errors"] == []
    assert received["transfer"]["status"] == "RECEIVED"
    assert [
        (line["quantityReceived"], line["shortfall"]) for line in received["transfer"]["lines"]
    ] == [(9, 1), (4, 0)]
    assert quantities(s.showroom) == {s.tea.sku: (29, 0), s.tea_box.sku: (12, 0)}
    assert Transfer.objects.get().received_by_token is not None
    # Received once only; and no longer cancellable.
    twice = pos.execute(TRANSFER_RECEIVE, {"id": transfer["id"]})["transferReceive"]
    assert [e["code"] for e in twice["errors"]] == ["INVALID_TRANSITION"]
    cancel = producer.execute(TRANSFER_CANCEL, {"id": transfer["id"]})["transferCancel"]
    assert [e["code"] for e in cancel["errors"]] == ["INVALID_TRANSITION"]
    assert_ledger_balances()


def test_a_cancelled_transfer_puts_the_goods_back(gql, s):
    producer = gql(s.owner)
    created = producer.execute(
        TRANSFER_CREATE,
        {
            "input": {
                "sourceId": gid(s.warehouse),
                "destinationId": gid(s.showroom),
                "lines": [{"variantId": gid(s.tea), "quantity": 5}],
            }
        },
    )["transferCreate"]
    result = producer.execute(TRANSFER_CANCEL, {"id": created["transfer"]["id"]})
    assert result["transferCancel"] == {"transfer": {"status": "CANCELLED"}, "errors": []}
    assert quantities(s.warehouse)[s.tea.sku] == (20, 0)
    assert_ledger_balances()


def test_transfer_input_errors(gql, s):
    producer = gql(s.owner)

    def create(**changes):
        base = {
            "sourceId": gid(s.warehouse),
            "destinationId": gid(s.showroom),
            "lines": [{"variantId": gid(s.tea), "quantity": 5}],
        }
        result = producer.execute(TRANSFER_CREATE, {"input": {**base, **changes}})
        return [(e["field"], e["code"]) for e in result["transferCreate"]["errors"]]

    assert create(lines=[{"variantId": gid(s.tea), "quantity": 21}]) == [
        ("lines.0.quantity", "INSUFFICIENT_STOCK")
    ]
    assert create(lines=[{"variantId": "xyz", "quantity": 1}]) == [("lines.0.variantId", "INVALID")]
    unknown = global_id("ProductVariant", 2_000_000_000)
    assert create(
        lines=[{"variantId": gid(s.tea_box), "quantity": 1}, {"variantId": unknown, "quantity": 1}]
    ) == [("lines.1.variantId", "NOT_FOUND")]
    assert create(destinationId=gid(s.other_showroom)) == [("destinationId", "INVALID")]
    assert create(sourceId=gid(s.showroom)) == [("sourceId", "INVALID")]
    assert create(sourceId=gid(s.other_warehouse)) == [("sourceId", "NOT_FOUND")]
    assert create(lines=[]) == [("lines", "INVALID")]
    assert quantities(s.warehouse)[s.tea.sku] == (20, 0)


def test_consignment_agreements_are_made_by_staff(gql, s):
    showroom = ShowroomFactory(name="Điểm bán OCOP Lai Châu")
    today = timezone.localdate()
    variables = {
        "input": {
            "vendorId": gid(s.vendor),
            "showroomId": gid(showroom),
            "commissionRate": "12.5",
            "startsOn": today.isoformat(),
        }
    }
    for user in (s.owner, s.manager, None):
        refused = gql(user).execute(AGREEMENT_CREATE, variables)["consignmentAgreementCreate"]
        assert [e["code"] for e in refused["errors"]] == ["PERMISSION_DENIED"]
    made = gql(s.staff).execute(AGREEMENT_CREATE, variables)["consignmentAgreementCreate"]
    assert made["errors"] == []
    assert made["agreement"] == {
        "id": made["agreement"]["id"],
        "commissionRate": "12.50",
        "startsOn": today.isoformat(),
        "endsOn": None,
        "isActive": True,
        "isInForce": True,
        "vendor": {"name": s.vendor.name},
        "showroom": {"name": "Điểm bán OCOP Lai Châu"},
    }
    again = gql(s.staff).execute(AGREEMENT_CREATE, variables)["consignmentAgreementCreate"]
    assert [e["code"] for e in again["errors"]] == ["UNIQUE"]

    def errors(**changes):
        result = gql(s.staff).execute(
            AGREEMENT_CREATE, {"input": {**variables["input"], **changes}}
        )["consignmentAgreementCreate"]
        return [(e["field"], e["code"]) for e in result["errors"]]

    other = ShowroomFactory()
    assert errors(showroomId=gid(other), commissionRate="101") == [("commissionRate", "INVALID")]
    assert errors(showroomId=gid(other), commissionRate="-1") == [("commissionRate", "INVALID")]
    assert errors(showroomId=gid(s.warehouse)) == [("showroomId", "INVALID")]
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    assert errors(showroomId=gid(other), endsOn=yesterday) == [("endsOn", "INVALID")]
    assert errors(vendorId=gid(s.showroom)) == [("vendorId", "INVALID")]
    assert ConsignmentAgreement.objects.filter(showroom=other).count() == 0


def test_who_sees_which_agreements(gql, s):
    query = (
        "query($v: ID, $r: ID) { consignmentAgreements(vendorId: $v, showroomId: $r) "
        "{ totalCount edges { node { showroom { name } } } } }"
    )
    assert gql(s.owner).execute(query)["consignmentAgreements"]["totalCount"] == 1
    assert (
        gql(s.clerk).execute(query, {"r": gid(s.showroom)})["consignmentAgreements"]["totalCount"]
        == 1
    )
    assert gql(s.other_owner).execute(query)["consignmentAgreements"]["totalCount"] == 0
    assert (
        gql(s.staff).execute(query, {"v": gid(s.other_vendor)})["consignmentAgreements"][
            "totalCount"
        ]
        == 0
    )
    bad = gql(s.staff).post(query, {"v": "not-an-id"}).json()
    assert bad["errors"][0]["extensions"] == {"code": "INVALID"}
    assert bad["errors"][0]["message"].startswith("`vendorId`")


def test_the_device_sees_its_new_stock_after_a_sale(gql, s):
    _token, raw = location_token(s.showroom)
    pos = device(gql, raw)
    pos.execute(SALE, sale_input(s, quantity=2))
    levels = pos.execute(STOCK_LEVELS, {"locationId": gid(s.showroom)})["stockLevels"]
    assert [e["node"]["quantity"] for e in levels["edges"]] == [18, 7]
