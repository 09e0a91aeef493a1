"""The example receiver (examples/webhook-receiver) as a real process on a local port: an app
subscribes through /graphql/, an order is placed and arrives once, signed; with the receiver
down a vendor order changes, and once it is back the retried delivery arrives."""

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.core.management import call_command
from graphql_relay import to_global_id

from integrations.webhooks.models import WebhookDelivery
from marketplace.accounts.tokens import create_access_token
from orders.services.fulfilment import vendor_order_confirm
from tests.factories import StaffFactory, VendorMemberFactory
from tests.integrations.webhooks_support import make_app
from tests.orders.fulfilment_support import part, place, variant

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RECEIVER = Path(__file__).resolve().parents[2] / "examples" / "webhook-receiver" / "receiver.py"
SUBSCRIBE = """
mutation($input: WebhookSubscriptionCreateInput!) {
  webhookSubscriptionCreate(input: $input) {
    webhookSubscription { id secret } errors { field code message }
  }
}"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_receiver(port: int, secret: str, out: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, str(RECEIVER), "--port", str(port), "--out", str(out)],
        env={"OCOP_WEBHOOK_SECRET": secret, "PATH": "/usr/bin:/bin"},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout.readline().startswith("listening on"), "the receiver did not start"
    return process


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=10)


def received(out: Path) -> list[dict]:
    if not out.exists():
        return []
    return [json.loads(line) for line in out.read_text().splitlines() if line.strip()]


def test_the_receiver_gets_the_order_and_the_retried_change(live_server, settings, tmp_path):
    settings.WEBHOOKS_RETRY_BASE_SECONDS = 1  # retries within the test's patience
    staff = StaffFactory()
    app = make_app(staff)
    port, out = free_port(), tmp_path / "events.jsonl"
    response = requests.post(
        f"{live_server.url}/graphql/",
        json={"query": SUBSCRIBE, "variables": {"input": {
            "appId": to_global_id("App", app.pk), "targetUrl": f"http://127.0.0.1:{port}/",
            "events": ["ORDER_CREATED", "VENDOR_ORDER_STATUS_CHANGED"]}}},
        headers={"Authorization": f"Bearer {create_access_token(staff)}"},
        timeout=30,
    )  # fmt: skip
    result = response.json()["data"]["webhookSubscriptionCreate"]
    assert result["errors"] == []
    secret = result["webhookSubscription"]["secret"]

    receiver = start_receiver(port, secret, out)
    try:
        sold = variant()
        order = place([(sold, 1)])
        events = received(out)
        assert [e["event"] for e in events] == ["ORDER_CREATED"]  # signature checked, once
        assert events[0]["payload"]["data"]["order"]["number"] == order.number
    finally:
        stop(receiver)

    # The receiver is down: the change is recorded and its delivery waits for a retry.
    owner = VendorMemberFactory(vendor=sold.vendor, role="owner").user
    vendor_order_confirm(actor=owner, vendor_order=part(order, sold))
    waiting = WebhookDelivery.objects.get(event="VENDOR_ORDER_STATUS_CHANGED")
    assert (waiting.status, waiting.attempts, waiting.response_code) == ("retrying", 1, None)

    receiver = start_receiver(port, secret, out)
    try:
        deadline = time.monotonic() + 30
        while len(received(out)) < 2 and time.monotonic() < deadline:
            time.sleep(0.5)
            call_command("outbox_sweep")  # what Celery beat runs every OUTBOX_SWEEP_SECONDS
        events = received(out)
    finally:
        stop(receiver)
    assert [e["event"] for e in events] == ["ORDER_CREATED", "VENDOR_ORDER_STATUS_CHANGED"]
    assert events[1]["payload"]["data"]["vendorOrder"]["status"] == "CONFIRMED"
    assert events[1]["delivery"] == str(waiting.delivery_id)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.attempts) == ("succeeded", 2)
