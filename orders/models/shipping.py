"""How a producer ships: named methods with a zone, a price (flat or by weight) and a free
threshold."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ShippingMethod(models.Model):
    vendor = models.ForeignKey(
        "vendors.Vendor", on_delete=models.CASCADE, related_name="shipping_methods"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_('e.g. "Giao hàng tiết kiệm"'))
    is_nationwide = models.BooleanField(_("nationwide"), default=True)
    provinces = models.ManyToManyField(
        "geography.Province",
        blank=True,
        related_name="+",
        verbose_name=_("provinces"),
        help_text=_("Where it delivers, when not nationwide."),
    )
    flat_price = models.PositiveBigIntegerField(_("price (đồng)"), default=0)
    # [[up_to_grams, price], ...] ascending; a parcel heavier than the last bracket cannot go.
    weight_brackets = models.JSONField(_("weight brackets"), default=list, blank=True)
    free_above = models.PositiveBigIntegerField(
        _("free from (đồng)"),
        null=True,
        blank=True,
        help_text=_("Orders of this producer worth at least this ship free."),
    )
    # Priced by the carrier's live quote when set (the brackets/flat price are then unused);
    # "Tạo vận đơn" books the shipment with this account.
    carrier_account = models.ForeignKey(
        "orders.CarrierAccount",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shipping_methods",
        verbose_name=_("carrier account"),
    )
    carrier_service = models.CharField(_("carrier service"), max_length=32, blank=True)
    min_days = models.PositiveSmallIntegerField(_("at the earliest (days)"), default=1)
    max_days = models.PositiveSmallIntegerField(_("at the latest (days)"), default=5)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("shipping method")
        verbose_name_plural = _("shipping methods")
        ordering = ["vendor_id", "flat_price", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_days__gte=models.F("min_days")), name="shipping_days_in_order"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.vendor})"

    def price_for(self, *, subtotal: int, weight_grams: int) -> int | None:
        """What a parcel costs, or None when it is too heavy for every bracket."""
        if self.free_above is not None and subtotal >= self.free_above:
            return 0
        if not self.weight_brackets:
            return self.flat_price
        for up_to, price in self.weight_brackets:
            if weight_grams <= up_to:
                return int(price)
        return None
