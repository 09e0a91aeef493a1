"""What the POS connector tests share: the recorded fixtures, signing a delivery the way each
provider does, and the URLs the connectors call."""

import base64
import copy
import hashlib
import hmac
import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "pos_fixtures"
KIOTVIET_TOKEN = "https://id.kiotviet.vn/connect/token"
KIOTVIET_API = "https://public.kiotapi.com/"
HARAVAN_API = "https://apis.haravan.com/com/"
SECRET = "c2VjcmV0LWNoYW5nZS1tZQ=="  # the factory's webhook secret


def fixture(name: str):
    """A fresh copy of a recorded body."""
    return copy.deepcopy(json.loads((FIXTURES / name).read_text(encoding="utf-8")))


def sapo_api(store: str = "diembanocop") -> str:
    return f"https://{store}.mysapo.net/admin/"


def kiotviet_signature(body: bytes, secret: str = SECRET) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def base64_signature(body: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def signed_headers(provider: str, body: bytes, *, topic: str = "", secret: str = SECRET) -> dict:
    """Django test-client headers of a delivery signed as `provider` signs it."""
    if provider == "kiotviet":
        return {"HTTP_X_HUB_SIGNATURE": kiotviet_signature(body, secret)}
    if provider == "sapo":
        return {
            "HTTP_X_SAPO_HMAC_SHA256": base64_signature(body, secret),
            "HTTP_X_SAPO_TOPIC": topic or "inventory_levels/update",
        }
    return {
        "HTTP_X_HARAVAN_HMACSHA256": base64_signature(body, secret),
        "HTTP_X_HARAVAN_TOPIC": topic or "inventorylocations/update",
    }


def as_body(data) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()


def kiotviet_token(http, *, token: str = "token-1", expires_in: int = 86400):
    body = fixture("kiotviet_token.json")
    body.update(access_token=token, expires_in=expires_in)
    return http.post(KIOTVIET_TOKEN, json=body)
