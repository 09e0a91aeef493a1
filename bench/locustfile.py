"""Locust users of the mixed load that `make bench-load` runs (bench/load.py prepares the
database and gunicorn, then runs this file headless). Against a server of your own:

    OCOP_LOAD_DEVICE_TOKEN=ocop_loc_... .venv/bin/locust -f bench/locustfile.py --headless \\
        -u 30 -r 30 -t 60s --host http://127.0.0.1:8000

- Browser: an anonymous visit (home page, the search "mien dong", a product page, then the
  GraphQL catalogue queries of bench/graphql_catalogue.py: a page of products and a product).
- Shopper: the whole GraphQL checkout of bench/checkout.py, cash on delivery, buying what the
  showroom holds wherever its producer consigns there.
- ShowroomDevice (exactly one): `stockSync(mode: SET)` batches of the showroom's SKUs with its
  device token, as bench/stock_sync.py does, while shoppers' orders lock and allocate those rows.

At the end it prints, per request type, requests, requests/s, p50/p95 ms, failures, HTTP 5xx,
other non-2xx answers and SQL queries, with completed orders per second, and writes the same as
CSV to OCOP_LOAD_SUMMARY_CSV (default artifacts/bench-load/summary.csv). Rates are over the
whole run, from the first user to the last one stopping; percentiles are exact, from every
sample (locust's own table, printed before, rounds them).
"""

import csv
import itertools
import json
import os
import random
import time
import urllib.parse
import uuid
from collections import Counter, defaultdict
from pathlib import Path

from checkout import basket, checkout_flow, payload_of, products_by_vendor
from common import ROOT, percentile, post
from graphql_catalogue import PRODUCT, STOREFRONT, sample_requests
from locust import FastHttpUser, between, events, task
from stock_sync import STOCK_SYNC

DEVICE_TOKEN = os.environ.get("OCOP_LOAD_DEVICE_TOKEN", "")
SYNC_BATCH = int(os.environ.get("OCOP_LOAD_SYNC_BATCH", "25"))
SUMMARY_CSV = Path(
    os.environ.get("OCOP_LOAD_SUMMARY_CSV", ROOT / "artifacts" / "bench-load" / "summary.csv")
)
# Counts a showroom would never have, so that shoppers never run out: the benchmark measures
# contention on the rows, not sell-outs.
SYNC_QUANTITIES = (50_000, 100_000)
FLOW = "checkout, whole flow (COD)"
HELD_STOCK = """query($location: ID!, $after: String) {
  stockLevels(locationId: $location, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor } edges { node { variant { id sku } } } } }"""


class World:
    """What the users pick from, read from the server when the test starts."""

    slugs: list[str] = []
    cursors: list = [None]
    catalogue: dict[str, list[str]] = {}  # vendor ID -> variant IDs shoppers buy
    location_id = ""
    skus: list[str] = []
    environment = None


class Tally:
    """Every request as the users saw it; the summary is made from this."""

    def __init__(self):
        self.times = defaultdict(list)  # (type, name) -> [ms]
        self.failures = Counter()
        self.http_5xx = Counter()
        self.non_2xx = Counter()  # 1xx, 3xx, 4xx, and 0: no answer at all
        self.sql = defaultdict(set)
        self.sync_items = Counter()
        self.failed_flows: list[str] = []
        self.started = self.stopped = 0.0
        self.users = ""


world, tally = World(), Tally()
seeds = itertools.count(1)


@events.test_start.add_listener
def discover(environment, **_kwargs):
    if not DEVICE_TOKEN:
        raise SystemExit("OCOP_LOAD_DEVICE_TOKEN is not set: bench/load.py makes one")
    world.environment = environment
    parsed = urllib.parse.urlparse(environment.host)
    host, port = parsed.hostname, parsed.port or 80
    _total, world.slugs, world.cursors = sample_requests(host, port)
    _status, _s, _q, body = post(host, port, "{ myLocations { id } }", {}, token=DEVICE_TOKEN)
    world.location_id = json.loads(body)["data"]["myLocations"][0]["id"]
    held = held_variants(host, port)
    world.skus = sorted(held.values())
    world.catalogue = {
        vendor: [v for v in variants if v in held] or variants
        for vendor, variants in products_by_vendor(host, port).items()
    }
    if not world.slugs or not world.skus:
        raise SystemExit("the server lists no products or the showroom holds none")
    tally.started = time.monotonic()


