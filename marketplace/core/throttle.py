"""Fixed-window request counters in the shared cache, for public endpoints that anyone may call
(the certificate lookup) but nobody should be able to scrape or hammer.

`cache.add` then `cache.incr` is atomic on Redis (INCR) and on the local-memory cache (a lock),
so concurrent requests from one address never both slip under the limit. The key names the
window, so a counter expires with it and no clean-up is needed.
"""

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Allowance:
    allowed: bool
    count: int
    limit: int
    retry_after: int  # seconds until the window ends


def client_address(request) -> str:
    """The address a request came from. Behind a proxy the deployment sets REMOTE_ADDR from the
    trusted X-Forwarded-For (see docs/deploy.md); the header itself is never trusted here."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def hit(scope: str, client: str, *, limit: int, window_seconds: int, now=None) -> Allowance:
    """Count one request of `client` in `scope` and say whether it is within `limit` per
    `window_seconds`."""
    now = time.time() if now is None else now
    window = int(now // window_seconds)
    digest = hashlib.sha256(client.encode()).hexdigest()[:32]  # any text, short plain keys
    key = f"throttle:{scope}:{digest}:{window}"
    cache.add(key, 0, timeout=window_seconds * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr: this request starts the window again
        cache.set(key, 1, timeout=window_seconds * 2)
        count = 1
    retry_after = max(1, int((window + 1) * window_seconds - now))
    return Allowance(count <= limit, count, limit, retry_after)
