"""Benchmark: the OCOP programme statistics on the 20,000-product catalogue (PostgreSQL).

    .venv/bin/python bench/programme_statistics.py            # or: make bench-statistics

Prepares a PostgreSQL database `ocop_bench_stats` (BENCH_DATABASE_URL to use another) with the
generated 20,000-product catalogue (once; it is kept), then times, in-process with production
settings, `--repeat` runs each of: the service call `programme_statistics` grouped by province
(what the page draws), by province × stars, by sector × year, with a province filter (a
pre-2025 province, Bắc Kạn) and with stars; `ocopStatistics` over the GraphQL endpoint (Django's
test client); and the page /thong-ke/ itself. Prints p50/p95/max in milliseconds and the SQL
queries of one run, first computing everything each time (OCOP_STATISTICS_CACHE_SECONDS=0),
then as served (the answer kept in the cache for 5 minutes). Target: p95 <= 50 ms for the
statistics query and the page.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import create_database, percentile  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/ocop_bench_stats"
PRODUCTS = 20_000
TARGET_MS = 50
GRAPHQL = """query($groupBy: [OcopStatisticsDimension!], $filter: OcopStatisticsFilterInput) {
  ocopStatistics(groupBy: $groupBy, filter: $filter) {
    errors { code } totals { products producers certificates expiringSoon showrooms }
    rows { province { code name } stars sector { code } year
           counts { products producers expiringSoon showrooms byStars { stars products } } }
  }
}"""


def django_setup(database_url: str) -> None:
    create_database(database_url)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-statistics-not-secret")
    os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="ocop-bench-static-"))
    os.environ.setdefault("OCOP_LOOKUP_RATE_LIMIT", "1000000")
    import django

    django.setup()


def prepare() -> None:
    from django.core.management import call_command

    from catalog.models import Product

    call_command("migrate", "--noinput", verbosity=0)
    missing = PRODUCTS - Product.objects.count()
    if missing > 0:
        print(f"generating {missing} products (once; the database is kept)")
        call_command("generate_catalogue", products=missing, seed=1, no_index=True, verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    from django.db import connection

    # What autovacuum does soon after the load (the shared bench server runs without it):
    # without statistics the planner takes 3,321 communes for 360 and joins them all.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def timed(call, repeat: int, warmup: int = 3) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        call()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        call()
    return {
        "p50": statistics.median(times),
        "p95": percentile(times, 0.95),
        "max": max(times),
        "queries": len(queries),
    }


def cases(client):
    from catalog.statistics import Dimension, StatisticsFilter
    from inventory.statistics import programme_statistics

    def service(group_by, **filters):
        def call():
            return programme_statistics(group_by=group_by, filters=StatisticsFilter(**filters))

        return call

    def graphql(group_by, filter_=None):
        body = json.dumps({"query": GRAPHQL, "variables": {"groupBy": group_by, "filter": filter_}})

        def call():
            response = client.post("/graphql/", body, content_type="application/json", secure=True)
            assert response.status_code == 200 and not response.json().get("errors"), response
            return response

        return call

    def page(url):
        def call():
            response = client.get(url, secure=True)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return call

    bac_kan = StatisticsFilter(legacy_codes=("06",))
    return [
        ("service: by province", service([Dimension.PROVINCE])),
        ("service: by province × stars", service([Dimension.PROVINCE, Dimension.STARS])),
        ("service: by sector × year", service([Dimension.SECTOR, Dimension.YEAR])),
        (
            "service: Bắc Kạn (pre-2025), by stars",
            lambda: programme_statistics(group_by=[Dimension.STARS], filters=bac_kan),
        ),
        (
            "service: 4-5 stars, by product set",
            lambda: programme_statistics(
                group_by=[Dimension.PRODUCT_SET], filters=StatisticsFilter(stars=(4, 5))
            ),
        ),
        ("graphql: by province", graphql(["PROVINCE"])),
        (
            "graphql: by province × stars, filter",
            graphql(["PROVINCE", "STARS"], {"provinces": ["Bắc Kạn", "Sơn La"]}),
        ),
        ("page: /thong-ke/", page("/thong-ke/")),
        ("page: /thong-ke/?by=tinh-cu", page("/thong-ke/?by=tinh-cu")),
        ("download: CSV", page("/thong-ke/thong-ke-ocop.csv")),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    )
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        sys.exit("this benchmark is for PostgreSQL (BENCH_DATABASE_URL=postgres://...)")
    django_setup(args.database_url)
    prepare()
    from django.test import Client

    from catalog.models import Product
    from catalog.statistics import StatisticsFilter, catalogue_totals

    totals = catalogue_totals(StatisticsFilter())
    print(
        f"\n{Product.objects.count()} products, {totals.products} with a certificate in force "
        f"({totals.by_stars[5]} × 5★, {totals.by_stars[4]} × 4★, {totals.by_stars[3]} × 3★), "
        f"{totals.producers} producers; {args.repeat} runs each after 3 to warm up"
    )
    from django.conf import settings

    client = Client()
    cached = settings.OCOP_STATISTICS_CACHE_SECONDS
    for label, seconds in (("computed every time (no cache)", 0), ("as served (cached)", cached)):
        settings.OCOP_STATISTICS_CACHE_SECONDS = seconds
        print(f"\n{label}, OCOP_STATISTICS_CACHE_SECONDS={seconds}")
        print(f"{'what':<44}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}{'SQL':>5}")
        for name, call in cases(client):
            row = timed(call, args.repeat)
            met = "met" if row["p95"] <= TARGET_MS else "MISSED"
            print(
                f"{name:<44}{row['p50']:>8.1f}{row['p95']:>8.1f}{row['max']:>8.1f}"
                f"{row['queries']:>5}  (target p95 <= {TARGET_MS} ms: {met})"
            )


if __name__ == "__main__":
    main()
