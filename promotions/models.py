"""Vouchers (mã giảm giá) and the orders that used them.

A voucher is funded by the platform (no producer: it applies to the goods of the whole order)
or by one producer (it applies to that producer's goods only). Codes are stored upper-case and
unique whatever the case the shopper types. `times_used` counts the redemptions; completion
locks the voucher row, checks it against `usage_limit` and adds one in the same transaction.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _


class Voucher(models.Model):
    class Kind(models.TextChoices):
        PERCENTAGE = "percentage", _("Percentage")
        FIXED = "fixed", _("Fixed amount")

    code = models.CharField(_("code"), max_length=32, unique=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    # Empty: the platform funds it and it applies to every producer's goods.
    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vouchers",
        verbose_name=_("producer"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # Percent (1–100) for PERCENTAGE, đồng for FIXED.
    value = models.PositiveBigIntegerField(_("value"))
    max_discount = models.PositiveBigIntegerField(
        _("maximum discount (đồng)"), null=True, blank=True
    )
    # On the goods the voucher applies to (the order's, or the producer's part).
    min_order = models.PositiveBigIntegerField(_("minimum order (đồng)"), default=0)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    usage_limit = models.PositiveIntegerField(_("uses in all"), null=True, blank=True)
    # Per account, or per e-mail for guests.
    per_shopper_limit = models.PositiveIntegerField(_("uses per shopper"), null=True, blank=True)
    first_order_only = models.BooleanField(_("first order only"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    times_used = models.PositiveIntegerField(_("times used"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(code=Upper("code")), name="voucher_code_upper"),
            models.CheckConstraint(
                condition=Q(kind="fixed", value__gte=1)
                | Q(kind="percentage", value__gte=1, value__lte=100),
                name="voucher_value_in_range",
            ),
            models.CheckConstraint(
                condition=Q(usage_limit__isnull=True) | Q(times_used__lte=F("usage_limit")),
                name="voucher_used_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(ends_at__gt=F("starts_at")),
                name="voucher_period_in_order",
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def is_platform(self) -> bool:
        return self.vendor_id is None


class VoucherRedemption(models.Model):
    """One order's use of a voucher, written in the completion transaction."""

    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="redemptions")
    order = models.ForeignKey(
        "orders.Order", on_delete=models.CASCADE, related_name="voucher_redemptions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    email = models.EmailField(blank=True)
    amount = models.PositiveBigIntegerField(_("discount (đồng)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("voucher use")
        verbose_name_plural = _("voucher uses")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["voucher", "order"], name="voucher_once_per_order")
        ]
        indexes = [models.Index(fields=["voucher", "email"], name="redemption_voucher_email")]

    def __str__(self):
        return f"{self.voucher_id}/{self.order_id}: {self.amount}"
