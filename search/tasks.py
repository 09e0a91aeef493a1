"""Celery tasks of search: thin, they call the services."""

from celery import shared_task

from catalog.services.certificate_expiry import refresh_expired_certificates
from search import services


@shared_task(ignore_result=True)
def index_requested_products() -> int:
    return services.index_requested_products()


@shared_task(ignore_result=True)
def reindex_products_with_expired_certificates() -> int:
    """Daily: products whose certificate just expired drop their stars from the index too
    (pages compute stars on read and need nothing)."""
    refresh_expired_certificates()
    return services.index_requested_products()