def held_variants(host, port) -> dict[str, str]:
    """Variant ID -> SKU of every stock row at the device's showroom."""
    held, after = {}, None
    while True:
        variables = {"location": world.location_id, "after": after}
        _status, _s, _q, body = post(host, port, HELD_STOCK, variables, token=DEVICE_TOKEN)
        levels = json.loads(body)["data"]["stockLevels"]
        held |= {e["node"]["variant"]["id"]: e["node"]["variant"]["sku"] for e in levels["edges"]}
        if not levels["pageInfo"]["hasNextPage"]:
            return held
        after = levels["pageInfo"]["endCursor"]


@events.spawning_complete.add_listener
def spawned(user_count, **_kwargs):
    classes = world.environment.runner.user_classes_count
    tally.users = f"{user_count} users (" + ", ".join(f"{n} {c}" for c, n in classes.items()) + ")"


@events.request.add_listener
def record(request_type, name, response_time, response=None, exception=None, **_kwargs):
    key = (request_type, name)
    tally.times[key].append(response_time)
    if exception is not None:
        tally.failures[key] += 1
    status = getattr(response, "status_code", None)
    if status is None:  # the whole checkout flow: not one HTTP answer
        return
    if status >= 500:
        tally.http_5xx[key] += 1
    elif not 200 <= status < 300:
        tally.non_2xx[key] += 1
    queries = (response.headers or {}).get("X-SQL-Queries")
    if queries:
        tally.sql[key].add(int(queries))


@events.test_stop.add_listener
def stopped(**_kwargs):
    tally.stopped = time.monotonic()


