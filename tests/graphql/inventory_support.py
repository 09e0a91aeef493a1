"""What the inventory API tests share: a producer with a warehouse, a showroom run by an
operator that holds the producer's goods on consignment, the people who work there, and a
client that speaks as a showroom device."""

from dataclasses import dataclass

from catalog.models import ProductVariant
from inventory.models import ConsignmentAgreement, Location, ShowroomOperatorMember, Stock
from inventory.services.ledger import stock_open
from marketplace.graphql.core.ids import global_id
from tests.factories import (
    AgreementFactory,
    OperatorMemberFactory,
    ShowroomFactory,
    StaffFactory,
    VendorFactory,
    VendorMemberFactory,
    WarehouseFactory,
)
from tests.graphql.catalog_fixtures import listing

ERRORS = "errors { field code message }"


def gid(row, type_name: str | None = None) -> str:
    return global_id(type_name or type(row).__name__, row.pk)


def device(make_client, raw: str):
    """A client sending a device's location token (`make_client` is the `gql` fixture)."""
    client = make_client(None)
    client.client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


def opened(location: Location, variant: ProductVariant, quantity: int, **fields) -> Stock:
    """A stock row with an opening balance, through the ledger (so it balances)."""
    stock = Stock.objects.create(location=location, variant=variant, **fields)
    (stock,) = stock_open(stocks_with_quantities=[(stock, quantity)])
    return stock


@dataclass
class Scene:
    vendor: object
    owner: object
    warehouse: Location
    showroom: Location
    agreement: ConsignmentAgreement
    manager: object  # the operator's manager
    clerk: object  # the operator's clerk
    staff: object
    tea: ProductVariant  # two variants of A's product, in stock at both places
    tea_box: ProductVariant
    other_vendor: object
    other_owner: object
    other_warehouse: Location
    other_showroom: Location  # run by another operator


def scene() -> Scene:
    vendor = VendorFactory()
    owner = VendorMemberFactory(vendor=vendor).user
    product = listing(vendor, "Chè Shan tuyết", prices=(85_000, 120_000))
    tea, tea_box = product.variants.order_by("price")
    warehouse = WarehouseFactory(vendor=vendor, name="Kho Mộc Châu")
    showroom = ShowroomFactory(name="Điểm bán OCOP Sơn La")
    agreement = AgreementFactory(vendor=vendor, showroom=showroom)
    manager = OperatorMemberFactory(
        operator=showroom.operator, role=ShowroomOperatorMember.Role.MANAGER
    ).user
    clerk = OperatorMemberFactory(operator=showroom.operator).user
    for location in (warehouse, showroom):
        opened(location, tea, 20)
        opened(location, tea_box, 8)
    other_vendor = VendorFactory()
    other_owner = VendorMemberFactory(vendor=other_vendor).user
    other_product = listing(other_vendor, "Mật ong bạc hà", prices=(150_000,))
    other_warehouse = WarehouseFactory(vendor=other_vendor, name="Kho Đồng Văn")
    opened(other_warehouse, other_product.variants.get(), 30)
    return Scene(
        vendor=vendor,
        owner=owner,
        warehouse=warehouse,
        showroom=showroom,
        agreement=agreement,
        manager=manager,
        clerk=clerk,
        staff=StaffFactory(),
        tea=tea,
        tea_box=tea_box,
        other_vendor=other_vendor,
        other_owner=other_owner,
        other_warehouse=other_warehouse,
        other_showroom=ShowroomFactory(name="Điểm bán OCOP Hà Giang"),
    )


def quantities(location: Location) -> dict[str, tuple[int, int]]:
    """SKU → (quantity, allocated) of every stock row at `location`."""
    return {
        stock.variant.sku: (stock.quantity, stock.quantity_allocated)
        for stock in Stock.objects.filter(location=location).select_related("variant")
    }


SYNC = f"""
mutation($input: StockSyncInput!) {{
  stockSync(input: $input) {{ results {{ sku status quantity }} replayed {ERRORS} }}
}}
"""

TOKEN_CREATE = f"""
mutation($locationId: ID!, $name: String!) {{
  locationTokenCreate(locationId: $locationId, name: $name) {{
    token
    locationToken {{ id name tokenHint createdAt lastUsedAt revokedAt location {{ id name }} }}
    {ERRORS}
  }}
}}
"""

TOKEN_REVOKE = f"""
mutation($id: ID!) {{
  locationTokenRevoke(id: $id) {{ locationToken {{ id revokedAt isActive }} {ERRORS} }}
}}
"""

STOCK_LEVELS = """
query($locationId: ID!, $filter: StockFilterInput, $first: Int, $after: String) {
  stockLevels(locationId: $locationId, filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id variant { sku name } location { name province { name } }
      quantity quantityAllocated quantityAvailable lowStockThreshold isLow
    } }
  }
}
"""


def sync_input(location, items, *, key="dem-cuoi-ngay-1", mode="SET") -> dict:
    return {
        "input": {
            "locationId": gid(location),
            "mode": mode,
            "idempotencyKey": key,
            "items": items,
        }
    }
