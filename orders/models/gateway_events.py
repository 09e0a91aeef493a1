"""Callbacks from payment gateways, kept so that each one applies once and forged, replayed or
refused ones leave a trace."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from orders.models.orders import Payment, PaymentMethod


class GatewayEvent(models.Model):
    """One delivery a gateway sent (a Stripe event id). Inserted first, inside the transaction
    that applies it: a second delivery of the same event, even a concurrent one, fails on the
    unique constraint and changes nothing."""

    gateway = models.CharField(max_length=16, choices=PaymentMethod.choices)
    event_id = models.CharField(max_length=255)
    kind = models.CharField(max_length=64)
    payment = models.ForeignKey(
        Payment, on_delete=models.SET_NULL, null=True, blank=True, related_name="gateway_events"
    )
    outcome = models.CharField(max_length=32, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment gateway event")
        verbose_name_plural = _("payment gateway events")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["gateway", "event_id"], name="gateway_event_once")
        ]

    def __str__(self):
        return f"{self.gateway} {self.event_id} {self.kind}"
