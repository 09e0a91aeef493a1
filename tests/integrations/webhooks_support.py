"""Apps, subscriptions and a scripted local receiver for the webhook tests."""

import json
import threading
from collections import deque
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.utils import timezone

from integrations.models import App
from integrations.webhooks.services import webhook_subscription_create
from marketplace.outbox.dispatch import sweep
from marketplace.outbox.models import OutboxMessage

ALL_SCOPES = ["catalog:read", "orders:read", "orders:write", "stock:write"]


def make_app(created_by, *, producer=None, scopes=ALL_SCOPES, name="Bưu điện OCOP"):
    return App.objects.create(
        name=name, producer=producer, scopes=list(scopes), created_by=created_by
    )


def subscribe(actor, app, url, events=("ORDER_CREATED",), **fields):
    return webhook_subscription_create(
        actor=actor, app=app, target_url=url, events=list(events), **fields
    )


class Receiver:
    """An HTTP server on 127.0.0.1 that records each request and answers with the next of
    `answers` (status codes; 200 once they run out)."""

    def __init__(self):
        self.requests: list[dict] = []
        self.answers: deque[int] = deque()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                status = receiver.answers.popleft() if receiver.answers else 200
                answer = json.dumps({"status": status}).encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def events(self) -> list[str]:
        return [r["headers"]["X-Ocop-Event"] for r in self.requests]

    def bodies(self) -> list[dict]:
        return [json.loads(r["body"]) for r in self.requests]


@contextmanager
def running_receiver():
    receiver = Receiver()
    receiver.thread.start()
    try:
        yield receiver
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()


def run_due_retries() -> int:
    """As if the backoff had passed: every held-back message is due now, and the beat's sweep
    hands them over (run here, without a broker)."""
    OutboxMessage.objects.pending().update(available_at=timezone.now())
    return sweep()
