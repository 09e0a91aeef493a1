"""Choosing the search backend from SEARCH_BACKEND ("database" or "elasticsearch")."""

from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from search.backends.base import SearchBackend


@cache
def get_backend() -> SearchBackend:
    if settings.SEARCH_BACKEND == "elasticsearch":
        from search.backends.elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend.from_settings()
    from search.backends.database import DatabaseBackend

    return DatabaseBackend()


@receiver(setting_changed)
def _backend_setting_changed(*, setting, **kwargs):
    if setting in ("SEARCH_BACKEND", "ELASTICSEARCH_URL", "ELASTICSEARCH_INDEX_PREFIX"):
        get_backend.cache_clear()
