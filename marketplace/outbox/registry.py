"""Outbox handlers by name: `@handler("app.thing")` in an app's `outbox_handlers.py`."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Handler:
    name: str
    function: Callable[..., object]
    max_attempts: int | None = None  # None: OUTBOX_MAX_ATTEMPTS

    def run(self, payload: dict) -> None:
        self.function(**payload)


_handlers: dict[str, Handler] = {}


def handler(name: str, *, max_attempts: int | None = None):
    """Register the decorated function as the handler of messages named `name`."""

    def register(function):
        known = _handlers.get(name)
        if known is not None and _path(known.function) != _path(function):
            raise ImproperlyConfigured(f"Two outbox handlers are named {name!r}.")
        _handlers[name] = Handler(name, function, max_attempts)
        return function

    return register


def _path(function) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def get(name: str) -> Handler:
    try:
        return _handlers[name]
    except KeyError:
        raise LookupError(
            f"No outbox handler is named {name!r}; register one with "
            "@handler(...) in an app's outbox_handlers.py."
        ) from None
