"""Outbox handlers the tests register (once, on import), and a broker that can be down."""

from marketplace.outbox.dispatch import DELIVER_TASK
from marketplace.outbox.registry import handler
from tests.factories import UserFactory

calls: list[dict] = []
failures = {"left": 0}


@handler("tests.record")
def record(**payload) -> None:
    calls.append(payload)


@handler("tests.flaky")
def flaky(**payload) -> None:
    """Writes a row, then fails while `failures["left"]` lasts."""
    UserFactory(email=f"flaky-{len(calls)}-{failures['left']}@example.vn")
    if failures["left"] > 0:
        failures["left"] -= 1
        raise ConnectionError("the partner does not answer")
    calls.append(payload)


@handler("tests.once", max_attempts=1)
def once(**payload) -> None:
    raise ValueError("never works")


class FakeBroker:
    """Stands in for `app.send_task`: records what was handed over, or refuses when down."""

    def __init__(self):
        self.sent: list[int] = []
        self.down = False

    def send_task(self, name, args=(), **options):
        assert name == DELIVER_TASK and options.get("retry") is False
        if self.down:
            raise ConnectionRefusedError("Error 111 connecting to 127.0.0.1:6379")
        self.sent.append(args[0])
