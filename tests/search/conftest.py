"""Every behaviour test runs against every available backend: the database backend always,
Elasticsearch when ELASTICSEARCH_URL points at a server."""

import os

import pytest

from search.backends import get_backend
from search.services import rebuild_index
from tests.search.catalogue import build_catalogue

BACKENDS = ["database", "elasticsearch"]


@pytest.fixture(params=BACKENDS)
def backend(request, settings, db):
    """The backend under test, chosen through SEARCH_BACKEND as the application does."""
    if request.param == "elasticsearch":
        url = os.environ.get("ELASTICSEARCH_URL")
        if not url:
            pytest.skip("needs Elasticsearch (set ELASTICSEARCH_URL=http://...)")
        settings.ELASTICSEARCH_URL = url
        settings.ELASTICSEARCH_INDEX_PREFIX = f"ocop-test-{os.getpid()}"
    settings.SEARCH_BACKEND = request.param
    get_backend.cache_clear()
    yield get_backend()
    get_backend.cache_clear()


@pytest.fixture
def catalogue(backend):
    """The test catalogue, indexed in full by the backend under test."""
    built = build_catalogue()
    rebuild_index()
    return built
