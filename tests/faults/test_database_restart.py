"""The database restarts (fast, then as after a crash) while 20 shoppers complete checkouts
against a private PostgreSQL with the project's schema: every order is whole or absent, no
stock is allocated without an allocation row of an order, the ledger balances, no order a
shopper was told about is lost, and the emails of every order wait in the outbox."""

import json
import subprocess
import time

import pytest

from tests.faults.project import run_shoppers, shoppers_command
from tests.workers import ROOT

pytestmark = [pytest.mark.faults, pytest.mark.postgres]  # the SQLite pass skips them

SHOPPERS = 20
BETWEEN_RESTARTS = 15  # orders completed before, between and after the two restarts


def completed(progress_file) -> int:
    try:
        return json.loads(progress_file.read_text())["completed"]
    except (FileNotFoundError, ValueError):
        return 0


def wait_for_orders(progress_file, shop, at_least: int, timeout=90) -> None:
    deadline = time.monotonic() + timeout
    while completed(progress_file) < at_least:
        assert shop.poll() is None, "the shoppers stopped early"
        assert time.monotonic() < deadline, f"fewer than {at_least} orders in {timeout} s"
        time.sleep(0.1)


def test_checkouts_across_database_restarts_are_whole_or_absent(
    private_postgres, project, tmp_path
):
    catalogue, _log = run_shoppers("prepare", {}, env=project)
    files = {name: tmp_path / name for name in ("stop", "progress", "attempts")}
    arguments = {
        "variants": catalogue["variants"],
        "shoppers": SHOPPERS,
        **{f"{name}_file": str(path) for name, path in files.items()},
    }
    with (tmp_path / "shop.log").open("w") as log:
        shop = subprocess.Popen(
            shoppers_command("shop", arguments), cwd=ROOT, env=project, stdout=log, stderr=log
        )
    try:
        for n, mode in enumerate(["fast", "immediate"], start=1):
            wait_for_orders(files["progress"], shop, n * BETWEEN_RESTARTS)
            private_postgres.restart(mode)
        wait_for_orders(files["progress"], shop, 3 * BETWEEN_RESTARTS)
    finally:
        files["stop"].touch()
        shop.wait(timeout=60)
    assert shop.returncode == 0, (tmp_path / "shop.log").read_text()[-3000:]

    report, _log = run_shoppers("check", {"attempts_file": str(files["attempts"])}, env=project)
    figures = report["figures"]
    print(f"\n{SHOPPERS} shoppers, database restarted twice (fast, immediate):", figures)
    assert report["problems"] == []
    assert figures["lost"] == 0 and figures["half_written"] == 0
    assert figures["completed"] >= 3 * BETWEEN_RESTARTS
    assert figures["failed_cleanly"] >= 1, "no checkout was under way when the database went"
    assert figures["outbox_pending_after_sweep"] == 0  # every order's emails went out at last
