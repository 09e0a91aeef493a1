"""Consignment: a showroom holds a producer's goods, which stay the producer's, and earns an
agreed commission on what it sells."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConsignmentAgreement(models.Model):
    vendor = models.ForeignKey(
        "vendors.Vendor", on_delete=models.PROTECT, related_name="consignment_agreements"
    )
    showroom = models.ForeignKey(
        "inventory.Location",
        on_delete=models.PROTECT,
        related_name="consignment_agreements",
        limit_choices_to={"kind": "showroom"},
    )
    commission_rate = models.DecimalField(
        _("showroom commission (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consignment agreement")
        verbose_name_plural = _("consignment agreements")
        ordering = ["-starts_on", "pk"]
        constraints = [
            # One agreement in force per producer and showroom at a time.
            models.UniqueConstraint(
                fields=["vendor", "showroom"],
                condition=Q(is_active=True),
                name="consignment_one_active_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(commission_rate__gte=0) & Q(commission_rate__lte=100),
                name="consignment_commission_0_100",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="consignment_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.vendor} @ {self.showroom} ({self.commission_rate}%)"

    def is_in_force(self, on: datetime.date | None = None) -> bool:
        day = on or timezone.localdate()
        return (
            self.is_active
            and self.starts_on <= day
            and (self.ends_on is None or self.ends_on >= day)
        )
