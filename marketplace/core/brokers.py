"""Which Celery result backend goes with which broker (read by the settings)."""

REDIS_SCHEMES = ("redis://", "rediss://", "redis+socket://")


def is_redis(url: str) -> bool:
    return url.startswith(REDIS_SCHEMES)


def result_backend_for(*, broker_url: str, explicit: str = "") -> str | None:
    """`CELERY_RESULT_BACKEND` when set; else the broker's own Redis; else none.

    No task here keeps a result that anyone reads (they all ignore theirs, and the outbox
    records what became of its work in the database), so with RabbitMQ there is nothing to
    store. Celery 5 dropped the old `amqp://` result backend that deriving it from an
    `amqp://` broker URL used to give; `rpc://` only sends a result back to the process that
    sent the task, while it waits, which none of ours does. Set `CELERY_RESULT_BACKEND=rpc://`
    (or a Redis URL) to wait on results by hand.
    """
    if explicit:
        return explicit
    if broker_url and is_redis(broker_url):
        return broker_url
    return None
