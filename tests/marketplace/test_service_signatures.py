"""Every public service function (a use case) takes keyword-only arguments (HackSoft
styleguide): `refund_part(vendor_order=..., actor=...)` reads the same at every call site and
a parameter can be added or reordered without silently shifting the others. Helpers that are
not use cases do not live in `services/` as public names: they start with an underscore or
live in a module outside `services/`. `**kwargs` is allowed (it is keyword-only); `*args` and
positional parameters are not."""

import importlib
import inspect

from tests.marketplace.project import PACKAGES, ROOT

# "module.function": why it may still take positional arguments. Keep it short.
ALLOWED: dict[str, str] = {}


def _service_modules() -> list[str]:
    paths = []
    for app in PACKAGES:
        paths += (ROOT / app).glob("**/services/**/*.py")
        paths += (ROOT / app).glob("**/services.py")
    names = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in paths
        if "migrations" not in path.parts
    }
    return sorted(names)


def _public_functions():
    for name in _service_modules():
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if attr.startswith("_") or not inspect.isfunction(value):
                continue
            if value.__module__ == module.__name__:  # defined here, not imported
                yield f"{name}.{attr}", value


def _positional(function) -> list[str]:
    return [
        parameter.name
        for parameter in inspect.signature(function).parameters.values()
        if parameter.kind not in (parameter.KEYWORD_ONLY, parameter.VAR_KEYWORD)
    ]


def test_the_service_modules_are_found():
    modules = _service_modules()
    assert "orders.services.refunds" in modules
    assert "marketplace.accounts.services" in modules
    assert len(list(_public_functions())) > 50


def test_every_public_service_function_takes_keyword_only_arguments():
    offenders = {
        qualified: _positional(function)
        for qualified, function in _public_functions()
        if _positional(function) and qualified not in ALLOWED
    }
    assert offenders == {}, (
        "Make these keyword-only (def f(*, ...)), or, if they are helpers rather than use "
        f"cases, prefix them with _ or move them out of services/: {offenders}"
    )


def test_the_allowlist_lists_only_what_still_needs_it():
    stale = []
    for qualified in sorted(ALLOWED):
        module_name, _, attr = qualified.rpartition(".")
        function = getattr(importlib.import_module(module_name), attr, None)
        if function is None or not _positional(function):
            stale.append(qualified)
    assert stale == [], f"gone or keyword-only now, drop them from ALLOWED: {stale}"
