"""Read-only requests may read from a PostgreSQL replica (DATABASE_REPLICA_URL); writes, locked
reads and everything inside a transaction stay on the primary."""

from django.db import connections

from marketplace.core.request_context import read_only


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        # In a transaction (every service, every select_for_update) the primary must answer:
        # a replica lags, and a lock taken there would protect nothing.
        if read_only.get() and not connections["default"].in_atomic_block:
            return "replica"
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"
