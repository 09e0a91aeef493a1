"""Webhook subscriptions of apps, and the log of every delivery."""

import secrets
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.core.encryption import EncryptedTextField
from marketplace.outbox.events import Event

RESPONSE_BODY_LIMIT = 2048  # characters of the receiver's answer kept in the log


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class WebhookSubscription(models.Model):
    app = models.ForeignKey(
        "integrations.App",
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
        verbose_name=_("app"),
    )
    target_url = models.URLField(_("target URL"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    # Sent to the receiver only as the HMAC key; encrypted at rest, shown to the app's owner.
    secret = EncryptedTextField(_("secret"), default=new_secret)
    query = models.TextField(_("payload document"))
    is_active = models.BooleanField(_("active"), default=True)
    # The circuit breaker: failed attempts in a row; while `paused_until` is ahead, nothing is
    # sent; once it has passed, one delivery probes and closes or reopens the breaker.
    consecutive_failures = models.PositiveIntegerField(default=0)
    paused_until = models.DateTimeField(_("paused until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.app} → {self.target_url}"

    def wants(self, event: str) -> bool:
        return event in self.events


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        RETRYING = "retrying", _("retrying")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")

    subscription = models.ForeignKey(
        WebhookSubscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("subscription"),
    )
    event = models.CharField(_("event"), max_length=40, choices=Event.choices)
    # X-Ocop-Delivery: the same on every attempt and redelivery, so receivers dedupe by it.
    delivery_id = models.UUIDField(_("delivery ID"), default=uuid.uuid4, unique=True)
    payload = models.JSONField(_("payload"), default=dict)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    response_time_ms = models.PositiveIntegerField(_("response time (ms)"), null=True, blank=True)
    response_body = models.TextField(_("response body"), blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    # Retries stop here: WEBHOOKS_RETRY_WINDOW_HOURS after the event, or after a redelivery.
    retry_until = models.DateTimeField(_("retried until"), null=True, blank=True)
    # Each scheduled attempt carries this number; a message of an older round (superseded by a
    # redelivery) finds it changed and does nothing.
    round = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["subscription", "-created_at"], name="webhook_log")]

    def __str__(self):
        return f"{self.event} {self.delivery_id}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)
