"""What the hostile-input tests share: every attempt is counted, and each is checked the same
way, as a user of the API or of the pages would notice it: a clear refusal with a code, never a
server error. The totals are printed at the end of the run (see conftest.py)."""

import json
from dataclasses import dataclass, field

from tests.assertions import nothing_written  # noqa: F401  (the other half of every case)

ERRORS = "errors { field code message }"


@dataclass
class Tally:
    attempts: int = 0
    refused: int = 0
    answered: int = 0  # harmless and answered as such (a cursor past the end: an empty page)
    server_errors: int = 0
    notes: list[str] = field(default_factory=list)  # figures worth reporting (timings)

    def lines(self) -> list[str]:
        return [
            f"hostile inputs: {self.attempts} attempts, {self.refused} refused clearly, "
            f"{self.answered} harmless ones answered normally, {self.server_errors} answered "
            "with a server error (5xx or INTERNAL_ERROR)",
            *self.notes,
        ]


TALLY = Tally()


def _body(response) -> dict:
    try:
        return json.loads(response.content or b"{}")
    except ValueError:
        return {}


def _count(response) -> dict:
    TALLY.attempts += 1
    body = _body(response)
    codes = [(e.get("extensions") or {}).get("code") for e in body.get("errors") or []]
    if response.status_code >= 500 or "INTERNAL_ERROR" in codes:
        TALLY.server_errors += 1
        raise AssertionError(f"a server error: {response.status_code} {response.content[:2000]}")
    return body


def refused(response, *, status: int, code: str, says: str | None = None) -> dict:
    """Asserts a request-level refusal: `status`, and `code` as the first error's code; the
    message must say something (and `says`, when given). Returns the first error."""
    body = _count(response)
    assert response.status_code == status, (response.status_code, body)
    assert body.get("errors"), body
    error = body["errors"][0]
    assert (error.get("extensions") or {}).get("code") == code, body["errors"]
    assert len(error["message"]) > 10, error
    if says is not None:
        assert says in error["message"], error["message"]
    TALLY.refused += 1
    return error


def answered(response) -> dict:
    """Asserts a hostile request that harms nothing was answered normally (200, no error):
    a well-formed ID that names no row, a cursor past the end. Returns the body."""
    body = _count(response)
    assert response.status_code == 200 and not body.get("errors"), (response.status_code, body)
    TALLY.answered += 1
    return body


def payload_refused(response, mutation: str, code: str, field: str | None = None) -> dict:
    """Asserts a mutation answered 200 with `code` (on `field`, when given) among its payload
    errors, and nothing else in its payload. Returns that error."""
    body = _count(response)
    assert response.status_code == 200, (response.status_code, body)
    assert "errors" not in body, body["errors"]
    result = body["data"][mutation]
    matching = [
        e for e in result["errors"] if e["code"] == code and (field is None or e["field"] == field)
    ]
    assert matching, result["errors"]
    assert len(matching[0]["message"]) > 10, matching[0]
    assert all(value is None for key, value in result.items() if key != "errors"), result
    TALLY.refused += 1
    return matching[0]


def page_refused(response, *, says: str | None = None, status: int = 400) -> str:
    """Asserts a web form was answered with itself and its errors (400), not a 5xx; returns the
    page's text."""
    TALLY.attempts += 1
    if response.status_code >= 500:
        TALLY.server_errors += 1
    assert response.status_code == status, response.status_code
    html = response.content.decode()
    if says is not None:
        assert says in html, says
    TALLY.refused += 1
    return html


def service_refused(call, code, field: str | None = None) -> str:
    """A hostile value handed straight to a service (what a page or a script would pass)."""
    from tests.assertions import refused as raises_service_error

    TALLY.attempts += 1
    message = raises_service_error(call, code, field)
    TALLY.refused += 1
    return message
