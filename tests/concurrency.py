"""Helpers for tests that run real threads against PostgreSQL (marked `postgres`)."""

import threading
import time

from django.db import connection, transaction
from django.utils import translation


def run_in_threads(*calls):
    """Run each call in its own thread (its own connection), started together; return results
    or the exceptions they raised, in order. Threads speak the caller's language."""
    results = [None] * len(calls)
    barrier = threading.Barrier(len(calls))
    language = translation.get_language()

    def worker(index, call):
        try:
            with translation.override(language):
                barrier.wait(timeout=10)
                results[index] = call()
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return results


def wait_for_a_blocked_query(timeout=10.0):
    """Wait until another connection to this database waits for a lock."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # Inside a transaction PostgreSQL caches what pg_stat_activity shows; look afresh.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock' "
                "AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError("no other connection ever waited for our locks")


def holding_the_transaction(call, ready: threading.Event):
    """`call` in a transaction kept open until another connection is blocked behind it."""

    def run():
        with transaction.atomic():
            result = call()
            ready.set()
            wait_for_a_blocked_query()
        return result

    return run