@events.quit.add_listener
def summary(**_kwargs):
    rows = summary_rows()
    print_summary(rows)
    SUMMARY_CSV.parent.mkdir(parents=True, exist_ok=True)
    with SUMMARY_CSV.open("w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]) if rows else ["request"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"summary CSV: {SUMMARY_CSV}")


class GraphQLUser(FastHttpUser):
    abstract = True

    def on_start(self):
        self.rng = random.Random(next(seeds))

    def query(self, name: str, query: str, variables: dict) -> None:
        """A read: fails on any HTTP or GraphQL error."""
        with self._post(name, query, variables) as response:
            if response.status_code != 200 or b'"errors"' in (response.content or b""):
                response.failure(f"HTTP {response.status_code} {response.content[:200]!r}")

    def mutation(self, query: str, variables: dict, name: str, token: str = "") -> dict:
        """Its payload; RuntimeError (and a failure in the stats) on any error."""
        with self._post(name, query, variables, token) as response:
            try:
                return payload_of(name, response.status_code, response.content or b"")
            except (RuntimeError, ValueError, KeyError) as exc:
                response.failure(str(exc)[:300])
                error = RuntimeError(str(exc))
        raise error

    def _post(self, name, query, variables, token=""):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.client.post(
            "/graphql/",
            json={"query": query, "variables": variables},
            headers=headers,
            name=f"graphql {name}",
            catch_response=True,
        )


class Browser(GraphQLUser):
    """One visit, then a pause: three pages and the two catalogue queries a client app makes."""

    weight = 3
    wait_time = between(1, 3)

    @task
    def visit(self):
        slug = self.rng.choice(world.slugs)
        self.page("/", "page /")
        self.page("/san-pham/?q=mien+dong", "page /san-pham/?q=mien dong")
        self.page(f"/san-pham/{slug}/", "page /san-pham/[slug]/")
        after = self.rng.choice(world.cursors)
        self.query("products(first: 24)", STOREFRONT, {"first": 24, "after": after})
        self.query("product(slug)", PRODUCT, {"slug": slug})

    def page(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")


class Shopper(GraphQLUser):
    """The whole checkout of bench/checkout.py, then a pause."""

    weight = 1
    wait_time = between(1, 3)

    @task
    def checkout(self):
        started = time.perf_counter()
        error = None
        try:
            checkout_flow(
                self.mutation, basket(self.rng, world.catalogue), f"load{id(self)}@example.vn"
            )
        except RuntimeError as exc:
            error = exc
            tally.failed_flows.append(str(exc))
        self.environment.events.request.fire(
            request_type="FLOW",
            name=FLOW,
            response_time=(time.perf_counter() - started) * 1000,
            response_length=0,
            exception=error,
            context={},
        )


class ShowroomDevice(GraphQLUser):
    """The showroom's device sending its counts: SET batches of the SKUs shoppers buy."""

    fixed_count = 1
    wait_time = between(1, 2)

    @task
    def sync(self):
        skus = self.rng.sample(world.skus, min(SYNC_BATCH, len(world.skus)))
        items = [{"sku": sku, "quantity": self.rng.randint(*SYNC_QUANTITIES)} for sku in skus]
        variables = {
            "input": {
                "locationId": world.location_id,
                "mode": "SET",
                "idempotencyKey": f"load-{uuid.uuid4()}",
                "items": items,
            }
        }
        try:
            result = self.mutation(STOCK_SYNC, variables, "stockSync(SET)", DEVICE_TOKEN)
        except RuntimeError:
            return
        tally.sync_items.update(row["status"] for row in result["results"])


def summary_rows() -> list[dict]:
    elapsed = max(tally.stopped - tally.started, 1e-9)
    rows = []
    for (kind, name), times in sorted(tally.times.items(), key=lambda item: item[0][1]):
        key = (kind, name)
        queries = sorted(tally.sql[key])
        rows.append(
            {
                "request": name,
                "count": len(times),
                "per_s": round(len(times) / elapsed, 2),
                "p50_ms": round(percentile(times, 0.5), 1),
                "p95_ms": round(percentile(times, 0.95), 1),
                "failures": tally.failures[key],
                "http_5xx": tally.http_5xx[key],
                "other_non_2xx": tally.non_2xx[key],
                "sql_per_request": spread(queries),
            }
        )
    return rows


def spread(values: list[int]) -> str:
    if not values:
        return ""
    return str(values[0]) if values[0] == values[-1] else f"{values[0]}–{values[-1]}"


def print_summary(rows: list[dict]) -> None:
    elapsed = tally.stopped - tally.started
    http = [row for row in rows if row["request"] != FLOW]
    requests = sum(row["count"] for row in http)
    orders = next((r["count"] - r["failures"] for r in rows if r["request"] == FLOW), 0)
    errors = sum(row["failures"] for row in http)
    server_errors = sum(row["http_5xx"] for row in rows)
    other = sum(row["other_non_2xx"] for row in rows)
    print(f"\n== mixed load: {tally.users}, {elapsed:.1f} s ==")
    print(
        f"throughput: {requests / elapsed:.1f} requests/s ({requests} requests), "
        f"{orders / elapsed:.2f} completed orders/s ({orders} orders, "
        f"{len(tally.failed_flows)} failed checkouts)"
    )
    print(
        f"{'request':<38}{'count':>7}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'failed':>8}{'5xx':>6}{'non-2xx':>9}{'SQL/req':>9}"
    )
    for row in rows:
        print(
            f"{row['request']:<38}{row['count']:>7}{row['per_s']:>8.1f}{row['p50_ms']:>9.1f}"
            f"{row['p95_ms']:>9.1f}{row['failures']:>8}{row['http_5xx']:>6}"
            f"{row['other_non_2xx']:>9}{row['sql_per_request']:>9}"
        )
    statuses = ", ".join(f"{n} {status}" for status, n in tally.sync_items.most_common())
    print(f"stockSync items: {statuses or 'none'}")
    crashes = sum(e["occurrences"] for e in world.environment.runner.exceptions.values())
    print(
        f"errors: {errors} failed requests, {server_errors} HTTP 5xx, {other} other non-2xx, "
        f"{crashes} exceptions in the users' code"
    )
    if server_errors or other or crashes:
        print(
            f"!!! {server_errors} HTTP 5xx, {other} other non-2xx answers and {crashes} "
            "exceptions: see above !!!"
        )
    for message in tally.failed_flows[:3]:
        print(f"  failed checkout: {message}")
