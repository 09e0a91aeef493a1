"""Celery tasks of search: thin, they call the services."""

from celery import shared_task
from django.db import transaction

from search import services


@shared_task(ignore_result=True)
def index_requested_products() -> int:
    return services.index_requested_products()


def refresh_soon() -> None:
    """After the current transaction commits, index what it marked: at once when tasks run
    inline, through the broker otherwise (the periodic task is the backstop)."""
    transaction.on_commit(index_requested_products.delay)
