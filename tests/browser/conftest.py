"""Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's
live server. Every test here is marked `browser` and skipped, with the reason, when Chromium or
Playwright is missing. Screenshots go to artifacts/browser/<test>/ (git-ignored)."""

import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "browser"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
TIMEOUT_MS = 15_000

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # the dev extras are not installed
    sync_playwright = None

HERE = Path(__file__).resolve().parent


def _missing() -> str | None:
    if sync_playwright is None:
        return "Playwright is not installed (pip install -e '.[dev]')"
    if not CHROMIUM.exists():
        return "Chromium is not installed at /usr/bin/chromium (apt-get install chromium)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _missing()
    for item in items:
        if HERE not in Path(item.path).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's outcome on the test, so that a page fixture can tell it failed."""
    report = yield
    setattr(item, f"outcome_{report.when}", report)
    return report


# Every page reports Content-Security-Policy violations to the test (`page.csp_violations`): the
# event from each document (the init script runs in every page the journey opens) and Chromium's
# console message ("Refused to execute inline script ... Content Security Policy ...").
_REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} on ${document.URL}` +
    ` (${event.sourceFile}:${event.lineNumber} ${event.sample})`
  );
});
"""


def _watch_csp(context, page) -> list[str]:
    violations: list[str] = []
    context.expose_function("reportCspViolation", lambda text: violations.append(text))
    context.add_init_script(_REPORT_CSP_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def _close(context, page, request) -> None:
    """Close the page, saving what it showed when the test failed (for the CI artifacts); a
    journey that met a Content-Security-Policy violation fails here."""
    outcome = getattr(request.node, "outcome_call", None)
    if outcome is not None and outcome.failed:
        folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / "failed.png"), full_page=True)
    violations = list(page.csp_violations)
    context.close()
    assert violations == [], "Content-Security-Policy violations on this journey"


@pytest.fixture
def browser(live_server, transactional_db, django_db_serialized_rollback, monkeypatch):
    """Chromium, started for each test after its database is ready.

    The live server answers from another thread, so the data are committed (transactional_db)
    and the flush after each test empties the geography and taxonomy that migrations load:
    serialized rollback puts them back. Not a session-wide browser: while Playwright's sync API
    runs, the test's code sees other database connection objects (Django keeps them per
    context), and one started early made the next tests' restore miss, leaving them no
    communes. Launching takes well under a second."""
    # Playwright's sync API runs an event loop in this thread, which trips Django's async-unsafe
    # check for the ORM calls the test makes to arrange data and check results. Only for this
    # test: a process it starts (manage.py check --deploy) must not inherit it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox"], headless=True
        )
        yield chromium
        chromium.close()
        # Connections the test opened under Playwright are not the test run's own: close them,
        # or PostgreSQL refuses to drop the test database at the end.
        connections.close_all()


@pytest.fixture
def page_language():
    """The page language: Vietnamese, the site's default. A module overrides this fixture with
    "en" to drive pages whose Vietnamese wording is not settled yet; like a visitor who used
    the language switch, it gets the language cookie (pages ignore the browser's language)."""
    return "vi"


def _page(browser, viewport, base_url, language):
    context = browser.new_context(
        viewport=viewport, base_url=base_url, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
    )
    if language != settings.LANGUAGE_CODE:
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}]
        )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.csp_violations = _watch_csp(context, page)
    return context, page


@pytest.fixture
def phone_page(browser, live_server, page_language, request):
    """A page 360 px wide, the phone most shoppers use."""
    context, page = _page(browser, PHONE, live_server.url, page_language)
    yield page
    _close(context, page, request)


@pytest.fixture
def desktop_page(browser, live_server, page_language, request):
    """A desktop-wide page, the showroom counter's and the producer's office computer."""
    context, page = _page(browser, DESKTOP, live_server.url, page_language)
    yield page
    _close(context, page, request)


class Shots:
    """Numbered screenshots of one test's steps: artifacts/browser/<test>/<n>-<name>.png."""

    def __init__(self, test_name: str):
        self.folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", test_name)
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def __call__(self, page, name: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def shot(request):
    """`shot(page, "cart")` saves the page as the test's next numbered screenshot."""
    return Shots(request.node.name)


@pytest.fixture
def open_page(browser, live_server, page_language, request):
    """`open_page({"width": 390, "height": 844})` opens a page of that size in a context of its
    own (its own cookies: one visitor each), closed, like the others, at the end of the test."""
    opened = []

    def open_one(viewport):
        context, page = _page(browser, viewport, live_server.url, page_language)
        opened.append((context, page))
        return page

    yield open_one
    for context, page in opened:
        _close(context, page, request)
