"""Running the project (manage.py, tests/faults/shoppers.py) as its own process, against the
private servers: its own DATABASE_URL and CELERY_BROKER_URL, nothing shared inherited; and
reading what it left in its database."""

import json
import os
import subprocess
import sys

from tests.workers import ROOT

SHARED = ("CELERY_BROKER_URL", "REDIS_URL", "CACHE_URL", "DATABASE_REPLICA_URL")


def project_env(**settings: str) -> dict:
    env = {name: value for name, value in os.environ.items() if name not in SHARED}
    return {
        **env,
        "LOG_FORMAT": "text",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        **settings,
    }


def migrate(env: dict) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]


def shoppers_command(command: str, arguments: dict) -> list[str]:
    return [sys.executable, "-m", "tests.faults.shoppers", command, json.dumps(arguments)]


def run_shoppers(command: str, arguments: dict, *, env: dict, timeout=180) -> tuple[dict, str]:
    """(its JSON answer, its log); fails the test if it fails."""
    result = subprocess.run(
        shoppers_command(command, arguments),
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr


def sql(env: dict, query: str, *params) -> list[tuple]:
    """Rows of a query on the project process's database (the test process has its own)."""
    import psycopg

    with psycopg.connect(env["DATABASE_URL"]) as connection:  # commits on the way out
        cursor = connection.execute(query, params)
        return cursor.fetchall() if cursor.description else []


def pending_messages(env: dict) -> list[str]:
    """Handlers of the outbox messages not done (nor given up), sorted."""
    rows = sql(
        env,
        "SELECT handler FROM outbox_outboxmessage "
        "WHERE done_at IS NULL AND failed_at IS NULL ORDER BY handler",
    )
    return [handler for (handler,) in rows]
