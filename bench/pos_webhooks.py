"""Benchmark: 10,000 POS webhook deliveries to one showroom, through the webhook view and the task
queue, every event applied once (PostgreSQL). Part of `make bench-stock`; alone:

    .venv/bin/python bench/pos_webhooks.py [--events 10000] [--worker]

The showroom of bench/stock_sync.py (10,000 consigned SKUs) is connected to KiotViet, Sapo and
Haravan (the items already known, as a first pull leaves them). The deliveries are a mix of the
three (20% KiotViet, 40% Sapo, 40% Haravan), signed each provider's way, one item an event, 10%
of them redeliveries of an earlier event, all shuffled: events arrive out of order.

- In-process (always): each delivery goes through Django's test client (URL routing,
  middleware, the view) and its task runs inline when the view's transaction commits, as without
  a broker; `CaptureQueriesContext` counts the SQL of each delivery, view and task together.
  KiotViet's events carry no count: the task reads it again from KiotViet's API, answered here
  by a stub (`responses`) at once, so the figures are ours, not KiotViet's.
- `--worker`: gunicorn and a Celery worker on Redis (`BENCH_BROKER_URL`, default database 9),
  deliveries over HTTP from 4 client threads, timed until the last event is applied. Sapo and
  Haravan only (KiotViet's would call KiotViet).

Afterwards it checks that every event was applied once and that every item ends at its newest
count (KiotViet's: the POS's count), and prints events per second and SQL queries per event.
"""

import argparse
import base64
import datetime
import hashlib
import hmac
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import ROOT as PROJECT  # noqa: E402
from common import Server, free_port, production_env  # noqa: E402

SECRET = "bench-webhook-secret"
CREDENTIALS = {"webhook_secret": SECRET, "access_token": "bench", "client_id": "bench",
               "client_secret": "bench"}  # fmt: skip
BRANCHES = {"kiotviet": "1", "sapo": "501", "haravan": "1007284"}
# Which of the showroom's SKUs each POS counts (indexes into the bench variants).
RANGES = {"kiotviet": range(0, 2_000), "sapo": range(2_000, 6_000), "haravan": range(6_000, 10_000)}
SHARE = (("kiotviet", 0.2), ("sapo", 0.4), ("haravan", 0.4))
ID_BASE = {"kiotviet": 100_000, "sapo": 700_000, "haravan": 800_000}
KIOTVIET_API = "https://public.kiotapi.com/"
CELERY = PROJECT / ".venv" / "bin" / "celery"
# A fixed Fernet key for the bench database's credentials when none is configured.
BENCH_FERNET_KEY = "h3y9b0Jm2mQ7Qp3g9Cq2uQ3Jb1aQm7yV8v4bC1o5Z0E="


@dataclass
class Delivery:
    provider: str
    path: str
    body: bytes
    headers: dict  # HTTP header name → value
    event: str  # what makes it the same event again (the body's hash)
    redelivery: bool = False


@dataclass
class Plan:
    deliveries: list[Delivery]
    newest: dict[str, tuple[datetime.datetime, int]]  # SKU → (time, count) of its newest event
    kiotviet_counts: dict[int, int]  # KiotViet product id → its count at the POS
    run: str
    distinct: int = 0
    by_provider: dict = field(default_factory=dict)


def sku(index: int) -> str:
    return f"BENCH-{index:05d}"


def connect(showroom, staff):
    """The showroom's three connections (made once), with their items known, active, by SKU."""
    from inventory.models import PosConnection, PosItem

    connections = {}
    for provider, branch in BRANCHES.items():
        connection, _created = PosConnection.objects.update_or_create(
            location=showroom,
            provider=provider,
            defaults={
                "account": "diembench",
                "branch_id": branch,
                "mapping": PosConnection.Mapping.SKU,
                "status": PosConnection.Status.ACTIVE,
                "push_sales": False,
                "created_by": staff,
                "credentials": CREDENTIALS,
                # KiotViet's token, valid for the whole run: no token call to stub.
                "token_cache": {"access_token": "bench", "expires_at": "2999-01-01T00:00:00Z"},
            },
        )
        external = {"sapo": "item:{}", "haravan": "{}", "kiotviet": "{}"}[provider]
        PosItem.objects.bulk_create(
            [
                PosItem(
                    connection=connection,
                    external_id=external.format(ID_BASE[provider] + i),
                    product_id=str(ID_BASE[provider] + i),
                    inventory_item_id=str(ID_BASE[provider] + i) if provider == "sapo" else "",
                    code=sku(i),
                )
                for i in RANGES[provider]
            ],
            ignore_conflicts=True,
            batch_size=2_000,
        )
        connections[provider] = connection
    return connections


