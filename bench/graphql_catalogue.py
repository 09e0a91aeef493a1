"""Benchmark: the storefront catalogue over GraphQL, on a national-scale catalogue.

    .venv/bin/python bench/graphql_catalogue.py            # or: make bench-graphql

Prepares a PostgreSQL database with the generated 20,000-product catalogue (once; it is kept for
the next run), starts gunicorn on it, and has several concurrent clients run, for a fixed time,
the full storefront product query (`products(first: 24)` with every field a product card and
page show, at random pages) and `product(slug)` for random products. Prints requests per
second, p50/p95/p99 latency and the SQL queries each request took (the server reports them in
the X-SQL-Queries header when SQL_QUERY_COUNT_HEADER is on). Use --url to measure a server that
is already running instead.
"""

import argparse
import http.client
import json
import os
import random
import statistics
import threading
import time
import urllib.parse
from collections import defaultdict

from common import Server, default_database, ensure_database, percentile, post

PRODUCT_FIELDS = """
fragment ProductFields on Product {
  id name slug description
  category { id name slug parent { id name slug parent { id name slug } } }
  vendor { id name slug kind province { code name } }
  origin { province { code name } commune { code name } }
  ocopStars
  certificate { decisionNumber decisionDate issuingBody level stars validUntil }
  pricing { priceRange { start { amount currency } stop { amount currency } } }
  variants { id sku name price { amount currency } quantityAvailable weightGrams }
  thumbnail(size: 320) { url alt }
  media { url alt }
  isAvailable seasonMonths inSeason
}
"""
STOREFRONT = (
    "query Storefront($first: Int!, $after: String) { products(first: $first, after: $after) "
    "{ totalCount pageInfo { endCursor hasNextPage } edges { node { ...ProductFields } } } }"
    + PRODUCT_FIELDS
)
PRODUCT = "query Product($slug: String!) { product(slug: $slug) { ...ProductFields } }" + (
    PRODUCT_FIELDS
)


def sample_requests(host, port):
    """Cursors of random pages and slugs of random products to ask for."""
    _status, _seconds, _queries, body = post(
        host, port, "{ products(first: 100) { totalCount edges { cursor node { slug } } } }", {}
    )
    data = json.loads(body)["data"]["products"]
    total = data["totalCount"]
    slugs = [edge["node"]["slug"] for edge in data["edges"]]
    cursors = [None] + [edge["cursor"] for edge in data["edges"]]
    return total, slugs, cursors


def run(host, port, clients: int, duration: float, page_size: int):
    total, slugs, cursors = sample_requests(host, port)
    results = defaultdict(list)  # name -> [(seconds, queries)]
    errors = defaultdict(int)
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def client(seed):
        rng = random.Random(seed)
        connection = http.client.HTTPConnection(host, port, timeout=30)
        while time.monotonic() < stop_at:
            if rng.random() < 0.5:
                name, query = "products(first: 24)", STOREFRONT
                variables = {"first": page_size, "after": rng.choice(cursors)}
            else:
                name, query, variables = "product(slug)", PRODUCT, {"slug": rng.choice(slugs)}
            status, seconds, queries, body = post(host, port, query, variables, connection)
            ok = status == 200 and b'"errors"' not in body
            with lock:
                if ok:
                    results[name].append((seconds, queries))
                else:
                    errors[name] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return total, time.monotonic() - started, results, errors


def report(total, elapsed, results, errors, clients):
    print(f"\ncatalogue: {total} published products; {clients} concurrent clients, {elapsed:.1f} s")
    print(f"{'query':<22}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
          f"{'SQL/req':>9}{'errors':>8}")  # fmt: skip
    for name in sorted(results.keys() | errors.keys()):
        samples = results.get(name, [])
        times = [seconds * 1000 for seconds, _ in samples] or [0]
        queries = sorted({q for _, q in samples})
        print(
            f"{name:<22}{len(samples):>9}{len(samples) / elapsed:>9.1f}"
            f"{statistics.median(times):>9.1f}{percentile(times, 0.95):>9.1f}"
            f"{percentile(times, 0.99):>9.1f}{'/'.join(map(str, queries)):>9}{errors[name]:>8}"
        )
    all_requests = sum(len(samples) for samples in results.values())
    print(f"{'all':<22}{all_requests:>9}{all_requests / elapsed:>9.1f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="an already running server, e.g. http://127.0.0.1:8000")
    parser.add_argument("--database-url", default=default_database("ocop_bench"))
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) + 1)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--page-size", type=int, default=24)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    if args.url:
        parsed = urllib.parse.urlparse(args.url)
        host, port, server = parsed.hostname, parsed.port or 80, None
    else:
        env = {**os.environ, "DATABASE_URL": args.database_url}
        ensure_database(args.database_url, args.products, env)
        host, port = "127.0.0.1", args.port
        server = Server(port, args.workers, env)
    try:
        # Warm up: imports, connections, PostgreSQL caches.
        run(host, port, clients=2, duration=2, page_size=args.page_size)
        total, elapsed, results, errors = run(
            host, port, args.clients, args.duration, args.page_size
        )
        report(total, elapsed, results, errors, args.clients)
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
