"""Over-the-counter sales at showrooms: the producer's sale, minus the showroom's commission."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PosSale(models.Model):
    class PaidWith(models.TextChoices):
        CASH = "cash", _("Cash")
        CARD = "card", _("Card")
        QR = "qr", _("QR code")
        TRANSFER = "transfer", _("Bank transfer")
        VIETQR = "vietqr", "VietQR"

    location = models.ForeignKey(
        "inventory.Location", on_delete=models.PROTECT, related_name="pos_sales"
    )
    client_sale_id = models.CharField(
        max_length=128, help_text=_("The device's own id for the sale: recorded exactly once.")
    )
    paid_with = models.CharField(max_length=16, choices=PaidWith.choices)
    total = models.PositiveBigIntegerField()
    cash_tendered = models.PositiveBigIntegerField(
        null=True, blank=True, help_text=_("Cash handed over, for the change due.")
    )
    recorded_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by_token = models.ForeignKey(
        "inventory.LocationToken", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("over-the-counter sale")
        verbose_name_plural = _("over-the-counter sales")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "client_sale_id"], name="pos_sale_once_per_client_id"
            )
        ]

    def __str__(self):
        return f"{self.location} {self.client_sale_id}: {self.total}"

    @property
    def change_due(self) -> int | None:
        return None if self.cash_tendered is None else self.cash_tendered - self.total


class PosSaleLine(models.Model):
    sale = models.ForeignKey(PosSale, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.PROTECT, related_name="+"
    )
    vendor = models.ForeignKey(
        "vendors.Vendor", on_delete=models.PROTECT, related_name="pos_sale_lines"
    )
    agreement = models.ForeignKey(
        "inventory.ConsignmentAgreement", on_delete=models.PROTECT, related_name="sale_lines"
    )
    sku = models.CharField(max_length=64)
    quantity = models.PositiveIntegerField()
    unit_price = models.PositiveBigIntegerField()
    line_total = models.PositiveBigIntegerField()
    commission_rate = models.DecimalField(max_digits=5, decimal_places=2)
    commission_amount = models.PositiveBigIntegerField(help_text=_("The showroom's, in đồng."))

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="pos_line_quantity_positive"),
            models.CheckConstraint(
                condition=Q(commission_amount__lte=models.F("line_total")),
                name="pos_line_commission_within_total",
            ),
        ]

    def __str__(self):
        return f"{self.sku} × {self.quantity}"

    @property
    def producer_amount(self) -> int:
        return self.line_total - self.commission_amount
