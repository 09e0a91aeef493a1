"""Benchmark: one `stockSync` of 10,000 SKUs from a showroom device, end to end (PostgreSQL).

    .venv/bin/python bench/stock_sync.py            # or: make bench-stock

Prepares a PostgreSQL database `ocop_bench_stock` (BENCH_DATABASE_URL to use another; created
and migrated if missing, kept for the next run) holding a showroom under a consignment agreement
with a producer of 10,000 variants (once), gives the showroom a new device token, starts
gunicorn on it and times, through POST /graphql/ with `Authorization: Bearer ocop_loc_...`:

- the first sync of the 10,000 SKUs (on a fresh database it also creates the 10,000 stock rows),
- a sync of new counts for all 10,000 (every row changes: 10,000 movements),
- the same request again (same idempotency key: a replay, nothing applied).

Then, in-process, the SQL queries of the service call (`stock_sync`, counted with
CaptureQueriesContext) for 100 and for 10,000 items, which must be the same, and a 10,000-row
CSV import through the spreadsheet service. Prints wall times and query counts; target: the
10,000-SKU sync under 2 s end to end.

Last, bench/pos_webhooks.py: 10,000 POS webhook deliveries (KiotViet, Sapo and Haravan, with
redeliveries, out of order) through the webhook view and the task queue, checked applied once
each, with events per second and SQL queries per event (`--events`; `--worker` adds a run over
HTTP with a Celery worker on Redis database 9, or BENCH_BROKER_URL).
"""

import argparse
import json
import os
import random
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pos_webhooks  # noqa: E402
from common import Server, default_database, django_setup, ensure_database, post  # noqa: E402
from datasets import device_token  # noqa: E402

SKU_PREFIX = "BENCH-"
SHOWROOM_NAME = "Điểm bán OCOP đo hiệu năng (bench)"
VENDOR_SLUG = "bench-stock-producer"
TARGET_SECONDS = 2.0

STOCK_SYNC = """
mutation Sync($input: StockSyncInput!) {
  stockSync(input: $input) { results { sku status quantity } replayed errors { code message } }
}
"""
MY_LOCATIONS = "{ myLocations { id name } }"


