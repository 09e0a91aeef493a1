"""Celery tasks of inventory's POS connections and statistics: thin, they take IDs and call
one service; each is idempotent (an event applies once, a pull sets counts, a push is claimed
once, a warm-up overwrites)."""

from celery import shared_task

from inventory import statistics
from inventory.services import pos_ingest, pos_push
from marketplace.core.http import ExternalServiceError

# The POS was unreachable or rate-limited: try again with growing pauses.
POS_RETRY = {
    "autoretry_for": (ExternalServiceError,),
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "max_retries": 6,
}


@shared_task(ignore_result=True, **POS_RETRY)
def apply_pos_event(event_id: int) -> None:
    pos_ingest.pos_event_apply(event_id=event_id)


@shared_task(ignore_result=True)
def pull_pos_connection(connection_id: int, full: bool = False) -> None:
    pos_ingest.pos_connection_pull(connection_id=connection_id, full=full)


@shared_task(ignore_result=True)
def pull_all_pos_connections() -> int:
    """The beat entry (every 10 minutes): one pull task per connection, and failed pushes
    queued again."""
    pos_push.retry_failed_pushes()
    return pos_ingest.pos_pulls_queue()


@shared_task(ignore_result=True)
def push_pos_sale(push_id: int) -> None:
    pos_push.pos_sale_push_send(push_id=push_id)


@shared_task(ignore_result=True)
def warm_programme_statistics() -> int:
    """The beat entry: the default statistics views computed again before they expire."""
    return statistics.warm_programme_statistics()
