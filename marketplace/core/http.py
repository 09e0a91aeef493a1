"""One way to call other companies' HTTP APIs (POS systems, carriers, the national OCOP portal,
partners' webhook receivers): timeouts always, retries with exponential backoff and jitter on
timeouts, connection failures, 429 and 5xx (honouring `Retry-After`), and logs that name the
host, path, status and time but never headers, query strings or bodies (they carry tokens).

Connectors build a `ServiceClient` per provider and raise nothing but `ExternalServiceError`
to their callers, whose `kind` says what a caller can do about it.
"""

import logging
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from enum import StrEnum
from urllib.parse import urljoin, urlsplit

import requests

logger = logging.getLogger("marketplace.http")


class Failure(StrEnum):
    TIMEOUT = "timeout"  # no answer in time; the request may or may not have been applied
    UNAVAILABLE = "unavailable"  # connection refused or 5xx
    RATE_LIMITED = "rate_limited"  # 429 after every retry
    REJECTED = "rejected"  # 4xx: our request is wrong or our credentials are
    BAD_RESPONSE = "bad_response"  # an answer we cannot read (not JSON, wrong shape)


class ExternalServiceError(Exception):
    def __init__(
        self,
        service: str,
        kind: Failure,
        detail: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
    ):
        self.service, self.kind, self.status, self.retry_after = service, kind, status, retry_after
        super().__init__(f"{service}: {kind} ({status or '-'}): {detail}")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3  # in all, the first one included
    backoff_seconds: float = 0.5  # the first pause; doubles each time, with full jitter
    max_pause_seconds: float = 30.0  # also caps what a Retry-After may ask for
    statuses: frozenset[int] = field(default_factory=lambda: frozenset({429, 500, 502, 503, 504}))
    # A request that timed out may have been applied: retry it only when doing it twice is
    # harmless (reads, idempotent writes).
    retry_timeouts: bool = True

    def pause(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.max_pause_seconds)
        ceiling = min(self.backoff_seconds * 2 ** (attempt - 1), self.max_pause_seconds)
        return random.uniform(0, ceiling)


NO_RETRY = RetryPolicy(attempts=1)
# For a write that must not happen twice (a stock decrement, a shipment): only a 429, which
# the provider refused before doing anything, is tried again.
UNSAFE_WRITE = RetryPolicy(statuses=frozenset({429}), retry_timeouts=False)


class Throttle:
    """Keeps a client under a provider's rate limit before it answers 429: `wait()` runs before
    every request, `observe(response)` after every answer. The default throttles nothing."""

    def wait(self, sleep: Callable[[float], None]) -> None:
        return None

    def observe(self, response: requests.Response) -> None:
        return None


class CallLimitHeaderThrottle(Throttle):
    """A leaky bucket the provider reports in a header "used/size" after each call (the
    Shopify-style `X-Sapo-Api-Call-Limit: 32/40`, `X-Haravan-Api-Call-Limit: 10/80`): once the
    bucket is nearly full, pause long enough for `margin` calls to leak out at `leak_per_second`."""

    def __init__(self, header: str, *, leak_per_second: float, margin: int = 2):
        self.header, self.leak_per_second, self.margin = header, leak_per_second, margin
        self.used, self.size = 0, None

    def observe(self, response: requests.Response) -> None:
        value = response.headers.get(self.header, "")
        used, _slash, size = value.partition("/")
        if used.strip().isdigit() and size.strip().isdigit():
            self.used, self.size = int(used), int(size)

    def wait(self, sleep: Callable[[float], None]) -> None:
        if self.size is None or self.used < self.size - self.margin:
            return
        excess = self.used - (self.size - self.margin) + 1
        sleep(excess / self.leak_per_second)
        self.used -= excess


