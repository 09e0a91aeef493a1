"""The generation of the browse cache (search/browse_cache.py): the backends start a new one
whenever they write the index, so every cached answer of the old one is forgotten at once, in
every process that shares the cache. Kept apart from the cache itself, which asks the backends."""

import uuid

from django.core.cache import cache

GENERATION_KEY = "search:browse:generation"


def new_generation() -> None:
    """Forget every cached answer (the index was just written)."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def current_generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        # Another process may have set one meanwhile: use whichever is stored.
        if not cache.add(GENERATION_KEY, generation, None):
            generation = cache.get(GENERATION_KEY) or generation
    return generation
