"""Benchmark: completed orders per second with concurrent shoppers, on PostgreSQL.

    .venv/bin/python bench/checkout.py            # or: make bench-checkout

Prepares a PostgreSQL database (BENCH_DATABASE_URL, default ocop_bench_checkout) with the demo
catalogue, a nationwide shipping method per producer and plenty of stock, starts gunicorn, and
has concurrent shoppers each run the whole flow over GraphQL for a fixed time: checkoutCreate
with lines of three producers, checkoutShippingAddressUpdate, one checkoutDeliveryMethodUpdate
per producer, checkoutComplete (cash on delivery). Prints orders per second, p50/p95 of
checkoutComplete and of the whole flow, and the SQL queries per request (X-SQL-Queries).
"""

import argparse
import functools
import http.client
import json
import os
import random
import statistics
import sys
import threading
import time
from collections import defaultdict

from common import Server, default_database, django_setup, ensure_database, manage, percentile, post
from datasets import checkout_ready

CATALOGUE = """{ products(first: 100) { edges { node { vendor { id }
  variants { id quantityAvailable } } } } }"""
CREATE = """mutation($input: CheckoutCreateInput!) { checkoutCreate(input: $input) {
  checkout { token } errors { code message } } }"""
ADDRESS = """mutation($token: UUID!, $a: ShippingAddressInput!) {
  checkoutShippingAddressUpdate(token: $token, shippingAddress: $a) {
    checkout { deliveryGroups { vendor { id } availableDeliveryMethods { id kind } } }
    errors { code message } } }"""
DELIVERY = """mutation($token: UUID!, $vendor: ID!, $method: ID!) {
  checkoutDeliveryMethodUpdate(token: $token, vendorId: $vendor, deliveryMethodId: $method) {
    checkout { total { amount } } errors { code message } } }"""
COMPLETE = """mutation($token: UUID!) { checkoutComplete(token: $token, paymentMethod: COD) {
  order { number total { amount } } errors { code field message } } }"""
ADDRESS_INPUT = {
    "fullName": "Nguyễn Thị Lan",
    "phone": "0912 345 678",
    "streetAddress": "12 Phố Huế",
    "communeCode": "00004",
}


def prepare(database_url: str, env: dict) -> None:
    """Migrated, with the demo data, shipping and plenty of stock (in this process)."""
    ensure_database(database_url, 0, env)
    manage("seed_demo", env=env)
    django_setup(database_url)
    checkout_ready()


def products_by_vendor(host, port) -> dict[str, list[str]]:
    _status, _seconds, _queries, body = post(host, port, CATALOGUE, {})
    by_vendor = defaultdict(list)
    for edge in json.loads(body)["data"]["products"]["edges"]:
        node = edge["node"]
        by_vendor[node["vendor"]["id"]] += [v["id"] for v in node["variants"]]
    return {vendor: variants for vendor, variants in by_vendor.items() if variants}


def payload_of(name: str, status: int, body: bytes) -> dict:
    """The payload of the one mutation in an answer; RuntimeError naming any error."""
    data = json.loads(body) if status == 200 else {}
    if "errors" in data or status != 200:
        raise RuntimeError(f"{name}: HTTP {status} {body[:200]!r}")
    result = next(iter(data["data"].values()))
    if result["errors"]:
        raise RuntimeError(f"{name}: {result['errors']}")
    return result


def call(connection, host, port, query, variables, name, *, timings):
    status, seconds, queries, body = post(host, port, query, variables, connection)
    timings[name].append((seconds, queries))
    return payload_of(name, status, body)


def basket(rng, catalogue: dict[str, list[str]]) -> list[dict]:
    """Lines of three producers (two variants each), 1 to 3 of each."""
    vendors = list(catalogue)
    return [
        {"variantId": variant, "quantity": rng.randint(1, 3)}
        for vendor in rng.sample(vendors, min(3, len(vendors)))
        for variant in rng.sample(catalogue[vendor], min(2, len(catalogue[vendor])))
    ]


def checkout_flow(call, lines: list[dict], email: str) -> dict:
    """The whole checkout, cash on delivery: the order placed. `call(query, variables, name)`
    sends one mutation and returns its payload, raising RuntimeError on any error."""
    created = call(CREATE, {"input": {"email": email, "lines": lines}}, "checkoutCreate")
    token = created["checkout"]["token"]
    addressed = call(ADDRESS, {"token": token, "a": ADDRESS_INPUT}, "checkoutShippingAddressUpdate")
    groups = addressed["checkout"]["deliveryGroups"]
    for group in groups:
        method = group["availableDeliveryMethods"][0]["id"]
        call(
            DELIVERY,
            {"token": token, "vendor": group["vendor"]["id"], "method": method},
            "checkoutDeliveryMethodUpdate",
        )
    return call(COMPLETE, {"token": token}, "checkoutComplete")["order"]


def shopper(seed, host, port, catalogue, stop_at, results, lock):
    rng = random.Random(seed)
    connection = http.client.HTTPConnection(host, port, timeout=60)
    while time.monotonic() < stop_at:
        timings = defaultdict(list)
        started = time.perf_counter()
        try:
            checkout_flow(
                functools.partial(call, connection, host, port, timings=timings),
                basket(rng, catalogue),
                f"s{seed}@example.vn",
            )
            ok = True
        except RuntimeError as exc:
            ok = False
            error = str(exc)
        elapsed = time.perf_counter() - started
        with lock:
            for name, samples in timings.items():
                results["requests"][name].extend(samples)
            if ok:
                results["flows"].append(elapsed)
            else:
                results["errors"].append(error)


def report(results, elapsed, shoppers):
    flows = [s * 1000 for s in results["flows"]] or [0]
    print(
        f"\n{shoppers} concurrent shoppers, {elapsed:.1f} s: {len(results['flows'])} orders, "
        f"{len(results['flows']) / elapsed:.1f} orders/s, {len(results['errors'])} failed flows"
    )
    print(f"{'request':<32}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'SQL/req':>12}")
    for name, samples in sorted(results["requests"].items()):
        times = [s * 1000 for s, _ in samples]
        queries = sorted({q for _, q in samples})
        shown = f"{queries[0]}–{queries[-1]}" if len(queries) > 1 else str(queries[0])
        print(
            f"{name:<32}{len(samples):>7}{statistics.median(times):>9.1f}"
            f"{percentile(times, 0.95):>9.1f}{shown:>12}"
        )
    print(
        f"{'whole flow (6 requests)':<32}{len(results['flows']):>7}"
        f"{statistics.median(flows):>9.1f}{percentile(flows, 0.95):>9.1f}"
    )
    for error in results["errors"][:3]:
        print("  error:", error)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=default_database("ocop_bench_checkout"))
    parser.add_argument("--shoppers", type=int, default=8)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) + 1)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--port", type=int, default=8767)
    args = parser.parse_args()

    # Emails go nowhere: a worker would send them; here they would only cost the web process.
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    prepare(args.database_url, env)
    server = Server(args.port, args.workers, env)
    try:
        catalogue = products_by_vendor("127.0.0.1", args.port)
        if len(catalogue) < 3:
            sys.exit("the demo catalogue needs at least three producers with variants")
        results = {"requests": defaultdict(list), "flows": [], "errors": []}
        lock = threading.Lock()
        stop_at = time.monotonic() + args.duration
        threads = [
            threading.Thread(
                target=shopper,
                args=(i, "127.0.0.1", args.port, catalogue, stop_at, results, lock),
            )
            for i in range(args.shoppers)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        report(results, time.monotonic() - started, args.shoppers)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
