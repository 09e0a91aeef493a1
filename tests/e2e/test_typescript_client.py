"""The TypeScript storefront client (examples/storefront-client), which no Python code controls,
against a live server: `npm test` checks its generated code against schema.graphql, typechecks
it, and runs the shopper's flow (search, three pages, a product by slug, a COD order) through
persisted queries; the order must then be in the database.

Without node, npm or the client's node_modules the test skips locally; CI installs them
(`npm ci` in .ci/run) and sets OCOP_TS_CLIENT_REQUIRED=1, so there it fails instead."""

import os
import shutil
import subprocess

import pytest

from inventory.models import Stock
from orders.models import Order, PaymentMethod, ShippingMethod
from tests.factories import ProductVariantFactory, StockFactory, VendorFactory
from tests.marketplace.project import ROOT

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CLIENT = ROOT / "examples" / "storefront-client"
SHOPPER = "ts-client@example.vn"


def missing_tools() -> str | None:
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    if not (CLIENT / "node_modules").is_dir():
        return f"the client's packages are not installed: run `npm ci` in {CLIENT}"
    return None


@pytest.fixture
def npm():
    problem = missing_tools()
    if problem is not None:
        if os.environ.get("OCOP_TS_CLIENT_REQUIRED") == "1":
            pytest.fail(f"OCOP_TS_CLIENT_REQUIRED is set and {problem}")
        pytest.skip(problem)
    return shutil.which("npm")


@pytest.fixture
def catalogue():
    """Six teas of one producer in stock (three pages of two), with a shipping method."""
    vendor = VendorFactory(name="HTX Chè Mộc Châu")
    ShippingMethod.objects.create(vendor=vendor, name="GHTK", flat_price=30_000)
    variants = [
        StockFactory(
            quantity=10, variant=ProductVariantFactory(product__vendor=vendor, price=120_000)
        ).variant
        for _ in range(6)
    ]
    from search.services import rebuild_index

    rebuild_index()  # factories skip the services that mark rows for the index
    return variants


def test_the_typescript_client_runs_the_storefront_flow(npm, live_server, catalogue):
    env = {
        **os.environ,
        "OCOP_API_URL": f"{live_server.url}/graphql/",
        "OCOP_SEARCH": "che shan tuyet",  # without diacritics, as shoppers type
        "OCOP_SHOPPER_EMAIL": SHOPPER,
        "NO_COLOR": "1",
    }
    run = subprocess.run(
        [npm, "test"], cwd=CLIENT, env=env, capture_output=True, text=True, timeout=600
    )
    output = f"{run.stdout}\n{run.stderr}"
    assert run.returncode == 0, output
    assert "# pass 3" in run.stdout and "# fail 0" in run.stdout, output

    order = Order.objects.get(email=SHOPPER)
    assert order.status == Order.Status.PLACED
    assert order.payment_method == PaymentMethod.COD
    assert f"order {order.number} placed for {SHOPPER}" in run.stdout
    (part,) = order.vendor_orders.all()
    assert part.vendor == catalogue[0].vendor
    (line,) = part.lines.all()
    assert line.quantity == 2 and line.variant.product.vendor == part.vendor
    assert Stock.objects.get(variant=line.variant).quantity_allocated == 2
