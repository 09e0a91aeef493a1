"""Private PostgreSQL and Redis servers for the fault tests, in temporary folders on free
ports, so that they can be stopped and restarted without touching the shared ones (5432,
6379). Each says why it cannot start, and the test skips with that."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def _pg_bin() -> Path:
    """PG_BIN, else the newest Debian PostgreSQL, else wherever `initdb` is on the PATH."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])

    def version(path: Path) -> list[int]:
        return [int(part) for part in path.parent.name.split(".") if part.isdigit()]

    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version)
    if debian:
        return debian[-1]
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else Path("/usr/lib/postgresql/15/bin")


PG_BIN = _pg_bin()


class Unavailable(Exception):
    """This machine cannot run the private server; the message says why."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise Unavailable(f"{what} did not come up within {timeout:.0f} s")


class PrivatePostgres:
    """`initdb` + `pg_ctl` on a free port. PostgreSQL refuses to run as root: as root the
    server runs as the `postgres` user (through `runuser`), in a folder it owns."""

    def __init__(self):
        if not (PG_BIN / "initdb").exists():
            raise Unavailable(f"no PostgreSQL server binaries in {PG_BIN} (set PG_BIN)")
        self.as_user = []
        if os.geteuid() == 0:
            if not shutil.which("runuser"):
                raise Unavailable("running as root without runuser: cannot start PostgreSQL")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.root = Path(tempfile.mkdtemp(prefix="ocop-faults-pg-"))
        self.port = free_port()
        if self.as_user:
            shutil.chown(self.root, user="postgres")

    def _run(self, tool: str, *args: str, timeout: float = 60) -> None:
        result = subprocess.run(
            [*self.as_user, str(PG_BIN / tool), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode:
            raise Unavailable(f"{tool} failed: {result.stderr.strip() or result.stdout.strip()}")

    def _ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        data, log = str(self.root / "data"), str(self.root / "server.log")
        self._run("pg_ctl", "-D", data, "-l", log, "-w", "-t", "60", "-o", options, *args)

    def start(self) -> "PrivatePostgres":
        if not (self.root / "data").exists():
            self._run("initdb", "-D", str(self.root / "data"), "-U", "postgres", "-A", "trust",
                      "-E", "UTF8", "--no-sync", timeout=120)  # fmt: skip
        self._ctl("start")
        return self

    def restart(self, mode: str) -> None:
        """`fast` ends every session and checkpoints; `immediate` kills the server outright, as
        a crash would, and it recovers from its write-ahead log on start."""
        self._ctl("restart", "-m", mode)

    def stop(self) -> None:
        try:
            self._ctl("stop", "-m", "immediate")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str, *, template: str = "template1") -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url(name)


class PrivateRedis:
    """`redis-server` on a free port, without persistence (as the shared one runs)."""

    def __init__(self):
        self.binary = shutil.which("redis-server")
        if not self.binary:
            raise Unavailable("redis-server is not installed")
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="ocop-faults-redis-"))
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def start(self) -> "PrivateRedis":
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.root)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        _wait(self.answers, 15, f"redis-server on port {self.port}")
        return self

    def stop(self) -> None:
        """Gone, with everything it held: it keeps nothing on disk."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        _wait(lambda: not self.answers(), 15, "the stop of redis-server")

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
