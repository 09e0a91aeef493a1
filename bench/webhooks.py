"""Benchmark: webhook throughput, events delivered per second to a local receiver (PostgreSQL).

    .venv/bin/python bench/webhooks.py [--events 1000] [--subscriptions 1]

Production settings (plain http and the loopback allowed for the local receiver), no broker:
each event is emitted in a transaction of its own and, once it commits, the outbox runs in
this process what a worker would: the fan-out (one delivery per subscription, its payload
rendered from the subscription's default GraphQL document), then each delivery (SSRF check,
signing, the POST, the log line). The receiver is examples/webhook-receiver/receiver.py as a
separate process, verifying every signature and appending each event to a JSON-lines file; the
run is timed from the first emit until the last event is in that file.

Prints events/s and deliveries/s, the median and 95th percentile of emit-to-delivered per
event, and checks that every delivery succeeded once.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import (  # noqa: E402
    default_database,
    django_setup,
    ensure_database,
    free_port,
    percentile,
    production_env,
)

RECEIVER = ROOT / "examples" / "webhook-receiver" / "receiver.py"
BENCH_FERNET_KEY = "h3y9b0Jm2mQ7Qp3g9Cq2uQ3Jb1aQm7yV8v4bC1o5Z0E="


def bench_env(database_url: str) -> dict:
    env = production_env({**os.environ, "DATABASE_URL": database_url})
    env.setdefault("FIELD_ENCRYPTION_KEYS", BENCH_FERNET_KEY)
    env.update({"WEBHOOKS_ALLOW_HTTP": "1", "WEBHOOKS_ALLOW_PRIVATE_TARGETS": "1"})
    env.pop("CELERY_BROKER_URL", None)
    env.pop("REDIS_URL", None)
    return env


def start_receiver(port: int, secret: str, out: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, str(RECEIVER), "--port", str(port), "--out", str(out)],
        env={"OCOP_WEBHOOK_SECRET": secret, "PATH": os.environ.get("PATH", "/usr/bin")},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    if not process.stdout.readline().startswith("listening on"):
        sys.exit("the example receiver did not start")
    return process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--subscriptions", type=int, default=1, help="receivers per event")
    args = parser.parse_args()

    database_url = default_database("ocop_bench_webhooks")
    env = bench_env(database_url)
    ensure_database(database_url, 1, env)
    os.environ.update({k: env[k] for k in ("FIELD_ENCRYPTION_KEYS", "WEBHOOKS_ALLOW_HTTP",
                                           "WEBHOOKS_ALLOW_PRIVATE_TARGETS")})  # fmt: skip
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.pop("REDIS_URL", None)
    django_setup(database_url)

    from django.contrib.auth import get_user_model
    from django.db import transaction

    from catalog.models import Product
    from integrations.models import App
    from integrations.webhooks.models import WebhookDelivery
    from integrations.webhooks.services import webhook_subscription_create
    from marketplace.outbox.events import Event, emit

    staff, _created = get_user_model().objects.get_or_create(
        email="bench-webhooks@example.vn",
        defaults={"full_name": "Bench", "is_staff": True, "is_active": True},
    )
    app = App.objects.create(name="bench", scopes=["catalog:read"], created_by=staff)
    product = Product.objects.order_by("pk").first()
    port = free_port()
    out = Path(tempfile.mkdtemp(prefix="ocop-bench-webhooks-")) / "events.jsonl"
    subscriptions = [
        webhook_subscription_create(
            actor=staff, app=app, target_url=f"http://127.0.0.1:{port}/{i}",
            events=[Event.PRODUCT_UPDATED],
        )
        for i in range(args.subscriptions)
    ]  # fmt: skip
    # One secret for the one receiver: every subscription signs with it.
    secret = subscriptions[0].secret
    for subscription in subscriptions[1:]:
        subscription.secret = secret
        subscription.save(update_fields=["secret"])

    receiver = start_receiver(port, secret, out)
    emitted_at = []
    try:
        started = time.perf_counter()
        for _ in range(args.events):
            emitted_at.append(time.time())
            with transaction.atomic():
                emit(Event.PRODUCT_UPDATED, product_id=product.pk)
        expected = args.events * args.subscriptions
        while True:
            lines = out.read_text().splitlines() if out.exists() else []
            if len(lines) >= expected or time.perf_counter() - started > 600:
                break
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
    finally:
        receiver.terminate()
        receiver.wait(timeout=10)

    records = [json.loads(line) for line in lines]
    deliveries = WebhookDelivery.objects.filter(subscription__app=app)
    succeeded = deliveries.filter(status="succeeded", attempts=1).count()
    latencies = sorted(
        (r["received_at"] - t) * 1000 for r, t in zip(records, emitted_at, strict=False)
    )  # each event's deliveries are sent before the next event is emitted (inline)
    print(f"{args.events} events × {args.subscriptions} subscription(s): {len(records)} "
          f"received, {succeeded} deliveries succeeded at the first attempt")  # fmt: skip
    print(f"{args.events / elapsed:,.0f} events/s, {len(records) / elapsed:,.0f} deliveries/s "
          f"({elapsed:.1f} s)")  # fmt: skip
    if latencies:
        print(f"emit to received: median {statistics.median(latencies):.1f} ms, "
              f"p95 {percentile(latencies, 0.95):.1f} ms")  # fmt: skip
    ok = len(records) == expected and succeeded == expected
    app.delete()  # its subscriptions and their log go with it
    if not ok:
        sys.exit("some deliveries did not arrive once")


if __name__ == "__main__":
    main()
