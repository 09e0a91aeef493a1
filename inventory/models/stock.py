"""Stock rows, the ledger of every change to them, and remembered stock syncs."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Stock(models.Model):
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.CASCADE, related_name="stocks"
    )
    location = models.ForeignKey(
        "inventory.Location", on_delete=models.PROTECT, related_name="stocks"
    )
    quantity = models.PositiveIntegerField(default=0)
    quantity_allocated = models.PositiveIntegerField(default=0)
    low_stock_threshold = models.PositiveIntegerField(
        _("low-stock threshold"), default=5, help_text=_("Marked low at or below this.")
    )

    class Meta:
        verbose_name = _("stock")
        verbose_name_plural = _("stock")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["variant", "location"], name="stock_variant_location"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="stock_quantity_gte_0"),
            models.CheckConstraint(
                condition=Q(quantity_allocated__gte=0), name="stock_allocated_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(quantity_allocated__lte=F("quantity")),
                name="stock_allocated_lte_quantity",
            ),
        ]

    def __str__(self):
        return f"{self.variant.sku} @ {self.location}: {self.quantity}"

    @property
    def quantity_available(self) -> int:
        return self.quantity - self.quantity_allocated

    @property
    def is_low(self) -> bool:
        return self.quantity_available <= self.low_stock_threshold


class StockMovement(models.Model):
    """One change to one stock row. For every row, `quantity` is the sum of its movements'
    `quantity_delta`, and `quantity_allocated` the sum of their `allocated_delta`."""

    class Kind(models.TextChoices):
        OPENING = "opening", _("Opening balance")
        SYNC_SET = "sync_set", _("Count from a showroom or spreadsheet")
        ADJUSTMENT = "adjustment", _("Adjustment")
        ALLOCATION = "allocation", _("Allocated to an order")
        RELEASE = "release", _("Released from an order")
        FULFILMENT = "fulfilment", _("Handed over for an order")
        POS_SALE = "pos_sale", _("Sold over the counter")
        TRANSFER_OUT = "transfer_out", _("Sent in a transfer")
        TRANSFER_IN = "transfer_in", _("Received in a transfer")
        CORRECTION = "correction", _("Correction")

    stock = models.ForeignKey(Stock, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    quantity_delta = models.IntegerField(default=0)
    allocated_delta = models.IntegerField(default=0)
    quantity_before = models.PositiveIntegerField()
    quantity_after = models.PositiveIntegerField()
    allocated_before = models.PositiveIntegerField(default=0)
    allocated_after = models.PositiveIntegerField(default=0)
    reason = models.CharField(max_length=255, blank=True)
    reference = models.CharField(
        max_length=128, blank=True, db_index=True, help_text=_('e.g. "sync:<key>", "pos:<id>"')
    )
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_token = models.ForeignKey(
        "inventory.LocationToken",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity_after=F("quantity_before") + F("quantity_delta"))
                & Q(allocated_after=F("allocated_before") + F("allocated_delta")),
                name="movement_after_is_before_plus_delta",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.quantity_delta:+d} ({self.stock_id})"


class StockSyncRequest(models.Model):
    """A stock sync already applied, by its idempotency key: a retried delivery gets the first
    call's results and changes nothing."""

    location = models.ForeignKey(
        "inventory.Location", on_delete=models.CASCADE, related_name="sync_requests"
    )
    idempotency_key = models.CharField(max_length=128)
    fingerprint = models.CharField(
        max_length=64, help_text=_("A hash of the request, to tell a retry from a reused key.")
    )
    mode = models.CharField(max_length=8)
    results = models.JSONField(default=list)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_token = models.ForeignKey(
        "inventory.LocationToken", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["location", "idempotency_key"], name="stock_sync_key_unique_per_location"
            )
        ]

    def __str__(self):
        return f"{self.location_id}:{self.idempotency_key}"
