"""Celery tasks of reviews: thin, they call the services; each is idempotent."""

from celery import shared_task

from reviews.services.ratings import sold_counts_refresh


@shared_task(ignore_result=True)
def refresh_sold_counts() -> int:
    return sold_counts_refresh()
