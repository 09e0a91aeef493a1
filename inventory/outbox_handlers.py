"""Outbox handler of inventory's statistics: after a change they count, compute the default
views again. Idempotent: it overwrites the same cache entries with what the rows say now."""

from inventory.statistics import warm_programme_statistics
from marketplace.core.statistics_cache import WARM_HANDLER
from marketplace.outbox.registry import handler


@handler(WARM_HANDLER)
def warm_statistics() -> None:
    warm_programme_statistics()
