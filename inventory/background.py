"""Work queued for after the transaction commits.

The one place inventory's services queue Celery tasks: a task queued inside a transaction that
rolls back must never run, and one queued before the commit could read rows not yet visible.
When the transactional outbox lands, this is the function to switch over to it."""

from django.db import transaction
from django.utils.module_loading import import_string


def enqueue_after_commit(task_path: str, *args) -> None:
    """Queue the Celery task at `task_path` ("inventory.tasks.x") with `args` once the current
    transaction commits (at once outside one). Named by path: services never import tasks,
    which import services."""
    # robust: with tasks run inline (no broker) a failing task is logged, never raised into
    # the request that queued it (a webhook must still answer 2xx).
    transaction.on_commit(lambda: import_string(task_path).delay(*args), robust=True)
