"""`make serve` from a checkout: gunicorn under production settings, static files from
WhiteNoise, /healthz answering (it is what load balancers probe)."""

import http.client
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, **headers):
    """(status, headers, body) without following redirects."""
    parsed = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=5)
    try:
        connection.request("GET", parsed.path, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.fixture
def served(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "WEB_CONCURRENCY": "1",
    }
    env.pop("CELERY_BROKER_URL", None)
    env.pop("REDIS_URL", None)
    process = subprocess.Popen(
        ["make", "--no-print-directory", "serve", "HOST=127.0.0.1", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # make, gunicorn and its workers stop together
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(process.stdout.read().decode(errors="replace")[-3000:])
            try:
                get(f"{base}/healthz")
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("make serve did not answer within 120 s")
        yield base
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


def test_make_serve_answers_healthz_and_serves_static_files(served):
    status, headers, body = get(f"{served}/healthz")
    assert status == 200, body
    assert b'"status": "ok"' in body and headers.get("X-Request-ID")
    # Behind the load balancer's TLS: plain HTTP is redirected, forwarded HTTPS is served.
    assert get(f"{served}/graphql/")[0] == 301
    status, headers, _body = get(
        f"{served}/static/storefront/site.css", **{"X-Forwarded-Proto": "https"}
    )
    assert status == 200 and "max-age" in headers.get("Cache-Control", "")
