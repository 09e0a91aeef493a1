"""Celery tasks of the outbox: thin; each is idempotent (a message is claimed before it runs,
and done messages are skipped)."""

from celery import shared_task

from marketplace.outbox import delivery, dispatch


@shared_task(name=dispatch.DELIVER_TASK, ignore_result=True)
def deliver(message_id: int) -> str:
    return delivery.deliver(message_id=message_id)


@shared_task(ignore_result=True)
def sweep() -> int:
    return dispatch.sweep()


@shared_task(ignore_result=True)
def purge_done() -> int:
    return dispatch.purge_done()
