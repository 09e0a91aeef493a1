#!/usr/bin/env python3
"""A webhook receiver for OCOP Marketplace, standard library only.

It checks every request's signature and timestamp, answers 2xx once it has recorded the event
(so the marketplace stops retrying), ignores a delivery it has recorded before (deliveries
are at least once: the same X-Ocop-Delivery may come again), and appends each new event to a
JSON-lines file.

    OCOP_WEBHOOK_SECRET=whsec_... python receiver.py --port 8765 --out events.jsonl

See docs/webhooks.md for what the headers mean.
"""

import argparse
import hashlib
import hmac
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 1_000_000


def verify(secret: str, headers, body: bytes, *, tolerance: int, now: float) -> str | None:
    """None when the request is genuine and fresh, else why not."""
    timestamp = headers.get("X-Ocop-Timestamp", "")
    signature = headers.get("X-Ocop-Signature", "")
    if not timestamp.isdigit():
        return "missing timestamp"
    if abs(now - int(timestamp)) > tolerance:
        return "timestamp outside the window"  # a replay of an old request
    signed = timestamp.encode() + b"." + body
    expected = "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        return "bad signature"
    return None


class Journal:
    """The JSON-lines file of received events, and the delivery ids in it (read back at
    start-up, so a restarted receiver still recognises what it has seen)."""

    def __init__(self, path: str):
        self.path = path
        self.lock = threading.Lock()
        self.seen: set[str] = set()
        if os.path.exists(path):
            with open(path, encoding="utf-8") as lines:
                self.seen = {json.loads(line)["delivery"] for line in lines if line.strip()}

    def record(self, delivery: str, event: str, payload: dict) -> bool:
        """Append the event unless that delivery was recorded already; True when new."""
        with self.lock:
            if delivery in self.seen:
                return False
            line = {"delivery": delivery, "event": event, "received_at": time.time(),
                    "payload": payload}  # fmt: skip
            with open(self.path, "a", encoding="utf-8") as out:
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
                out.flush()
                os.fsync(out.fileno())
            self.seen.add(delivery)
            return True


def make_handler(secret: str, journal: Journal, tolerance: int):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                return self.answer(413, "too large")
            body = self.rfile.read(length)
            problem = verify(secret, self.headers, body, tolerance=tolerance, now=time.time())
            if problem:
                return self.answer(401, problem)
            delivery = self.headers.get("X-Ocop-Delivery", "")
            try:
                payload = json.loads(body)
            except ValueError:
                return self.answer(400, "not JSON")
            new = journal.record(delivery, self.headers.get("X-Ocop-Event", ""), payload)
            self.answer(200, "recorded" if new else "already recorded")

        def answer(self, status: int, message: str):
            body = json.dumps({"message": message}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):
            sys.stderr.write("receiver: " + format % args + "\n")

    return Handler


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--out", default="events.jsonl", help="JSON-lines file of events")
    parser.add_argument("--secret", default=os.environ.get("OCOP_WEBHOOK_SECRET", ""))
    parser.add_argument("--tolerance", type=int, default=300, help="seconds of clock skew")
    args = parser.parse_args(argv)
    if not args.secret:
        parser.error("give the subscription's secret (--secret or OCOP_WEBHOOK_SECRET)")
    handler = make_handler(args.secret, Journal(args.out), args.tolerance)
    server = ThreadingHTTPServer((args.host, args.port), handler)
    print(f"listening on http://{args.host}:{server.server_port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
