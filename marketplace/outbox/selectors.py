"""Reads of the outbox shared by /healthz and the admin."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from marketplace.outbox.models import OutboxMessage


def backlog() -> dict:
    """Overdue: pending and due longer ago than the visibility timeout, so the sweep has had
    its chance; failed: given up, waiting for staff."""
    late = timezone.now() - timedelta(seconds=settings.OUTBOX_VISIBILITY_TIMEOUT_SECONDS)
    return {
        "overdue": OutboxMessage.objects.pending().filter(available_at__lt=late).count(),
        "failed": OutboxMessage.objects.failed().count(),
    }
