"""The layering rules of the architecture, checked on every project module's imports.

Domain code (models, services, selectors, tasks, validators) never imports a higher app nor
any GraphQL or views module; selectors read and never import a service; and no two files
import each other, directly or round a longer loop. The imports are read with `ast`, without
importing anything: those at module level and those inside functions (lazy imports), with
relative imports resolved against the importing module's package.

A breach fails with the list of offending imports. An exception is allowed only in `ALLOWED`
below, with its reason; an unused entry fails too, so the list cannot go stale.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.marketplace.project import PACKAGES, ROOT

# Apps, lowest first: an app may import the apps at its own rank or below, never above.
# marketplace (core, accounts, geography, outbox) is the shared base every app builds on;
# vendors own the shops; catalog lists vendors' products; inventory counts catalog variants;
# orders sell inventory's stock; reviews are written by the buyers of delivered order lines;
# notifications tell shoppers of their orders' changes (orders name its handler, never import it);
# search is an index read-model of the catalogue and its stock,
# so it sits above the apps it reads (and none of them imports it); demo seeds every app;
# frontend_templates renders them all.
APP_RANKS = {
    "marketplace": 0,
    "vendors": 1,
    "catalog": 2,
    "inventory": 3,
    # vouchers: orders prices its checkouts and takes a use at completion through them.
    "promotions": 3.5,
    "orders": 4,
    "reviews": 5,
    "notifications": 5,
    "search": 6,
    "integrations": 7,
    "demo": 8,
    "frontend_templates": 9,
}

DOMAIN_KINDS = ("models", "services", "selectors", "tasks", "validators")
ADAPTER_KINDS = ("graphql", "views")

# The allowed exceptions: (importer, imported, rule) -> why, rule one of "higher-app",
# "adapter", "selector-service" or "cycle" (an import allowed to close a loop). Keep it short:
# fix before allowing. Empty: every breach the test found was fixed. (search.documents reading
# inventory.selectors is no exception: search is an index read-model above inventory.)
ALLOWED: dict[tuple[str, str, str], str] = {}


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    lineno: int
    lazy: bool  # inside a function: runs at call time, not at import time


# --- reading the imports ------------------------------------------------------------------


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules(root: Path = ROOT, packages=PACKAGES) -> dict[str, Path]:
    """Every non-test, non-migration module of the project packages, by dotted name."""
    modules = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).parts
            if "migrations" in parts or "tests" in parts or path.name.startswith("test_"):
                continue
            modules[module_name(path, root)] = path
    return modules


def _resolve(name: str, known: set[str]) -> str | None:
    """The longest known module `name` starts with (`a.b.func` -> `a.b`), or None."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in known:
            return candidate
        parts.pop()
    return None


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def read_imports(name: str, source: str, known: set[str], *, is_package: bool) -> list[Import]:
    """The project modules `name` imports. `from a import b` counts as importing `a.b` when
    that is a module, else `a`; the parent packages Python also runs on the way are not
    counted. Imports under `if TYPE_CHECKING:` never run and are skipped."""
    package = name if is_package else name.rpartition(".")[0]
    found: list[Import] = []

    def visit(node: ast.AST, lazy: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for orelse in child.orelse:
                    visit_one(orelse, lazy)
                continue
            visit_one(child, lazy)

    def visit_one(child: ast.AST, lazy: bool) -> None:
        if isinstance(child, ast.Import):
            for alias in child.names:
                add(alias.name, child.lineno, lazy)
        elif isinstance(child, ast.ImportFrom):
            base = child.module or ""
            if child.level:
                anchor = package.split(".") if package else []
                anchor = anchor[: len(anchor) - (child.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in child.names:
                add(f"{base}.{alias.name}" if alias.name != "*" else base, child.lineno, lazy)
        else:
            inner = lazy or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            visit(child, inner)

    def add(target: str, lineno: int, lazy: bool) -> None:
        resolved = _resolve(target, known)
        imp = Import(name, resolved, lineno, lazy)
        if resolved and resolved != name and imp not in found:
            found.append(imp)

    visit(ast.parse(source), False)
    return found


def import_graph(modules: dict[str, Path]) -> list[Import]:
    known = set(modules)
    imports = []
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        imports += read_imports(name, path.read_text(), known, is_package=is_package)
    return imports


# --- the rules ----------------------------------------------------------------------------


def app_of(module: str) -> str:
    return module.split(".")[0]


def kinds_of(module: str) -> set[str]:
    return {
        kind
        for part in module.split(".")
        for kind in DOMAIN_KINDS
        if part == kind or part.endswith(f"_{kind}")
    }


def is_domain(module: str) -> bool:
    return bool(kinds_of(module))


def is_adapter(module: str) -> bool:
    return any(
        part == kind or part.endswith(f"_{kind}")
        for part in module.split(".")
        for kind in ADAPTER_KINDS
    )


def layering_breaches(imports: list[Import], ranks=APP_RANKS) -> list[tuple[Import, str]]:
    """(import, rule) for each domain import of a higher app or an adapter (`higher-app`,
    `adapter`), and each selector importing a service (`selector-service`)."""
    breaches = []
    for imp in imports:
        if not is_domain(imp.importer):
            continue
        if ranks[app_of(imp.imported)] > ranks[app_of(imp.importer)]:
            breaches.append((imp, "higher-app"))
        if is_adapter(imp.imported):
            breaches.append((imp, "adapter"))
        if "selectors" in kinds_of(imp.importer) and "services" in kinds_of(imp.imported):
            breaches.append((imp, "selector-service"))
    return breaches


def import_cycles(imports: list[Import]) -> list[list[str]]:
    """The groups of files that import one another round a loop (strongly connected
    components of more than one file), each sorted."""
    graph: dict[str, set[str]] = {}
    for imp in imports:
        graph.setdefault(imp.importer, set()).add(imp.imported)
        graph.setdefault(imp.imported, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = 0

    # Iterative Tarjan: the project's graph is deep enough to trouble the recursion limit.
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        cycles.append(sorted(component))
    return sorted(cycles)


def cycle_edges(imports: list[Import], cycle: list[str]) -> list[Import]:
    members = set(cycle)
    return [imp for imp in imports if imp.importer in members and imp.imported in members]


def unallowed_breaches(imports, allowed, ranks=APP_RANKS):
    """The layering breaches not in `allowed`, and the non-cycle entries of `allowed` that no
    breach uses any more."""
    found, used = [], set()
    for imp, rule in layering_breaches(imports, ranks):
        key = (imp.importer, imp.imported, rule)
        if key in allowed:
            used.add(key)
        elif (imp, rule) not in found:
            found.append((imp, rule))
    stale = sorted(key for key in allowed if key[2] != "cycle" and key not in used)
    return found, stale


def unallowed_cycles(imports, allowed):
    """The loops left once the allowed imports are taken out, each with the imports forming
    it, and the allowed "cycle" imports that close no loop any more."""
    closing = {(a, b) for a, b, rule in allowed if rule == "cycle"}
    kept = [imp for imp in imports if (imp.importer, imp.imported) not in closing]
    cycles = [(cycle, cycle_edges(kept, cycle)) for cycle in import_cycles(kept)]
    stale = []
    for a, b in sorted(closing):
        restored = kept + [imp for imp in imports if (imp.importer, imp.imported) == (a, b)]
        if not any({a, b} <= set(cycle) for cycle in import_cycles(restored)):
            stale.append((a, b, "cycle"))
    return cycles, stale


# --- the project ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project_imports():
    return import_graph(project_modules())


def _describe(imp: Import) -> str:
    where = " (in a function)" if imp.lazy else ""
    return f"{imp.importer}:{imp.lineno} imports {imp.imported}{where}"


def test_the_checker_reads_the_project(project_imports):
    importers = {imp.importer for imp in project_imports}
    assert "orders.services.complete" in importers
    assert not any("migrations" in imp.importer for imp in project_imports)


def test_domain_modules_import_no_higher_app_and_no_adapter(project_imports):
    found, stale = unallowed_breaches(project_imports, ALLOWED)
    assert not found, "\n".join(f"{rule}: {_describe(imp)}" for imp, rule in found)
    assert not stale, f"allowlist entries no longer needed: {stale}"


def test_no_import_cycles_between_files(project_imports):
    """Lazy (function-level) imports count: a loop closed by one still knots the two files
    together, and hiding it in a function only moves the failure from import time to call
    time. A loop is allowed only by listing an import that closes it under "cycle"."""
    cycles, stale = unallowed_cycles(project_imports, ALLOWED)
    report = []
    for cycle, edges in cycles:
        report.append(" <-> ".join(cycle))
        report += [f"    {_describe(imp)}" for imp in edges]
    assert not cycles, "\n".join(report)
    assert not stale, f"allowlist entries no longer needed: {stale}"


# --- the checker itself, on small made-up projects ------------------------------------------

RANKS = {"low": 0, "high": 1}


def _project(tmp_path, files: dict[str, str]) -> list[Import]:
    for relative, source in files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    for package in {relative.split("/")[0] for relative in files}:
        (tmp_path / package / "__init__.py").touch()
    return import_graph(project_modules(tmp_path, ("low", "high")))


def _rules(imports):
    return sorted(
        (imp.importer, imp.imported, rule) for imp, rule in layering_breaches(imports, RANKS)
    )


def test_checker_resolves_absolute_relative_and_lazy_imports(tmp_path):
    imports = _project(
        tmp_path,
        {
            "low/services/__init__.py": "from .stock import reserve\n",
            "low/services/stock.py": "from ..models import Thing\nfrom . import helpers\n",
            "low/services/helpers.py": "def f():\n    import low.selectors\n",
            "low/models.py": "import os\nfrom django.db import models\n",
            "low/selectors.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n"
                "    from low.services import stock\n"
            ),
            "low/migrations/0001_initial.py": "from high.views import page\n",
            "low/tests/test_x.py": "from high.views import page\n",
        },
    )
    assert sorted((imp.importer, imp.imported, imp.lazy) for imp in imports) == [
        ("low.services", "low.services.stock", False),
        ("low.services.helpers", "low.selectors", True),
        ("low.services.stock", "low.models", False),
        ("low.services.stock", "low.services.helpers", False),
    ]


def test_checker_catches_a_domain_module_importing_a_higher_app(tmp_path):
    imports = _project(
        tmp_path,
        {
            "low/services.py": "def f():\n    from high.models import Order\n",
            "high/models.py": "from low.services import f\n",
            "low/admin.py": "from high.models import Order\n",  # not domain: allowed
        },
    )
    assert _rules(imports) == [("low.services", "high.models", "higher-app")]


def test_checker_catches_a_domain_module_importing_graphql_or_views(tmp_path):
    imports = _project(
        tmp_path,
        {
            "low/graphql/types.py": "",
            "low/views.py": "",
            "low/shop_views.py": "",
            "low/models/orders.py": "from low.graphql.types import T\n",
            "low/tasks.py": "from low import views\n",
            "low/validators.py": "from low.shop_views import page\n",
            "low/graphql/mutations.py": "from low.views import page\n",  # adapter: allowed
        },
    )
    assert _rules(imports) == [
        ("low.models.orders", "low.graphql.types", "adapter"),
        ("low.tasks", "low.views", "adapter"),
        ("low.validators", "low.shop_views", "adapter"),
    ]


def test_checker_catches_a_selector_importing_a_service(tmp_path):
    imports = _project(
        tmp_path,
        {
            "low/services/dates.py": "def today(): ...\n",
            "low/selectors.py": "from low.services.dates import today\n",
            "low/ledger_selectors.py": "from low.services import dates\n",
            "low/services/orders.py": "from low.selectors import x\n",  # service reads: allowed
        },
    )
    assert _rules(imports) == [
        ("low.ledger_selectors", "low.services.dates", "selector-service"),
        ("low.selectors", "low.services.dates", "selector-service"),
    ]


def test_checker_catches_import_cycles_lazy_ones_too(tmp_path):
    imports = _project(
        tmp_path,
        {
            "low/a.py": "from low import b\n",
            "low/b.py": "from low import c\n",
            "low/c.py": "def f():\n    from low.a import x\n",
            "low/d.py": "from low import a\n",  # imports into the loop, is not part of it
            "high/x.py": "import high.y\n",
            "high/y.py": "import high.x\n",
        },
    )
    assert import_cycles(imports) == [["high.x", "high.y"], ["low.a", "low.b", "low.c"]]
    closing = [imp for imp in cycle_edges(imports, ["low.a", "low.b", "low.c"]) if imp.lazy]
    assert [(imp.importer, imp.imported) for imp in closing] == [("low.c", "low.a")]


def test_checker_finds_nothing_in_a_clean_project(tmp_path):
    imports = _project(
        tmp_path,
        {
            "low/models.py": "",
            "low/selectors.py": "from low.models import Thing\n",
            "low/services.py": "from low.selectors import things\nfrom low.models import Thing\n",
            "high/services.py": "from low.services import make\n",
            "high/views.py": "from high.services import do\nfrom low.selectors import things\n",
        },
    )
    assert _rules(imports) == []
    assert import_cycles(imports) == []


def test_checker_allows_only_what_the_allowlist_names_and_flags_stale_entries(tmp_path):
    imports = _project(
        tmp_path,
        {
            "low/services.py": "from high.models import Order\n",
            "low/selectors.py": "from low.models import Thing\n",
            "low/models.py": "",
            "high/models.py": "",
            "high/a.py": "import high.b\n",
            "high/b.py": "def f():\n    import high.a\n",
        },
    )
    allowed = {
        ("low.services", "high.models", "higher-app"): "why",
        ("low.selectors", "low.services", "selector-service"): "no longer needed",
        ("high.b", "high.a", "cycle"): "why",
        ("high.a", "low.models", "cycle"): "closes no loop",
    }
    assert unallowed_breaches(imports, allowed, RANKS) == (
        [],
        [("low.selectors", "low.services", "selector-service")],
    )
    assert unallowed_cycles(imports, allowed) == ([], [("high.a", "low.models", "cycle")])
    cycles, _stale = unallowed_cycles(imports, {})
    assert [cycle for cycle, _edges in cycles] == [["high.a", "high.b"]]
