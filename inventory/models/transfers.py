"""Transfers: a producer sends goods from its warehouse to a showroom that holds them on
consignment. Sent, in transit, received (perhaps short)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Transfer(models.Model):
    class Status(models.TextChoices):
        IN_TRANSIT = "in_transit", _("In transit")
        RECEIVED = "received", _("Received")
        CANCELLED = "cancelled", _("Cancelled")

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="transfers")
    source = models.ForeignKey(
        "inventory.Location", on_delete=models.PROTECT, related_name="transfers_out"
    )
    destination = models.ForeignKey(
        "inventory.Location", on_delete=models.PROTECT, related_name="transfers_in"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.IN_TRANSIT)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    received_at = models.DateTimeField(null=True, blank=True)
    received_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_by_token = models.ForeignKey(
        "inventory.LocationToken", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=F("destination")), name="transfer_between_two_places"
            )
        ]

    def __str__(self):
        return f"#{self.pk} {self.source} → {self.destination} ({self.get_status_display()})"


class TransferLine(models.Model):
    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.PROTECT, related_name="+"
    )
    quantity_sent = models.PositiveIntegerField()
    quantity_received = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity_sent__gt=0), name="transfer_sends_some"),
            models.CheckConstraint(
                condition=Q(quantity_received__isnull=True)
                | Q(quantity_received__lte=F("quantity_sent")),
                name="transfer_receives_at_most_sent",
            ),
            models.UniqueConstraint(fields=["transfer", "variant"], name="transfer_line_unique"),
        ]

    def __str__(self):
        return f"{self.variant_id}: {self.quantity_sent}"

    @property
    def shortfall(self) -> int:
        return self.quantity_sent - (self.quantity_received or 0)
