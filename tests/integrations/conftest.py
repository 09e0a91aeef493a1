import pytest

from tests.integrations.support import ALL_SCOPES, app_with_token


@pytest.fixture
def producer_app(vendor):
    """An app of `vendor` with every scope: (app, token, raw)."""
    return app_with_token(producer=vendor, scopes=ALL_SCOPES, name="Website HTX")
