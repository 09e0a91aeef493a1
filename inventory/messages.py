"""What a manager reads about a POS call or a stock-sync row that did not go through."""

from django.utils.translation import gettext as _

from inventory.services.sync import SyncStatus
from marketplace.core.http import ExternalServiceError, Failure


def failure_message(error: ExternalServiceError) -> str:
    """What a manager reads about a failed call: the kind and status, never the body."""
    messages = {
        Failure.TIMEOUT: _("The POS did not answer in time."),
        Failure.UNAVAILABLE: _("The POS is unavailable."),
        Failure.RATE_LIMITED: _("The POS's rate limit was reached; the next sync retries."),
        Failure.REJECTED: _("The POS refused the request: check the credentials and branch id."),
        Failure.BAD_RESPONSE: _("The POS answered something that could not be read."),
    }
    status = f" (HTTP {error.status})" if error.status else ""
    return messages.get(error.kind, str(error.kind)) + status


def status_message(status: SyncStatus) -> str:
    messages = {
        SyncStatus.APPLIED: _("Applied."),
        SyncStatus.STALE: _("The stock changed meanwhile: count again."),
        SyncStatus.UNKNOWN_SKU: _("No product has this SKU."),
        SyncStatus.NOT_CONSIGNED: _(
            "This SKU is another producer's, who has no consignment agreement with this showroom."
        ),
        SyncStatus.WOULD_GO_NEGATIVE: _("Fewer than the units already allocated to orders."),
        # A well-formed row comes back INVALID when several producers held here share the SKU.
        SyncStatus.INVALID: _("Several producers held here use this SKU: it is ambiguous."),
    }
    return messages.get(status, str(status))
