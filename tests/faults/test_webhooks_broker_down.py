"""Redis (the broker) is down while a producer edits a published product 1,000 times: every
edit commits with its PRODUCT_UPDATED event in the outbox, none is lost. Once Redis is back
(empty: it kept nothing), a real worker and its sweep fan the events out and post each to the
example receiver (examples/webhook-receiver, its own process), which checks every signature:
1,000 distinct deliveries arrive, and each is logged as succeeded at the first attempt.

The edits are made by this file run as a process of the project, as tests/faults/shoppers.py
does the checkouts:

    python -m tests.faults.test_webhooks_broker_down '<json arguments>'
"""

import json
import os
import subprocess
import sys

import pytest
from graphql_relay import to_global_id

from tests.faults.instances import free_port
from tests.faults.project import pending_messages, sql
from tests.workers import ROOT, celery_worker, eventually

pytestmark = [pytest.mark.faults, pytest.mark.postgres]  # the SQLite pass skips them
EVENTS = 1000
RECEIVER = ROOT / "examples" / "webhook-receiver" / "receiver.py"
# The receiver is plain http on the loopback, which only DEBUG allows by default: say so, so
# that the test does not depend on how DEBUG is set around it.
LOCAL_TARGETS = {"WEBHOOKS_ALLOW_HTTP": "1", "WEBHOOKS_ALLOW_PRIVATE_TARGETS": "1"}


def edit_while_nobody_delivers(*, events: int, target_url: str) -> dict:
    """An app subscribed to PRODUCT_UPDATED at `target_url`, then `events` edits of a
    published product by its producer's owner, each through product_update."""
    from catalog.services.products import product_update
    from integrations.webhooks.services import webhook_subscription_create
    from tests.factories import ProductFactory, StaffFactory, VendorMemberFactory
    from tests.integrations.webhooks_support import make_app

    staff = StaffFactory()
    subscription = webhook_subscription_create(
        actor=staff, app=make_app(staff, scopes=["catalog:read"]), target_url=target_url,
        events=["PRODUCT_UPDATED"],
    )  # fmt: skip
    product = ProductFactory()
    owner = VendorMemberFactory(vendor=product.vendor, role="owner").user
    for n in range(events):
        product = product_update(product=product, actor=owner, description=f"Mẻ chè số {n}")
    return {"secret": subscription.secret, "product": product.pk}


def start_receiver(port: int, secret: str, out) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, str(RECEIVER), "--port", str(port), "--out", str(out)],
        env={"OCOP_WEBHOOK_SECRET": secret, "PATH": "/usr/bin:/bin"},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout.readline().startswith("listening on"), "the receiver did not start"
    return process


def received(out) -> list[dict]:
    if not out.exists():
        return []
    return [json.loads(line) for line in out.read_text().splitlines() if line.strip()]


def deliveries(project) -> list[tuple]:
    return sql(
        project,
        "SELECT status, attempts, response_code, response_body, count(*) "
        "FROM integrations_webhookdelivery GROUP BY 1, 2, 3, 4",
    )


def test_events_raised_while_redis_is_down_are_all_delivered_once_it_returns(
    project, private_redis, tmp_path
):
    port, out = free_port(), tmp_path / "events.jsonl"
    private_redis.stop()
    result = subprocess.run(
        [sys.executable, "-m", "tests.faults.test_webhooks_broker_down",
         json.dumps({"events": EVENTS, "target_url": f"http://127.0.0.1:{port}/ocop"})],
        cwd=ROOT, env={**project, **LOCAL_TARGETS, "CELERY_BROKER_URL": private_redis.url},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    raised = json.loads(result.stdout.strip().splitlines()[-1])

    assert "the sweep will hand them over" in result.stderr  # no editor saw an error
    events = "SELECT count(*) FROM outbox_outboxmessage WHERE handler = 'webhooks.fan_out'"
    assert sql(project, events) == [(EVENTS,)]  # each edit committed its event
    assert sql(project, f"{events} AND dispatched_at IS NOT NULL") == [(0,)]
    assert deliveries(project) == []  # nothing fanned out yet

    receiver = start_receiver(port, raised["secret"], out)
    try:
        private_redis.start()
        with celery_worker(
            broker_url=private_redis.url,
            tmp_path=tmp_path,
            beat=True,
            env={
                "DATABASE_URL": project["DATABASE_URL"],
                "OUTBOX_SWEEP_SECONDS": "1",
                **LOCAL_TARGETS,
            },
        ) as worker:
            arrived = eventually(
                lambda: len(received(out)) >= EVENTS and pending_messages(project) == [],
                timeout=240,
                pause=1,
            )
            assert arrived, f"{len(received(out))} received; {worker.log()[-3000:]}"
        got = received(out)
    finally:
        receiver.terminate()
        receiver.wait(timeout=10)

    # The receiver records only requests whose signature and timestamp it verified.
    assert len(got) == EVENTS
    assert len({event["delivery"] for event in got}) == EVENTS
    assert {event["event"] for event in got} == {"PRODUCT_UPDATED"}
    product_id = to_global_id("Product", raised["product"])
    assert {event["payload"]["data"]["product"]["id"] for event in got} == {product_id}
    # Each logged as a first-time success: "recorded", not "already recorded" nor refused.
    assert deliveries(project) == [("succeeded", 1, 200, '{"message": "recorded"}', EVENTS)]
    sent = "SELECT count(DISTINCT delivery_id) FROM integrations_webhookdelivery"
    assert sql(project, sent) == [(EVENTS,)]


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    import django

    django.setup()
    from django.utils import translation

    translation.activate("en")
    print(json.dumps(edit_while_nobody_delivers(**json.loads(sys.argv[1]))))
