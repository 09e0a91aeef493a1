"""Locations: a producer's warehouse, or an OCOP showroom run by an operator organisation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ShowroomOperator(models.Model):
    """The organisation that runs showrooms (a provincial trade-promotion centre, a
    cooperative union, a company), and whose staff sync stock and sell over the counter."""

    name = models.CharField(_("name"), max_length=255)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("showroom operator")
        verbose_name_plural = _("showroom operators")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ShowroomOperatorMember(models.Model):
    class Role(models.TextChoices):
        MANAGER = "manager", _("Manager")
        CLERK = "clerk", _("Clerk")

    operator = models.ForeignKey(ShowroomOperator, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="showroom_memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.CLERK)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("showroom operator member")
        verbose_name_plural = _("showroom operator members")
        constraints = [
            models.UniqueConstraint(fields=["operator", "user"], name="operator_member_unique")
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.operator})"


class Location(models.Model):
    class Kind(models.TextChoices):
        WAREHOUSE = "warehouse", _("Producer warehouse")
        SHOWROOM = "showroom", _("OCOP showroom")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=255)
    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="warehouses",
        help_text=_("The producer that owns a warehouse; empty for showrooms."),
    )
    operator = models.ForeignKey(
        ShowroomOperator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="showrooms",
        help_text=_("Who runs a showroom; empty for warehouses."),
    )
    commune = models.ForeignKey(
        "geography.Commune", on_delete=models.PROTECT, related_name="locations"
    )
    street_address = models.CharField(_("street address"), max_length=255, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    opening_hours = models.CharField(
        _("opening hours"), max_length=255, blank=True, help_text=_('e.g. "T2–CN 7:30–21:00"')
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    pickup_enabled = models.BooleanField(
        _("pickup enabled"), default=False, help_text=_("Shoppers may collect orders here.")
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="warehouse", vendor__isnull=False, operator__isnull=True)
                | Q(kind="showroom", vendor__isnull=True),
                name="location_warehouse_has_vendor",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="location_coordinates_in_range",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_showroom(self) -> bool:
        return self.kind == self.Kind.SHOWROOM
