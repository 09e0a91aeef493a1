"""Benchmark: server time of the pages of the quality bars on the 20,000-product catalogue.

    .venv/bin/python bench/pages.py            # or: make bench-pages

Prepares a PostgreSQL database `ocop_bench_pages` (BENCH_DATABASE_URL for another; a SQLite URL
works too) once and keeps it: migrated, the demo data (`seed_demo`: the accounts, carts and
orders the personal pages need) and `--products` generated products on top (20,000 by default),
then `VACUUM ANALYZE` as autovacuum would. Then, in-process with Django's test Client and
production settings (DEBUG off, static files collected to a temporary folder), it asks for each
page of bench/page_tour.py as the visitor who would see it (anonymous, with a cart, a producer,
a showroom clerk), `--warmup` times, then `--requests` timed requests each, and prints
p50/p95/max in milliseconds, the SQL queries of one request, and the page's gzipped weight
(HTML plus linked CSS and JS, before images). Target: p95 <= 60 ms for home, listing and
product (reported, never asserted).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import create_database, django_setup, percentile  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/ocop_bench_pages"
PRODUCTS = 20_000
TARGET_MS = 60
TARGET_PAGES = ("home", "listing", "product")


def setup(database_url: str) -> None:
    if database_url.startswith("postgres"):
        create_database(database_url)
    os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="ocop-bench-static-"))
    # Production settings: templates cached, hashed static files.
    django_setup(database_url)


def prepare(products: int) -> None:
    import io

    from django.core.management import call_command
    from django.db import connection
    from page_tour import PRODUCER_EMAIL

    from catalog.models import Product
    from marketplace.accounts.models import User

    call_command("migrate", "--noinput", verbosity=0)
    if not User.objects.filter(email=PRODUCER_EMAIL).exists():
        print("loading the demo data (once; the database is kept)")
        call_command("seed_demo", stdout=io.StringIO())
    missing = products - Product.objects.filter(vendor__slug__startswith="gen-").count()
    if missing > 0:
        print(f"generating {missing} products (once; the database is kept)")
        call_command("generate_catalogue", products=missing, seed=1, verbosity=0)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
    call_command("collectstatic", "--noinput", verbosity=0)


def measure(client, url: str, requests: int, warmup: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from frontend_templates.page_weight import page_weight

    for _ in range(warmup):
        response = client.get(url, secure=True)
        assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url, secure=True)
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, secure=True)
    return {
        "p50": statistics.median(times),
        "p95": percentile(times, 0.95),
        "max": max(times),
        "queries": len(queries),
        "kb_gzip": page_weight(response.content.decode()).total / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    )
    parser.add_argument("--products", type=int, default=PRODUCTS, help="generated products")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument(
        "--pages", nargs="+", metavar="NAME", help="bench only these pages (e.g. product)"
    )
    args = parser.parse_args()

    setup(args.database_url)
    prepare(args.products)
    from django.db import connection
    from django.test import Client
    from page_tour import page_tour

    from catalog.models import Product

    # No Accept-Language: Vietnamese, as most visitors.
    stops = page_tour(Client)
    if args.pages:
        stops = [stop for stop in stops if stop.name in args.pages]
    published = Product.objects.filter(status=Product.Status.PUBLISHED).count()
    print(
        f"\n{connection.vendor}, {published} published products; "
        f"{args.requests} requests per page after {args.warmup} to warm up (in-process)"
    )
    print(f"{'page':<22}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}{'SQL':>5}{'KB gzip':>9}")
    for stop in stops:
        row = measure(stop.client, stop.url, args.requests, args.warmup)
        mark = ""
        if stop.name in TARGET_PAGES:
            met = "met" if row["p95"] <= TARGET_MS else "MISSED"
            mark = f"  (target p95 <= {TARGET_MS} ms: {met})"
        print(
            f"{stop.name:<22}{row['p50']:>8.1f}{row['p95']:>8.1f}{row['max']:>8.1f}"
            f"{row['queries']:>5}{row['kb_gzip']:>9.1f}{mark}"
        )


if __name__ == "__main__":
    main()
