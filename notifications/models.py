"""What the shopper chose for an order's notices."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderNotificationSetting(models.Model):
    """An order whose shopper switched its notices off (from the e-mail's link), or on again.
    No row: notices are on."""

    order = models.OneToOneField(
        "orders.Order", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    muted_at = models.DateTimeField(_("muted at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("order notification setting")
        verbose_name_plural = _("order notification settings")

    def __str__(self):
        return f"{self.order_id}: {'muted' if self.muted_at else 'on'}"

    @property
    def muted(self) -> bool:
        return self.muted_at is not None