def _signed(provider: str, body: bytes) -> dict:
    digest = hmac.new(SECRET.encode(), body, hashlib.sha256).digest()
    if provider == "kiotviet":
        return {"X-Hub-Signature": digest.hex()}
    signature = base64.b64encode(digest).decode()
    if provider == "sapo":
        return {"X-Sapo-Hmac-Sha256": signature, "X-Sapo-Topic": "inventory_levels/update"}
    return {"X-Haravan-Hmacsha256": signature, "X-Haravan-Topic": "inventorylocations/update"}


def _body(provider: str, index: int, quantity: int, at: datetime.datetime, run: str) -> bytes:
    pos_id = ID_BASE[provider] + index
    stamp = at.isoformat(timespec="milliseconds")
    if provider == "kiotviet":
        row = {"ProductId": pos_id, "ProductCode": sku(index), "BranchId": 1, "OnHand": 0}
        notification = {"Action": "stock.update.bench", "Data": [row]}
        data = {"Id": f"{run}-{uuid.uuid4().hex[:12]}", "Attempt": 1,
                "Notifications": [notification]}  # fmt: skip
    elif provider == "sapo":
        data = {"inventory_item_id": pos_id, "location_id": 501, "on_hand": quantity,
                "available": quantity, "updated_at": stamp, "bench_run": run}  # fmt: skip
    else:
        data = {"id": pos_id + 1, "loc_id": 1007284, "product_id": pos_id, "variant_id": pos_id,
                "qty_onhand": quantity, "updated_at": stamp, "bench_run": run}  # fmt: skip
    return json.dumps(data).encode()


def plan(connections, events: int, rng: random.Random) -> Plan:
    """`events` deliveries: 90% distinct events, 10% redeliveries, shuffled."""
    run = uuid.uuid4().hex[:8]
    # Newer than any earlier run's counts (one millisecond apart, in the past).
    start = datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=30 + events / 1000)
    distinct = events - events // 10
    newest: dict[str, tuple[datetime.datetime, int]] = {}
    kiotviet_counts: dict[int, int] = {}
    deliveries = []
    providers = [p for p, share in SHARE for _ in range(round(share * 10))]
    for n in range(distinct):
        provider = rng.choice(providers)
        index = rng.choice(RANGES[provider])
        quantity = rng.randrange(0, 500)
        at = start + datetime.timedelta(milliseconds=n)
        body = _body(provider, index, quantity, at, run)
        if provider == "kiotviet":
            kiotviet_counts[ID_BASE[provider] + index] = rng.randrange(0, 500)
        else:
            newest[sku(index)] = (at, quantity)  # n grows: the later the newer
        path = f"/integrations/{provider}/{connections[provider].pk}/webhook/"
        deliveries.append(Delivery(provider, path, body, _signed(provider, body),
                                   hashlib.sha256(body).hexdigest()))  # fmt: skip
    deliveries += [
        Delivery(**again.__dict__) for again in rng.choices(deliveries, k=events - distinct)
    ]
    rng.shuffle(deliveries)
    seen = set()
    for delivery in deliveries:  # in the order they arrive: a later copy is the redelivery
        delivery.redelivery = delivery.event in seen
        seen.add(delivery.event)
    by_provider = {p: sum(1 for d in deliveries if d.provider == p) for p, _ in SHARE}
    return Plan(deliveries, newest, kiotviet_counts, run, distinct, by_provider)


def kiotviet_stub(counts: dict[int, int]):
    """KiotViet's API for the bench: GET /products/{id} answers the POS's count at once."""
    import responses

    mock = responses.RequestsMock(assert_all_requests_are_fired=False)

    def product(request):
        pid = int(request.url.rstrip("/").rsplit("/", 1)[-1])
        body = {"id": pid, "code": "", "inventories": [{"branchId": 1, "onHand": counts[pid]}]}
        return 200, {}, json.dumps(body)

    mock.add_callback("GET", re.compile(re.escape(KIOTVIET_API) + r"products/\d+$"), product)
    return mock


