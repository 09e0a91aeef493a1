"""The generation of the cached programme statistics (inventory.statistics).

Every cached answer's key holds the current generation, so a change the statistics count
drops all of them at once by drawing a new one: whatever filters and groupings were asked,
the next answer is computed again. It lives in the shared core because the services that make
those changes (vendors: certificates reviewed or revoked, producers suspended; catalog:
products published, withdrawn or linked to another certificate) sit below inventory, which
keeps the answers.
"""

import secrets

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "ocop-statistics:generation"
WARM_HANDLER = "inventory.warm_programme_statistics"


def generation() -> str:
    """The current generation; a new one when the cache has none (evicted or flushed), so an
    answer kept under an older one is never read again."""
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        current = cache.get(GENERATION_KEY) or ""
    return current


def new_generation() -> None:
    cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)


def statistics_changed() -> None:
    """Call inside the transaction of the change. Once it commits the cached answers are
    dropped, and the outbox has the page's default views computed again (an answer being
    computed meanwhile from the old rows is kept under the old generation, never read)."""
    from marketplace.outbox.services import enqueue

    transaction.on_commit(new_generation)
    enqueue(handler=WARM_HANDLER, payload={})