class SpacingThrottle(Throttle):
    """At most `per_hour` calls an hour, spaced evenly (KiotViet allows 5,000 GETs an hour):
    a caller that would come too early waits for its turn."""

    def __init__(self, per_hour: int, clock: Callable[[], float] = time.monotonic):
        self.interval, self.clock, self.last = 3600.0 / per_hour, clock, None

    def wait(self, sleep: Callable[[float], None]) -> None:
        now = self.clock()
        if self.last is not None and now < self.last + self.interval:
            sleep(self.last + self.interval - now)
            now = self.last + self.interval
        self.last = now


def retry_after_seconds(value: str | None) -> float | None:
    """`Retry-After` is either seconds or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class ServiceClient:
    def __init__(
        self,
        *,
        service: str,
        base_url: str,
        timeout: float | tuple[float, float] = (3.05, 15),
        retry: RetryPolicy | None = None,
        headers: dict[str, str] | None = None,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        throttle: Throttle | None = None,
    ):
        self.service = service
        self.base_url = base_url.rstrip("/") + "/"
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.session = session or requests.Session()
        self.session.headers.update(headers or {})
        self.sleep = sleep
        self.throttle = throttle or Throttle()

    def url(self, path: str) -> str:
        return urljoin(self.base_url, path.lstrip("/"))

    def request(
        self,
        method: str,
        path: str,
        *,
        expected: Iterable[int] = (200, 201, 202, 204),
        retry: RetryPolicy | None = None,
        **kwargs,
    ) -> requests.Response:
        """Send, retrying what is worth retrying; answer the response or raise
        ExternalServiceError. `kwargs` go to requests (params, json, data, headers)."""
        policy, expected = retry or self.retry, set(expected)
        url = self.url(path)
        for attempt in range(1, policy.attempts + 1):
            last = attempt == policy.attempts
            self.throttle.wait(self.sleep)
            started = time.monotonic()
            try:
                response = self.session.request(method, url, timeout=self.timeout, **kwargs)
            except requests.Timeout as exc:
                self._log(method, url, None, started, attempt)
                if last or not policy.retry_timeouts:
                    raise ExternalServiceError(self.service, Failure.TIMEOUT, str(exc)) from exc
                self.sleep(policy.pause(attempt, None))
                continue
            except requests.RequestException as exc:
                self._log(method, url, None, started, attempt)
                if last:
                    raise ExternalServiceError(self.service, Failure.UNAVAILABLE, str(exc)) from exc
                self.sleep(policy.pause(attempt, None))
                continue
            self._log(method, url, response.status_code, started, attempt)
            self.throttle.observe(response)
            if response.status_code in expected:
                return response
            retry_after = retry_after_seconds(response.headers.get("Retry-After"))
            if response.status_code in policy.statuses and not last:
                self.sleep(policy.pause(attempt, retry_after))
                continue
            raise self._error_for(response, retry_after)
        raise AssertionError("unreachable")  # pragma: no cover

    def json(self, method: str, path: str, **kwargs):
        """`request`, then the body as JSON (BAD_RESPONSE when it is not)."""
        response = self.request(method, path, **kwargs)
        try:
            return response.json()
        except ValueError as exc:
            raise ExternalServiceError(
                self.service, Failure.BAD_RESPONSE, "the answer is not JSON",
                status=response.status_code,
            ) from exc  # fmt: skip

    def _error_for(self, response: requests.Response, retry_after: float | None):
        status = response.status_code
        if status == 429:
            kind = Failure.RATE_LIMITED
        elif status >= 500:
            kind = Failure.UNAVAILABLE
        elif status >= 400:
            kind = Failure.REJECTED
        else:
            kind = Failure.BAD_RESPONSE
        # The first bytes of the body help whoever reads the error; they never hold our secrets.
        detail = response.text[:300] if response.text else response.reason or ""
        return ExternalServiceError(
            self.service, kind, detail, status=status, retry_after=retry_after
        )

    def _log(self, method, url, status, started, attempt) -> None:
        parts = urlsplit(url)  # host and path only: query strings may carry tokens
        logger.info(
            "%s %s %s%s -> %s in %.0f ms (attempt %d)",
            self.service, method, parts.netloc, parts.path, status or "no answer",
            (time.monotonic() - started) * 1000, attempt,
        )  # fmt: skip
