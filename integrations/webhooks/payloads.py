"""The seam between the webhooks and the GraphQL schema they render payloads with.

A subscription's `query` is a GraphQL document run against the public schema with the event's
object as its root (as Saleor's subscription webhooks do), so partners choose their fields.
Checking and running documents is GraphQL work, done in integrations/graphql/
webhooks_payloads.py, which installs itself here when the integrations' outbox handlers load
(at start-up, in web and worker processes alike); the services only call through this seam,
so no domain module imports the GraphQL layer.
"""

from typing import Protocol

from django.core.exceptions import ImproperlyConfigured


class PayloadDocuments(Protocol):
    def default_document(self, events: list[str]) -> str:
        """The document used when a subscription gives none: a few fields of each event."""

    def document_errors(self, document: str, events: list[str]) -> list[str]:
        """The GraphQL validation errors of `document` for these events; [] when valid."""

    def load_root(self, event: str, ids: dict) -> object | None:
        """The event's object, or None when it no longer exists."""

    def render(self, document: str, root: object, *, producer_id: int | None) -> dict:
        """The document's result for `root`, as an app (of `producer_id`, if scoped) sees it."""


_installed: list[PayloadDocuments] = []


def install(documents: PayloadDocuments) -> None:
    _installed[:] = [documents]


def documents() -> PayloadDocuments:
    if not _installed:
        raise ImproperlyConfigured(
            "No webhook payload renderer: integrations.outbox_handlers was not loaded."
        )
    return _installed[0]
