"""Outbox handler of search: index what services marked. Naturally idempotent: it indexes
whatever is marked when it runs, and nothing when nothing is."""

from marketplace.core.models import REINDEX_HANDLER
from marketplace.outbox.registry import handler
from search import services


@handler(REINDEX_HANDLER)
def index_requested_products() -> None:
    services.index_requested_products()
