"""What the benchmarks share: the bench database, manage.py, gunicorn, one GraphQL request and
percentiles.

The scripts in bench/ run as `python bench/x.py`, so this folder is on sys.path and they
`from common import ...`. Nothing here imports Django at module level: the scripts that work
in-process call `django_setup()` first.
"""

import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
LOCUST = ROOT / ".venv" / "bin" / "locust"  # only with the `bench` extra: make bench-setup
SECRET_KEY = "bench-only-secret-key-0123456789"


def default_database(name: str) -> str:
    """BENCH_DATABASE_URL, or the local PostgreSQL database `name`."""
    return os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{name}")


def manage(*args: str, env: dict) -> str:
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def create_database(database_url: str) -> None:
    """Creates the PostgreSQL database of `database_url` if it does not exist yet."""
    import psycopg

    parsed = urllib.parse.urlparse(database_url)
    name = parsed.path.lstrip("/")
    admin_url = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return
        print(f"creating database {name}")
        connection.execute(f'CREATE DATABASE "{name}"')


def ensure_database(database_url: str, products: int, env: dict) -> None:
    """Created and migrated, with at least `products` generated products (kept for next time)."""
    create_database(database_url)
    manage("migrate", "--noinput", env=env)
    if not products:
        return
    count = int(
        manage(
            "shell", "-c", "from catalog.models import Product; print(Product.objects.count())",
            env=env,
        ).strip().splitlines()[-1]
    )  # fmt: skip
    if count < products:
        print(f"generating {products - count} products (once; the database is kept)")
        manage("generate_catalogue", "--products", str(products - count), "--seed", "1", env=env)


def django_setup(database_url: str) -> None:
    """Django in this process, with production settings over plain HTTP on the loopback."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("SECRET_KEY", SECRET_KEY)
    import django

    django.setup()


def production_env(env: dict) -> dict:
    """Production settings, over plain HTTP on the loopback (no TLS to redirect to), with the
    SQL query count in a header."""
    return {**env, "SQL_QUERY_COUNT_HEADER": "1", "DEBUG": "0", "SECURE_SSL_REDIRECT": "0",
            "LOG_FORMAT": "text", "SECRET_KEY": env.get("SECRET_KEY", SECRET_KEY)}  # fmt: skip


def with_static_files(env: dict) -> dict:
    """`env` with STATIC_ROOT in a new temporary folder holding the collected static files,
    which pages need without DEBUG (hashed names from the manifest)."""
    env = {**env, "STATIC_ROOT": tempfile.mkdtemp(prefix="ocop-bench-static-")}
    manage("collectstatic", "--noinput", "-v", "0", env=production_env(env))
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1:`port`, ready when the constructor returns."""

    def __init__(self, port: int, workers: int, env: dict):
        self.port = port
        self.process = subprocess.Popen(
            [str(GUNICORN), "marketplace.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}",
             "--log-level", "warning"],
            cwd=ROOT, env=production_env(env),
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                post("127.0.0.1", port, "{ provinces(first: 1) { totalCount } }", {})
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        sys.exit("the server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def locust_command(*, host: str, users: int, spawn_rate: float, duration: int, csv_prefix: Path):
    """bench/locustfile.py headless for `duration` seconds; a checkout or a sync under way
    then finishes (up to 30 s more). Failed requests do not change the exit code."""
    return [
        str(LOCUST), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
        "-u", str(users), "-r", str(spawn_rate), "-t", f"{duration}s", "--stop-timeout", "30",
        "--host", host, "--csv", str(csv_prefix), "--only-summary",
        "--exit-code-on-error", "0",
    ]  # fmt: skip


def post(host: str, port: int, query: str, variables: dict, connection=None, token=None):
    """(status, seconds, sql queries, body) of one GraphQL request, timed from encoding the
    request to reading the answer; `token` is sent as `Authorization: Bearer`."""
    connection = connection or http.client.HTTPConnection(host, port, timeout=30)
    headers = {"Content-Type": "application/json", "Host": "127.0.0.1"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    started = time.perf_counter()
    body = json.dumps({"query": query, "variables": variables})
    connection.request("POST", "/graphql/", body, headers)
    response = connection.getresponse()
    payload = response.read()
    elapsed = time.perf_counter() - started
    return response.status, elapsed, int(response.getheader("X-SQL-Queries") or -1), payload


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]
