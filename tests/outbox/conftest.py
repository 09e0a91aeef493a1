import pytest

from tests.outbox import support


@pytest.fixture(autouse=True)
def _fresh_handlers():
    support.calls.clear()
    support.failures["left"] = 0
    yield


@pytest.fixture
def broker(settings, monkeypatch):
    """A configured broker (faked): messages are handed over instead of run here."""
    from marketplace.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    fake = support.FakeBroker()
    monkeypatch.setattr(app, "send_task", fake.send_task)
    return fake


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what waits for the commit at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
