"""Benchmark: server time of the storefront's pages on the demo data.

    .venv/bin/python bench/pages.py            # or: make bench-pages

Uses a SQLite file `bench-pages.sqlite3` (BENCH_DATABASE_URL for PostgreSQL or another file),
migrates it and loads the demo data once (`seed_demo`; the database is kept), then asks for
the home page, a product page and two listing pages with Django's test Client in-process,
with production settings (DEBUG off, static files collected to a temporary folder): a warm-up,
then `--requests` timed requests each. It prints p50/p95/max in milliseconds, the SQL queries
of one request and the page size. Target: home and product pages under 100 ms (p95).
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

DEFAULT_DATABASE = f"sqlite:///{ROOT / 'bench-pages.sqlite3'}"
TARGET_MS = 100


def setup(database_url: str) -> None:
    if database_url.startswith("postgres"):
        create_database(database_url)
    os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="ocop-bench-static-"))
    # Production settings: templates cached, no debug toolbar of queries, hashed static files.
    django_setup(database_url)


def prepare() -> None:
    from django.core.management import call_command

    from catalog.models import Product

    call_command("migrate", "--noinput", verbosity=0)
    if not Product.objects.filter(status=Product.Status.PUBLISHED).exists():
        print("loading the demo data (once; the database is kept)")
        call_command("seed_demo", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)


def pages() -> list[tuple[str, str]]:
    from catalog.models import Product

    published = Product.objects.filter(status=Product.Status.PUBLISHED)
    # The product page with the most to show: a certificate, photos and several variants.
    product = (
        published.filter(certificate__isnull=False).order_by("-certificate__stars", "pk").first()
        or published.order_by("pk").first()
    )
    return [
        ("home", "/"),
        (f"product ({product.slug})", f"/san-pham/{product.slug}/"),
        ("listing", "/san-pham/"),
        ("search 'mien dong', 4-5 stars", "/san-pham/?q=mien+dong&stars=4&stars=5"),
    ]


def measure(client, url: str, requests: int, warmup: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

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
        "kb": len(response.content) / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    )
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args()

    setup(args.database_url)
    prepare()
    from django.db import connection
    from django.test import Client

    from catalog.models import Product

    # No Accept-Language: Vietnamese, as most visitors; HTTPS, as production redirects to it.
    client = Client()
    published = Product.objects.filter(status=Product.Status.PUBLISHED).count()
    print(
        f"\n{connection.vendor}, {published} published products; "
        f"{args.requests} requests per page after {args.warmup} to warm up (in-process)"
    )
    print(f"{'page':<34}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}{'SQL':>5}{'KB':>7}")
    for name, url in pages():
        row = measure(client, url, args.requests, args.warmup)
        mark = ""
        if name in ("home",) or name.startswith("product"):
            mark = "  (target < 100 ms: " + ("met)" if row["p95"] < TARGET_MS else "MISSED)")
        print(
            f"{name:<34}{row['p50']:>8.1f}{row['p95']:>8.1f}{row['max']:>8.1f}"
            f"{row['queries']:>5}{row['kb']:>7.1f}{mark}"
        )


if __name__ == "__main__":
    main()
