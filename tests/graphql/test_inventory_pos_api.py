"""A showroom's POS connections and end-of-day report over GraphQL: what they answer, and query
counts that do not grow with the rows (mappings, report rows, sales, producers); and a
device's sale in the producer's balance and statement."""

import datetime

import pytest
from django.utils import timezone

from inventory.models import PosConnection
from inventory.services.pos import PosLine
from orders.services.counter_sales import counter_sale_record
from tests.factories import (
    AgreementFactory,
    PosConnectionFactory,
    ProductVariantFactory,
    VendorFactory,
    location_token,
)
from tests.graphql.inventory_support import device, gid, opened, scene

pytestmark = pytest.mark.django_db

POS_CONNECTIONS = """
query($locationId: ID!) {
  posConnections(locationId: $locationId, first: 10) {
    totalCount
    edges { node {
      id provider account branchId mapping pushSales status lastSyncedAt lastError
      credentialsSet webhookUrl
      location { name province { name } }
      report { source applied rejected rows { code sku quantity status message } }
      mappings { externalCode variant { sku name gtin price { amount } } }
    } }
  }
}
"""

DAILY_REPORT = """
query($locationId: ID!, $date: Date!) {
  showroomDailyReport(locationId: $locationId, date: $date) {
    date salesCount total { amount formatted } commission { amount } producerTotal { amount }
    producers {
      vendor { name slug province { name } } vendorName units sales { amount }
      commissionRates commission { amount } producerAmount { amount }
    }
    methods { paidWith salesCount total { amount } }
  }
}
"""

# Budgets for the resolvers' own queries (authentication comes on top, one more).
POS_CONNECTIONS_BUDGET = 5  # location, access, count, page, mappings with their variants
DAILY_REPORT_BUDGET = 6  # location, access, by method, rates, by producer, the producers


@pytest.fixture
def s():
    return scene()


def connections(s, count: int, mappings_each: int):
    """`count` connections of the showroom, each with a report and `mappings_each` rows."""
    rows = [{"code": f"X-{n}", "sku": "", "quantity": n, "status": "UNKNOWN_SKU",
             "message": "?", "stored": None} for n in range(mappings_each)]  # fmt: skip
    providers = list(PosConnection.Provider)[:count]
    made = []
    for provider in providers:
        connection = PosConnectionFactory(
            location=s.showroom,
            provider=provider,
            last_report={"source": "pull", "applied": 3, "rejected": len(rows), "rows": rows},
        )
        for n in range(mappings_each):
            variant = ProductVariantFactory(product__vendor=s.vendor, sku=f"{provider}-{n}")
            connection.mappings.create(external_code=f"P-{n}", variant=variant)
        made.append(connection)
    return made


def cost(client, query, variables, django_assert_max_num_queries, budget):
    client.execute(query, variables)  # warm the per-process caches
    with django_assert_max_num_queries(budget + 1) as captured:
        data = client.execute(query, variables)
    return data, len(captured.captured_queries)


@pytest.mark.parametrize(("count", "mappings_each"), [(1, 1), (3, 25)])
def test_pos_connections_cost_the_same_for_any_number_of_rows(
    gql, s, count, mappings_each, django_assert_max_num_queries
):
    made = connections(s, count, mappings_each)
    variables = {"locationId": gid(s.showroom)}

    data, _queries = cost(gql(s.manager), POS_CONNECTIONS, variables,
                          django_assert_max_num_queries, POS_CONNECTIONS_BUDGET)  # fmt: skip

    page = data["posConnections"]
    assert page["totalCount"] == count
    node = page["edges"][0]["node"]
    assert len(node["mappings"]) == mappings_each and len(node["report"]["rows"]) == mappings_each
    assert node["webhookUrl"].endswith(f"/integrations/{made[0].provider}/{made[0].pk}/webhook/")
    assert "webhook_secret" in node["credentialsSet"]
    assert node["mappings"][0]["variant"]["sku"] == f"{made[0].provider}-0"


def test_a_clerk_reads_the_connections_but_never_a_credential(gql, s):
    (connection,) = connections(s, 1, 1)
    body = gql(s.clerk).post(POS_CONNECTIONS, {"locationId": gid(s.showroom)}).content.decode()
    assert '"totalCount":1' in body.replace(" ", "")
    for secret in connection.credentials.values():
        assert secret not in body


