"""Real Celery worker processes for the tests that need one (tests/operations, tests/faults):
a broker that may be absent (the test skips and says why), a worker on its own queue against
the test's PostgreSQL database, and the test process handing its outbox messages to it."""

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from celery import Celery
from django.db import connection
from kombu import Connection

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/14")
AMQP_URL = os.environ.get("CELERY_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")


def broker_problem(url: str) -> str | None:
    """Why the broker at `url` cannot be used (None when it answers)."""
    try:
        with Connection(url, connect_timeout=2) as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # whatever the transport raises, the test skips with it
        return f"no broker at {url}: {type(exc).__name__}: {exc}"
    return None


def database_url(settings_dict=None) -> str:
    """The URL of the test's database, for a process of the project to use it too."""
    db = settings_dict or connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def eventually(check, timeout=60.0, pause=0.3) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(pause)
    return False


def unique_queue() -> str:
    """A queue of our own, so that parallel runs on one broker never take each other's tasks."""
    return f"ocop-test-{uuid.uuid4().hex[:12]}"


@dataclass
class Worker:
    process: subprocess.Popen
    broker_url: str
    queue: str
    mail_dir: Path
    log_path: Path

    def client(self) -> Celery:
        return Celery(broker=self.broker_url)

    def send_task(self, name, args=(), **options):
        """Send a task to this worker's queue (what the project's `app.send_task` does)."""
        options.pop("queue", None)
        options.pop("connection", None)  # the project's, to its own broker: use ours
        with self.client() as client:
            return client.send_task(name, args=list(args), queue=self.queue, **options)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def mails(self) -> str:
        return "".join(path.read_text() for path in sorted(self.mail_dir.glob("*.log")))


def worker_command(queue: str, *, pool: str, beat_schedule: Path | None) -> list[str]:
    command = [sys.executable, "-m", "celery", "-A", "marketplace", "worker", "-Q", queue,
               "-n", f"{queue}@%h", "--pool", pool, "--concurrency", "1", "--without-mingle",
               "--without-gossip", "--without-heartbeat", "-l", "info"]  # fmt: skip
    if beat_schedule:
        command += ["--beat", "--schedule", str(beat_schedule)]
    return command


@contextmanager
def celery_worker(
    *,
    broker_url: str,
    tmp_path: Path,
    queue: str | None = None,
    pool: str = "solo",
    beat: bool = False,
    env: dict | None = None,
    expect_errors: bool = False,
):
    """A worker process on `queue` (a new one unless given) of the broker, against the test's
    database, mailing into files; stopped afterwards, and its log must show no traceback
    unless `expect_errors`."""
    queue = queue or unique_queue()
    mail_dir, log_path = tmp_path / "mail", tmp_path / f"worker-{uuid.uuid4().hex[:6]}.log"
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "LOG_FORMAT": "text",
        **(env or {}),
    }
    command = worker_command(queue, pool=pool, beat_schedule=tmp_path / "beat" if beat else None)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
    worker = Worker(process, broker_url, queue, mail_dir, log_path)
    try:
        yield worker
    finally:
        stop(process)
        if not expect_errors:
            assert "Traceback" not in worker.log(), worker.log()[-3000:]


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def delete_queue(broker_url: str, queue: str) -> None:
    """Leave the shared broker as it was."""
    with Connection(broker_url, connect_timeout=2) as broker:
        broker.default_channel.queue_delete(queue)


def hand_over_to(worker: Worker, settings, monkeypatch) -> None:
    """The test process's outbox hands its messages to `worker` instead of running them."""
    from marketplace.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(app, "send_task", worker.send_task)
