"""Every row lock lives in its app's `lock_objects.py` (as Saleor's lock_objects): no other
project module calls `select_for_update`. Read with `ast`, without importing anything: an
attribute access named `select_for_update` counts, a comment or a string mentioning it does
not (`marketplace/db_router.py` only mentions it in a comment)."""

import ast
from pathlib import Path

from tests.marketplace.project import PACKAGES, ROOT

LOCK_MODULE = "lock_objects.py"


def project_files(root: Path = ROOT, packages=PACKAGES) -> list[Path]:
    """Every non-test, non-migration module of the project packages."""
    files = []
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).parts
            if "migrations" in parts or "tests" in parts or path.name.startswith("test_"):
                continue
            files.append(path)
    return files


def lock_calls(source: str) -> list[int]:
    """The lines where `source` reaches an attribute named select_for_update."""
    return sorted(
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute) and node.attr == "select_for_update"
    )


def inline_locks(root: Path = ROOT, packages=PACKAGES) -> list[str]:
    """`path:line` of every select_for_update outside a lock_objects module."""
    return [
        f"{path.relative_to(root).as_posix()}:{line}"
        for path in project_files(root, packages)
        if path.name != LOCK_MODULE
        for line in lock_calls(path.read_text(encoding="utf-8"))
    ]


def test_row_locks_live_in_lock_objects_modules():
    assert not inline_locks(), "move these row locks into the app's lock_objects.py"


def test_the_scan_reads_the_project():
    files = {path.relative_to(ROOT).as_posix() for path in project_files()}
    assert "marketplace/db_router.py" in files
    assert "orders/lock_objects.py" in files
    assert not any("migrations" in name or "/tests/" in name for name in files)
    locks = lock_calls((ROOT / "orders" / LOCK_MODULE).read_text(encoding="utf-8"))
    assert locks  # the lock modules themselves are where the locks are found


def test_only_attribute_access_counts():
    source = (
        "# select_for_update in a comment\n"
        'NOTE = "select_for_update in a string"\n'
        "def lock(qs):\n"
        "    return qs.select_for_update(skip_locked=True)\n"
        "method = Model.objects.select_for_update\n"
    )
    assert lock_calls(source) == [4, 5]


def test_an_inline_lock_outside_lock_objects_fails(tmp_path):
    app = tmp_path / "app"
    (app / "services").mkdir(parents=True)
    (app / "migrations").mkdir()
    (app / "lock_objects.py").write_text("def lock(qs):\n    return qs.select_for_update()\n")
    (app / "services" / "things.py").write_text("x = 1\n\n\ny = T.objects.select_for_update()\n")
    (app / "migrations" / "0001_initial.py").write_text("T.objects.select_for_update()\n")
    (app / "test_things.py").write_text("T.objects.select_for_update()\n")
    assert inline_locks(tmp_path, ("app",)) == ["app/services/things.py:4"]
