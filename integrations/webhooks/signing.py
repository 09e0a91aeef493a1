"""What a receiver checks: `X-Ocop-Signature: sha256=<hex>`, the HMAC-SHA256 under the
subscription's secret of `f"{timestamp}.{body}"`, where the timestamp is `X-Ocop-Timestamp`
(unix seconds): signed with the body, so an old request cannot be replayed with a new one
(docs/webhooks.md shows the receiver's side)."""

import hashlib
import hmac
import json

SIGNATURE_SCHEME = "sha256"


def body_of(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    signed = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_SCHEME}={digest}"


def headers(*, event: str, delivery_id: str, secret: str, timestamp: int, body: bytes) -> dict:
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "OCOP-Marketplace-Webhooks/1",
        "X-Ocop-Event": event,
        "X-Ocop-Delivery": delivery_id,
        "X-Ocop-Timestamp": str(timestamp),
        "X-Ocop-Signature": signature(secret=secret, timestamp=timestamp, body=body),
    }