def prepare(variants: int):
    """The showroom, its operator, the producer with `variants` variants under an agreement,
    created once; returns (showroom, staff user)."""
    import datetime
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone
    from stdnum.vn import mst

    from catalog.models import Category, Product, ProductVariant
    from inventory.models import ConsignmentAgreement, Location, ShowroomOperator
    from marketplace.accounts.models import User
    from marketplace.geography.models import Commune
    from vendors.models import Vendor

    with transaction.atomic():
        staff, _created = User.objects.get_or_create(
            email="bench-staff@bench.ocop.example",
            defaults={"full_name": "Bench staff", "is_staff": True},
        )
        commune = Commune.objects.order_by("code").first()
        operator, _created = ShowroomOperator.objects.get_or_create(name="Bench operator")
        showroom, _created = Location.objects.get_or_create(
            kind=Location.Kind.SHOWROOM,
            name=SHOWROOM_NAME,
            defaults={"operator": operator, "commune": commune},
        )
        vendor = Vendor.objects.filter(slug=VENDOR_SLUG).first()
        if vendor is None:
            body = "990000001"
            vendor = Vendor.objects.create(
                legal_name="Hợp tác xã Đo hiệu năng",
                name="HTX Đo hiệu năng",
                slug=VENDOR_SLUG,
                kind=Vendor._meta.get_field("kind").choices[0][0],
                tax_code=body + mst.calc_check_digit(body),
                commune=commune,
                street_address="Tiểu khu 1",
                phone="+84912345678",
                email="bench-producer@bench.ocop.example",
            )
        if not ConsignmentAgreement.objects.filter(
            vendor=vendor, showroom=showroom, is_active=True
        ).exists():
            ConsignmentAgreement.objects.create(
                vendor=vendor,
                showroom=showroom,
                commission_rate=Decimal("15.00"),
                starts_on=timezone.localdate() - datetime.timedelta(days=30),
                created_by=staff,
            )
        have = ProductVariant.objects.filter(vendor=vendor, sku__startswith=SKU_PREFIX).count()
        if have < variants:
            category = Category.objects.filter(level=Category.Level.PRODUCT_SET).first()
            per_product = 100
            products = Product.objects.bulk_create(
                [
                    Product(
                        vendor=vendor,
                        category=category,
                        name=f"Sản phẩm đo hiệu năng {n}",
                        name_folded=f"san pham do hieu nang {n}",
                        slug=f"bench-stock-{n}",
                        origin_commune=commune,
                    )
                    for n in range(have // per_product, -(-variants // per_product))
                ]
            )
            rows, index = [], have
            for product in products:
                for position in range(per_product):
                    if index >= variants:
                        break
                    rows.append(
                        ProductVariant(
                            product=product,
                            vendor=vendor,
                            sku=f"{SKU_PREFIX}{index:05d}",
                            name=f"Gói {position + 1}",
                            price=50_000,
                            weight_grams=250,
                            position=position,
                        )
                    )
                    index += 1
            ProductVariant.objects.bulk_create(rows, batch_size=2000)
            print(f"created {len(rows)} variants (once; the database is kept)")
    return showroom, staff


def skus(n: int) -> list[str]:
    return [f"{SKU_PREFIX}{i:05d}" for i in range(n)]


def items(n: int, rng: random.Random) -> list[dict]:
    return [{"sku": sku, "quantity": rng.randint(1, 500)} for sku in skus(n)]


def graphql(port: int, token: str, query: str, variables: dict):
    """(status, seconds, SQL queries, parsed body) of one request, timed from the client:
    encoding, HTTP, the server's work and decoding the answer."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    status, _seconds, queries, body = post(
        "127.0.0.1", port, query, variables, connection, token=token
    )
    payload = json.loads(body)
    elapsed = time.perf_counter() - started
    connection.close()
    return status, elapsed, queries, payload


def sync_over_http(port, token, location_id, key, sync_items):
    status, seconds, queries, payload = graphql(
        port,
        token,
        STOCK_SYNC,
        {"input": {"locationId": location_id, "mode": "SET", "idempotencyKey": key,
                   "items": sync_items}},
    )  # fmt: skip
    result = (payload.get("data") or {}).get("stockSync") or {}
    if status != 200 or payload.get("errors") or result.get("errors"):
        sys.exit(f"stockSync failed ({status}): {json.dumps(payload)[:2000]}")
    applied = sum(1 for row in result["results"] if row["status"] == "APPLIED")
    return seconds, queries, applied, result["replayed"]


def service_queries(showroom, token_obj, n: int, rng: random.Random) -> tuple[int, float]:
    """(SQL queries, seconds) of one stock_sync of n items, in-process."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from inventory.services.sync import SyncItem, SyncMode, stock_sync

    sync_items = [SyncItem(sku=sku, quantity=rng.randint(1, 500)) for sku in skus(n)]
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        stock_sync(
            actor=token_obj,
            location=showroom,
            mode=SyncMode.SET,
            idempotency_key=f"bench-service-{uuid.uuid4()}",
            items=sync_items,
        )
        seconds = time.perf_counter() - started
    return len(captured.captured_queries), seconds


def csv_import(showroom, token_obj, n: int, rng: random.Random):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from inventory.services.spreadsheets import stock_sheet_import

    lines = ["Mã SKU;Số lượng"] + [f"{sku};{rng.randint(1, 500)}" for sku in skus(n)]
    content = ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        report = stock_sheet_import(
            actor=token_obj,
            location=showroom,
            filename="kiem-ke.csv",
            content=content,
            idempotency_key=str(uuid.uuid4()),
        )
        seconds = time.perf_counter() - started
    return seconds, len(captured.captured_queries), report, len(content)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=default_database("ocop_bench_stock"))
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--events", type=int, default=10_000, help="POS webhook deliveries")
    parser.add_argument("--worker", action="store_true", help="webhooks with a Celery worker too")
    parser.add_argument(
        "--broker", default=os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/9")
    )
    args = parser.parse_args()

    env = pos_webhooks.with_bench_settings({**os.environ, "DATABASE_URL": args.database_url})
    os.environ.clear()
    os.environ.update(env)
    ensure_database(args.database_url, 0, env)  # create and migrate; no catalogue needed
    django_setup(args.database_url)
    from inventory.models import LocationToken, Stock, StockMovement

    showroom, staff = prepare(args.items)
    raw = device_token(showroom, actor=staff)
    token_obj = LocationToken.objects.get(token_hint=raw[: len("ocop_loc_") + 4], revoked_at=None)
    rng = random.Random(1)
    had_rows = Stock.objects.filter(location=showroom).count()
    print(
        f"showroom {showroom.pk}: {args.items:,} consigned variants, "
        f"{had_rows:,} stock rows before this run"
    )

    server = Server(args.port, args.workers, env)
    try:
        _status, _s, _q, payload = graphql(args.port, raw, MY_LOCATIONS, {})
        location_id = payload["data"]["myLocations"][0]["id"]
        # Warm up: imports, connections, the schema.
        sync_over_http(args.port, raw, location_id, f"warm-{uuid.uuid4()}", items(10, rng))

        print(f"\nover HTTP, POST /graphql/ stockSync(mode: SET), {args.items:,} items:")
        header = f"{'':<44}{'wall s':>8}{'SQL':>6}{'applied':>9}{'replayed':>10}"
        print(header)
        runs = []
        key = f"bench-{uuid.uuid4()}"
        first_label = "first sync" + (" (creates the stock rows)" if not had_rows else "")
        runs.append((first_label, key, items(args.items, rng)))
        key = f"bench-{uuid.uuid4()}"
        changed = items(args.items, rng)
        runs.append(("new counts for every row", key, changed))
        runs.append(("the same request again (replay)", key, changed))
        for label, run_key, sync_items in runs:
            seconds, queries, applied, replayed = sync_over_http(
                args.port, raw, location_id, run_key, sync_items
            )
            verdict = ""
            if "replay" not in label:
                verdict = (
                    "  (target < 2 s: " + ("met" if seconds < TARGET_SECONDS else "MISSED") + ")"
                )
            print(f"{label:<44}{seconds:>8.3f}{queries:>6}{applied:>9}{replayed!s:>10}{verdict}")
        small = f"bench-{uuid.uuid4()}"
        seconds, queries, applied, replayed = sync_over_http(
            args.port, raw, location_id, small, items(100, rng)
        )
        print(f"{'100 items, for comparison':<44}{seconds:>8.3f}{queries:>6}{applied:>9}"
              f"{replayed!s:>10}")  # fmt: skip
    finally:
        server.stop()

    print("\nin-process, the service call stock_sync(mode=SET) (CaptureQueriesContext):")
    for n in (100, args.items):
        queries, seconds = service_queries(showroom, token_obj, n, rng)
        print(f"  {n:>6,} items: {queries} SQL queries, {seconds:.3f} s")

    seconds, queries, report, size = csv_import(showroom, token_obj, args.items, rng)
    print(
        f"\nCSV import through stock_sheet_import ({args.items:,} rows, {size / 1024:.0f} KB, "
        f"semicolons, Vietnamese headers): {seconds:.3f} s, {queries} SQL queries, "
        f"{report.applied:,} applied, {report.rejected} rejected"
    )
    if args.events:
        pos_webhooks.run(showroom, staff, events=args.events, worker=args.worker, env=env,
                         broker=args.broker)  # fmt: skip
    movements = StockMovement.objects.filter(stock__location=showroom).count()
    print(f"\nstock rows at the showroom: {Stock.objects.filter(location=showroom).count():,}; "
          f"movements: {movements:,}")  # fmt: skip


if __name__ == "__main__":
    main()
