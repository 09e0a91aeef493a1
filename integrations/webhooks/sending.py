"""One HTTP attempt of a delivery, to the address the SSRF guard checked.

urllib3 (requests' transport) directly, because it lets the connection go to the checked IP
while TLS still verifies the certificate for the host name (`server_hostname` and
`assert_hostname`): requests would resolve the name again. Redirects are not followed (a
redirect could point anywhere, private addresses included).
"""

import ssl
import time
from dataclasses import dataclass

import urllib3
from django.conf import settings

from integrations.webhooks.models import RESPONSE_BODY_LIMIT
from integrations.webhooks.targets import Target


@dataclass(frozen=True)
class Answer:
    code: int | None  # None: no answer (timeout, connection error)
    body: str
    elapsed_ms: int
    error: str = ""

    @property
    def succeeded(self) -> bool:
        return self.code is not None and 200 <= self.code < 300

    @property
    def retryable(self) -> bool:
        """Timeouts, connection errors, 5xx and 429 are worth another try; other 4xx are the
        receiver refusing this request, which another try would not change."""
        return self.code is None or self.code >= 500 or self.code == 429


def _pool(target: Target, timeout: urllib3.Timeout):
    options = {"port": target.port, "timeout": timeout, "retries": False, "maxsize": 1}
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            target.address,
            server_hostname=target.host,
            assert_hostname=target.host,
            ssl_context=ssl.create_default_context(),  # the system's CAs, hostname checked
            **options,
        )
    return urllib3.HTTPConnectionPool(target.address, **options)


def post(target: Target, *, body: bytes, headers: dict) -> Answer:
    seconds = settings.WEBHOOKS_TIMEOUT_SECONDS
    timeout = urllib3.Timeout(connect=min(seconds, 5), read=seconds)
    default_port = 443 if target.scheme == "https" else 80
    host = target.host if target.port == default_port else f"{target.host}:{target.port}"
    started = time.monotonic()
    pool = _pool(target, timeout)
    try:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body,
            headers={**headers, "Host": host},
            redirect=False,
            preload_content=False,
            assert_same_host=False,
        )
        try:
            text = response.read(RESPONSE_BODY_LIMIT).decode("utf-8", "replace")
        finally:
            response.release_conn()
        code = response.status
        error = ""
    except urllib3.exceptions.HTTPError as exc:
        code, text, error = None, "", f"{type(exc).__name__}: {exc}"[:500]
    finally:
        pool.close()
    elapsed = int((time.monotonic() - started) * 1000)
    return Answer(code=code, body=text[:RESPONSE_BODY_LIMIT], elapsed_ms=elapsed, error=error)
