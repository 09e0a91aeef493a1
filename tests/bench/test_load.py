"""`make bench-load` works: its locustfile runs for a few seconds against a live server, on
the data its own preparation makes, and every kind of request gets through.

Nothing here is timed: locust lets a checkout or a sync under way finish after the run."""

import csv
import importlib.util
import os
import subprocess

import pytest

from bench.common import locust_command
from bench.datasets import checkout_ready, device_token, shared_showroom
from inventory.models import StockMovement
from orders.models import Order
from search.services import rebuild_index
from tests.factories import (
    AgreementFactory,
    ProductVariantFactory,
    ShowroomFactory,
    StaffFactory,
    VendorFactory,
    WarehouseFactory,
)
from tests.graphql.inventory_support import opened
from tests.inventory.helpers import assert_ledger_balances

pytestmark = [
    pytest.mark.bench,
    pytest.mark.postgres,
    pytest.mark.skipif(
        importlib.util.find_spec("locust") is None,
        reason="locust is not installed (make bench-setup installs the `bench` extra)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def small_world():
    """Three producers with two products each in their warehouses; a showroom holds two of
    the producers' goods on consignment. Opening balances through the ledger."""
    showroom = ShowroomFactory()
    for n in range(3):
        vendor = VendorFactory()
        warehouse = WarehouseFactory(vendor=vendor)
        if n < 2:
            AgreementFactory(vendor=vendor, showroom=showroom)
        for _ in range(2):
            variant = ProductVariantFactory(product__vendor=vendor)
            opened(warehouse, variant, 10)
            if n < 2:
                opened(showroom, variant, 5)
    return showroom


def run_locust(url: str, token: str, folder) -> tuple[subprocess.CompletedProcess, list[dict]]:
    command = locust_command(
        host=url, users=4, spawn_rate=4, duration=5, csv_prefix=folder / "locust"
    )
    summary = folder / "summary.csv"
    env = {**os.environ, "OCOP_LOAD_DEVICE_TOKEN": token, "OCOP_LOAD_SUMMARY_CSV": str(summary)}
    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
    assert finished.returncode == 0, finished.stderr[-3000:]
    with summary.open() as file:
        return finished, list(csv.DictReader(file))


def test_the_mixed_load_places_orders_syncs_the_showroom_and_meets_no_server_error(
    live_server, tmp_path
):
    showroom = small_world()
    staff = StaffFactory()
    checkout_ready()
    rebuild_index()  # the public catalogue comes from the search index
    shared = shared_showroom()
    assert shared.location == showroom
    assert len(shared.skus) == 4

    finished, rows = run_locust(live_server.url, device_token(showroom, actor=staff), tmp_path)

    by_name = {row["request"]: row for row in rows}
    assert {
        "page /",
        "page /san-pham/?q=mien dong",
        "page /san-pham/[slug]/",
        "graphql products(first: 24)",
        "graphql product(slug)",
        "graphql checkoutComplete",
        "graphql stockSync(SET)",
        "checkout, whole flow (COD)",
    } <= set(by_name), finished.stdout[-3000:]
    assert all(row["http_5xx"] == row["other_non_2xx"] == row["failures"] == "0" for row in rows)
    orders = int(by_name["checkout, whole flow (COD)"]["count"])
    assert Order.objects.count() == orders >= 1
    synced = StockMovement.objects.filter(
        stock__location=showroom, kind=StockMovement.Kind.SYNC_SET
    )
    assert synced.exists()
    assert_ledger_balances()
    assert "== mixed load:" in finished.stdout
    assert "0 HTTP 5xx, 0 other non-2xx, 0 exceptions" in finished.stdout
    assert (tmp_path / "locust_stats.csv").exists()
