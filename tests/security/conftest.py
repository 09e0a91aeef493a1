"""The hostile-input suite: each case sends what an attacker (or a careless client) would, over
HTTP through the real endpoint and pages, and asserts the clear refusal and that nothing
changed. The run ends with the totals: attempts, clear refusals and server errors (always 0)."""

from tests.security.support import TALLY


def pytest_terminal_summary(terminalreporter):
    if TALLY.attempts:
        terminalreporter.write_sep("-", "tests/security")
        for line in TALLY.lines():
            terminalreporter.write_line(line)