def sales(s, producers: int, count: int):
    """`count` counter sales today, spread over `producers` producers held at the showroom."""
    variants = [s.tea]
    for n in range(producers - 1):
        vendor = VendorFactory(name=f"HTX số {n}")
        AgreementFactory(vendor=vendor, showroom=s.showroom, commission_rate=10 + n)
        variant = ProductVariantFactory(product__vendor=vendor, sku=f"SP-{n}")
        opened(s.showroom, variant, 100)
        variants.append(variant)
    for n in range(count):
        variant = variants[n % len(variants)]
        counter_sale_record(
            actor=s.clerk,
            location=s.showroom,
            client_sale_id=f"sale-{n}",
            lines=[PosLine(variant.sku, 1, 10_000)],
            paid_with=["cash", "vietqr", "card"][n % 3],
        )


@pytest.mark.parametrize(("producers", "count"), [(1, 1), (8, 24)])
def test_the_daily_report_costs_the_same_for_any_number_of_sales_and_producers(
    gql, s, producers, count, django_assert_max_num_queries
):
    sales(s, producers, count)
    variables = {"locationId": gid(s.showroom), "date": timezone.localdate().isoformat()}

    data, _queries = cost(gql(s.clerk), DAILY_REPORT, variables,
                          django_assert_max_num_queries, DAILY_REPORT_BUDGET)  # fmt: skip

    report = data["showroomDailyReport"]
    assert report["salesCount"] == count and report["total"]["amount"] == count * 10_000
    assert len(report["producers"]) == producers
    assert all(line["vendor"]["province"]["name"] for line in report["producers"])
    assert sum(m["salesCount"] for m in report["methods"]) == count


def test_yesterday_s_report_is_empty(gql, s):
    sales(s, 1, 2)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    report = gql(s.manager).execute(
        DAILY_REPORT, {"locationId": gid(s.showroom), "date": yesterday.isoformat()}
    )["showroomDailyReport"]
    assert (report["salesCount"], report["producers"], report["methods"]) == (0, [], [])


SALE = """
mutation($input: PosSaleInput!) {
  posSaleRecord(input: $input) { replayed errors { field code message } }
}
"""
MONEY = """
query($vendorId: ID!) {
  myBalance(vendorId: $vendorId) {
    balance { amount } earned { amount } heldByShowrooms { amount }
  }
  myStatements(vendorId: $vendorId) {
    sales { amount } showroomSales { amount } showroomCommission { amount }
    collectedByShowrooms { amount } closingBalance { amount }
    entries { kind amount { amount } orderNumber showroom saleSku paidOut }
  }
}
"""


def test_a_device_s_sale_reaches_the_producer_s_money_once(gql, s):
    _token, raw = location_token(s.showroom)
    line = {"sku": s.tea.sku, "quantity": 2, "unitPrice": 100_000}
    sale = {"input": {"locationId": gid(s.showroom), "clientSaleId": "HD-9", "paidWith": "CASH",
                      "lines": [line]}}  # fmt: skip
    till = device(gql, raw)
    assert [till.execute(SALE, sale)["posSaleRecord"]["replayed"] for _ in range(2)] == [
        False,
        True,
    ]

    money = gql(s.owner).execute(MONEY, {"vendorId": gid(s.vendor)})
    # The agreement's 15%: 30.000 to the showroom, 170.000 the showroom owes the producer.
    assert money["myBalance"] == {"balance": {"amount": 0}, "earned": {"amount": 170_000},
                                  "heldByShowrooms": {"amount": 170_000}}  # fmt: skip
    (month,) = money["myStatements"]
    assert (month["showroomSales"], month["showroomCommission"], month["collectedByShowrooms"]) == (
        {"amount": 200_000}, {"amount": -30_000}, {"amount": -170_000})  # fmt: skip
    assert month["sales"] == {"amount": 0} and month["closingBalance"] == {"amount": 0}
    assert {(e["showroom"], e["saleSku"], e["orderNumber"], e["paidOut"])
            for e in month["entries"]} == {(s.showroom.name, s.tea.sku, None, False)}  # fmt: skip