def run_inline(the_plan: Plan) -> dict:
    """Every delivery through the test client, its task inline; (seconds, SQL per delivery)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from inventory.connectors import base as connector_base

    pauses: list[float] = []
    connector_base.pause = pauses.append  # the stub answers at once: no waiting for KiotViet
    client = Client()
    queries: dict[str, list[int]] = {"first": [], "redelivery": []}
    per_provider: dict[str, list[int]] = {p: [] for p, _ in SHARE}
    failed = 0
    with kiotviet_stub(the_plan.kiotviet_counts):
        started = time.perf_counter()
        for delivery in the_plan.deliveries:
            headers = {
                f"HTTP_{name.upper().replace('-', '_')}": value
                for name, value in delivery.headers.items()
            }
            connection.queries_log.clear()  # the log keeps 9,000: counts past it would be wrong
            with CaptureQueriesContext(connection) as captured:
                answer = client.post(delivery.path, data=delivery.body,
                                     content_type="application/json", **headers)  # fmt: skip
            failed += answer.status_code != 200
            count = len(captured.captured_queries)
            queries["redelivery" if delivery.redelivery else "first"].append(count)
            if not delivery.redelivery:
                per_provider[delivery.provider].append(count)
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "queries": queries, "per_provider": per_provider,
            "failed": failed, "pauses": len(pauses)}  # fmt: skip


def run_with_worker(the_plan: Plan, env: dict, broker: str, clients: int = 4) -> dict:
    """Over HTTP to gunicorn, tasks on a Celery worker; timed until every event is applied."""
    import http.client

    from inventory.models import PosWebhookEvent

    deliveries = [d for d in the_plan.deliveries if d.provider != "kiotviet"]
    env = {**env, "CELERY_BROKER_URL": broker, "CELERY_RESULT_BACKEND": broker}
    subprocess.run([str(CELERY), "-A", "marketplace", "purge", "-f"], cwd=PROJECT, env=env,
                   capture_output=True)  # fmt: skip
    worker = subprocess.Popen(
        [str(CELERY), "-A", "marketplace", "worker", "-l", "warning", "-c", "2",
         "--without-heartbeat", "--without-gossip", "--without-mingle"],
        cwd=PROJECT, env=production_env(env), stdout=subprocess.DEVNULL,
    )  # fmt: skip
    port = free_port()
    server = Server(port, 2, env)
    sql: list[int] = []
    failed = 0

    def send(chunk):
        nonlocal failed
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for delivery in chunk:
            connection.request("POST", delivery.path, delivery.body,
                               {**delivery.headers, "Content-Type": "application/json",
                                "Host": "127.0.0.1"})  # fmt: skip
            answer = connection.getresponse()
            answer.read()
            failed += answer.status != 200
            sql.append(int(answer.getheader("X-SQL-Queries") or -1))
        connection.close()

    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            list(pool.map(send, [deliveries[i::clients] for i in range(clients)]))
        sent = time.perf_counter() - started
        expected = len({d.event for d in deliveries})
        waiting = PosWebhookEvent.objects.filter(body__contains=the_plan.run)
        deadline = time.monotonic() + 600
        while waiting.filter(status="applied").count() < expected and time.monotonic() < deadline:
            time.sleep(0.5)
        seconds = time.perf_counter() - started
    finally:
        server.stop()
        worker.terminate()
        worker.wait(timeout=60)
    return {"deliveries": len(deliveries), "sent": sent, "seconds": seconds, "sql": sql,
            "failed": failed}  # fmt: skip


def verify(the_plan: Plan, showroom) -> dict:
    """Every event applied once, every item at its newest count."""
    from django.db.models import Count, Sum

    from inventory.models import PosWebhookEvent, Stock, StockSyncRequest

    events = PosWebhookEvent.objects.filter(body__contains=the_plan.run)
    by_status = dict(events.values_list("status").annotate(n=Count("pk")).order_by())
    keys = StockSyncRequest.objects.filter(location=showroom, idempotency_key__contains=":event:")
    twice = keys.values("idempotency_key").annotate(n=Count("pk")).filter(n__gt=1).count()
    stock = dict(Stock.objects.filter(location=showroom).values_list("variant__sku", "quantity"))
    wrong = sum(1 for code, (_at, count) in the_plan.newest.items() if stock.get(code) != count)
    for pid, count in the_plan.kiotviet_counts.items():
        wrong += stock.get(sku(pid - ID_BASE["kiotviet"])) != count
    return {
        "events": events.count(),
        "deliveries": events.aggregate(n=Sum("deliveries"))["n"] or 0,
        "by_status": by_status,
        "applied_twice": twice,
        "wrong_counts": wrong,
        "items": len(the_plan.newest) + len(the_plan.kiotviet_counts),
    }


def _line(label, values) -> str:
    if not values:
        return f"  {label:<34} -"
    return (f"  {label:<34}{len(values):>7,}{statistics.mean(values):>8.1f}"
            f"{statistics.median(values):>6.0f}{max(values):>6}")  # fmt: skip


def report_inline(the_plan: Plan, result: dict, checked: dict) -> None:
    n = len(the_plan.deliveries)
    print(f"\nPOS webhooks, in-process: {n:,} deliveries ({the_plan.distinct:,} events and "
          f"{n - the_plan.distinct:,} redeliveries; "
          + ", ".join(f"{p} {c:,}" for p, c in the_plan.by_provider.items())
          + "), each through the view, its task inline")  # fmt: skip
    print(
        f"  {result['seconds']:.1f} s: {n / result['seconds']:,.0f} deliveries/s "
        f"({the_plan.distinct / result['seconds']:,.0f} events applied/s); "
        f"{result['failed']} answered other than 200; {result['pauses']} rate-limit pauses"
    )
    print(f"  {'SQL queries per delivery':<34}{'count':>7}{'mean':>8}{'p50':>6}{'max':>6}")
    print(_line("a new event (view + apply task)", result["queries"]["first"]))
    for provider, values in result["per_provider"].items():
        print(_line(f"  of which {provider}", values))
    print(_line("a redelivery (recognised)", result["queries"]["redelivery"]))
    _report_check(checked)


def _report_check(checked: dict) -> None:
    print(
        f"  check: {checked['events']:,} events stored, {checked['deliveries']:,} deliveries "
        f"counted, statuses {checked['by_status']}, {checked['applied_twice']} applied twice, "
        f"{checked['wrong_counts']} of {checked['items']:,} items not at their newest count"
    )


def report_worker(the_plan: Plan, result: dict, checked: dict) -> None:
    n = result["deliveries"]
    sql = [q for q in result["sql"] if q >= 0]
    print(
        f"\nPOS webhooks over HTTP with a Celery worker (Sapo and Haravan): {n:,} deliveries "
        f"from 4 clients, gunicorn 2 workers, Celery 2 processes"
    )
    print(
        f"  sent in {result['sent']:.1f} s ({n / result['sent']:,.0f} deliveries/s answered); "
        f"all applied after {result['seconds']:.1f} s ({n / result['seconds']:,.0f}/s end to "
        f"end); {result['failed']} answered other than 200"
    )
    if sql:
        print(
            f"  SQL queries of the view per delivery: mean {statistics.mean(sql):.1f}, "
            f"max {max(sql)} (the task's are counted in-process above)"
        )
    _report_check(checked)


def run(showroom, staff, *, events: int, worker: bool, env: dict, broker: str) -> None:
    """Both parts for the showroom of bench/stock_sync.py (Django set up already)."""
    rng = random.Random(14)
    connections = connect(showroom, staff)
    the_plan = plan(connections, events, rng)
    result = run_inline(the_plan)
    report_inline(the_plan, result, verify(the_plan, showroom))
    if worker:
        the_plan = plan(connections, events, rng)
        result = run_with_worker(the_plan, env, broker)
        the_plan.kiotviet_counts = {}  # not sent in this part
        report_worker(the_plan, result, verify(the_plan, showroom))


def with_bench_settings(env: dict) -> dict:
    """The environment the bench's Django (and its server and worker) run with: tasks inline
    unless a part starts a worker, and a key for the connections' credentials."""
    env = {k: v for k, v in env.items() if k not in ("CELERY_BROKER_URL", "REDIS_URL")}
    env.setdefault("FIELD_ENCRYPTION_KEYS", BENCH_FERNET_KEY)
    env.setdefault("LOG_LEVEL", "WARNING")  # a line per task and POS call would be timed too
    return env


def main():
    from common import default_database, django_setup, ensure_database

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=default_database("ocop_bench_stock"))
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--worker", action="store_true", help="also with gunicorn and Celery")
    parser.add_argument("--broker", default=os.environ.get("BENCH_BROKER_URL",
                                                           "redis://127.0.0.1:6379/9"))  # fmt: skip
    args = parser.parse_args()
    env = with_bench_settings({**os.environ, "DATABASE_URL": args.database_url})
    os.environ.clear()
    os.environ.update(env)
    ensure_database(args.database_url, 0, env)
    django_setup(args.database_url)
    from stock_sync import prepare

    showroom, staff = prepare(10_000)
    run(showroom, staff, events=args.events, worker=args.worker, env=env, broker=args.broker)


if __name__ == "__main__":
    main()
