import pytest


@pytest.fixture(autouse=True)
def _warm_header_cache(request, _empty_cache):
    """The pages' query budgets are for a warm cache, as in production: the header's sector menu
    is kept in the cache for ten minutes, so only the first page after that pays its query
    (tests/frontend/test_header.py pins both costs)."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("db")
    from frontend_templates.shell import sectors

    sectors()
