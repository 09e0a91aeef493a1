"""Benchmark: a mixed storefront + checkout + stockSync load with locust, against gunicorn on
PostgreSQL.

    .venv/bin/python bench/load.py [--users 30 --duration 60]     # or: make bench-load

Prepares a PostgreSQL database (BENCH_DATABASE_URL, default ocop_bench_load; created, migrated
and seeded with the demo catalogue if needed, then kept) as bench/checkout.py does: shipping
for every producer, plenty of warehouse stock. The showroom holding the most SKUs becomes the
device's: for its SKUs the warehouses have nothing left, so shoppers' orders allocate from the
same stock rows that its device sets. Gives that showroom a new device token, collects the
static files, starts gunicorn, and runs bench/locustfile.py headless for `--duration` seconds:
anonymous browsers, shoppers checking out with cash on delivery and the showroom's device. It
prints throughput (requests/s, completed orders/s), p50/p95 per request type, failures, HTTP
5xx and other non-2xx answers, and writes CSV files to artifacts/bench-load/. Any 5xx is
reported loudly; the benchmark itself never fails.
"""

import argparse
import os
import shutil
import subprocess
import sys

from checkout import prepare
from common import (
    LOCUST,
    ROOT,
    Server,
    default_database,
    free_port,
    locust_command,
    with_static_files,
)
from datasets import device_token, shared_showroom

ARTIFACTS = ROOT / "artifacts" / "bench-load"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=default_database("ocop_bench_load"))
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started per second")
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) + 1)
    parser.add_argument("--sync-batch", type=int, default=25, help="SKUs per stockSync")
    parser.add_argument("--port", type=int, default=0, help="default: a free one")
    args = parser.parse_args()
    if not LOCUST.exists():
        sys.exit("locust is not installed: make bench-setup (pip install -e '.[bench]')")

    # Emails go nowhere: a worker would send them; here they would only cost the web process.
    # The server logs errors only, so that locust's output stays readable.
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "ERROR"),
    }
    prepare(args.database_url, env)
    shared = shared_showroom()
    token = device_token(shared.location)
    print(f"{shared.location.name}: {len(shared.skus)} SKUs that the device sets and shoppers buy")
    env = with_static_files(env)
    port = args.port or free_port()
    server = Server(port, args.workers, env)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        print(f"gunicorn: {args.workers} workers; locust: {args.users} users for {args.duration} s")
        command = locust_command(
            host=f"http://127.0.0.1:{port}",
            users=args.users,
            spawn_rate=args.spawn_rate,
            duration=args.duration,
            csv_prefix=ARTIFACTS / "locust",
        )
        locust_env = {
            **os.environ,
            "OCOP_LOAD_DEVICE_TOKEN": token,
            "OCOP_LOAD_SYNC_BATCH": str(args.sync_batch),
            "OCOP_LOAD_SUMMARY_CSV": str(ARTIFACTS / "summary.csv"),
        }
        finished = subprocess.run(command, cwd=ROOT, env=locust_env)
        print(f"locust's own CSV files: {ARTIFACTS}/locust_*.csv")
    finally:
        server.stop()
        shutil.rmtree(env["STATIC_ROOT"], ignore_errors=True)
    sys.exit(finished.returncode)


if __name__ == "__main__":
    main()
