"""Assertions shared across the test suite."""

from contextlib import contextmanager

import pytest

from marketplace.core.errors import ErrorCode, ServiceError


def refused(call, code: ErrorCode, field: str | None) -> str:
    """Assert `call` fails with exactly one error of `code` on `field`; return its message,
    which must say something (not an empty or one-word message)."""
    with pytest.raises(ServiceError) as exc:
        call()
    assert [(e.code, e.field) for e in exc.value.errors] == [(code, field)], exc.value.errors
    message = exc.value.errors[0].message
    assert len(message) > 10
    return message


# Rows a refused request must leave exactly as they were; reference data (provinces, communes,
# the OCOP taxonomy) is only counted, and the search index is derived from the rest.
_WATCHED_APPS = ("accounts", "vendors", "catalog", "inventory", "orders", "admin")
_COUNTED = {
    "geography.Province",
    "geography.LegacyProvince",
    "geography.Commune",
    "catalog.Category",
}


def _tables_state() -> dict[str, object]:
    from django.apps import apps

    state = {}
    for model in apps.get_models():
        label = model._meta.label
        if label in _COUNTED:
            state[label] = model.objects.count()
        elif model._meta.app_label in _WATCHED_APPS:
            state[label] = list(model.objects.order_by("pk").values())
    return state


@contextmanager
def nothing_written(*, except_in: tuple[str, ...] = ()):
    """Asserts that the block adds, removes and changes no row of the domain's tables (every
    column of every row compared, `updated_at` included), but those of the models labelled in
    `except_in` ("inventory.StockSyncRequest")."""
    before = _tables_state()
    yield
    after = _tables_state()
    changed = [
        label for label in before if before[label] != after[label] and label not in except_in
    ]
    assert not changed, f"rows changed in {changed}: " + "; ".join(
        f"{label}: {_difference(before[label], after[label])}" for label in changed
    )


def _difference(before, after) -> str:
    if isinstance(before, int):
        return f"{before} rows, then {after}"
    old = {row["id"]: row for row in before}
    new = {row["id"]: row for row in after}
    added = [new[pk] for pk in new.keys() - old.keys()]
    removed = [old[pk] for pk in old.keys() - new.keys()]
    updated = [
        {k: (old[pk][k], v) for k, v in new[pk].items() if old[pk][k] != v}
        for pk in new.keys() & old.keys()
        if old[pk] != new[pk]
    ]
    return f"added {added}, removed {removed}, updated {updated}"
