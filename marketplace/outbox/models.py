"""One row per piece of work recorded by `enqueue` (see the package docstring)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PENDING = Q(done_at__isnull=True, failed_at__isnull=True)


class OutboxMessageQuerySet(models.QuerySet):
    def pending(self):
        """Not done and not given up: due now, or waiting for a retry or a delay."""
        return self.filter(PENDING)

    def failed(self):
        return self.filter(failed_at__isnull=False, done_at__isnull=True)


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        RETRYING = "retrying", _("retrying")
        FAILED = "failed", _("failed")
        DONE = "done", _("done")

    handler = models.CharField(_("handler"), max_length=100)
    payload = models.JSONField(_("payload"), default=dict)
    # Unique for ever when given; NULL (not "") when not, so that any number may lack one.
    dedupe_key = models.CharField(
        _("dedupe key"), max_length=200, null=True, blank=True, unique=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Not to run before this: the enqueue's delay, or the backoff after a failed attempt.
    available_at = models.DateTimeField(_("available at"), default=timezone.now)
    # Last handed to the broker; empty when it must be handed over (again).
    dispatched_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("gave up at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The sweep's and the health check's question: what is pending, by due time.
            models.Index(fields=["available_at"], condition=PENDING, name="outbox_pending_due"),
            models.Index(fields=["done_at"], name="outbox_done_at"),
        ]

    def __str__(self):
        return f"{self.handler} #{self.pk}"

    @property
    def status(self) -> str:
        if self.done_at:
            return self.Status.DONE
        if self.failed_at:
            return self.Status.FAILED
        return self.Status.RETRYING if self.attempts else self.Status.PENDING
