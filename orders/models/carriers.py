"""Parcel carriers: a producer's (or the platform's) account at GHN or GHTK, the shipments
booked with it, and the tracking events its webhooks reported."""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.core.encryption import EncryptedJSONField


def new_webhook_key() -> str:
    return secrets.token_urlsafe(24)


class CarrierCode(models.TextChoices):
    GHN = "ghn", "GHN – Giao Hàng Nhanh"
    GHTK = "ghtk", "GHTK – Giao Hàng Tiết Kiệm"


class CarrierAccount(models.Model):
    """Credentials at one carrier (token, shop id...), stored encrypted and never logged. No
    producer: the platform's account, used by producers without their own."""

    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="carrier_accounts",
    )
    carrier = models.CharField(_("carrier"), max_length=16, choices=CarrierCode.choices)
    credentials = EncryptedJSONField(default=dict)
    # The pickup point the carrier knows (GHN's shop/district, GHTK's pick address) is part of
    # the credentials' shop; our own pickup address is the producer's.
    is_active = models.BooleanField(_("active"), default=True)
    # The secret path segment of this account's webhook URL: a webhook names its account by it.
    webhook_key = models.CharField(max_length=64, unique=True, default=new_webhook_key)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("carrier account")
        verbose_name_plural = _("carrier accounts")
        ordering = ["vendor_id", "carrier", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "carrier"],
                condition=Q(vendor__isnull=False),
                name="carrier_account_once_per_vendor",
            ),
            models.UniqueConstraint(
                fields=["carrier"],
                condition=Q(vendor__isnull=True),
                name="carrier_account_once_for_platform",
            ),
        ]

    def __str__(self):
        owner = self.vendor or _("platform")
        return f"{self.get_carrier_display()} ({owner})"


class Shipment(models.Model):
    """One parcel booked with a carrier for one producer's part. A cancelled shipment stays
    (its waybill is history); a part has at most one live shipment."""

    class Status(models.TextChoices):
        CREATED = "CREATED", _("Waiting for pickup")
        PICKED_UP = "PICKED_UP", _("Picked up")
        IN_TRANSIT = "IN_TRANSIT", _("In transit")
        DELIVERY_FAILED = "DELIVERY_FAILED", _("Delivery attempt failed")
        DELIVERED = "DELIVERED", _("Delivered")
        RETURNED = "RETURNED", _("Returned")
        CANCELLED = "CANCELLED", _("Cancelled")

    vendor_order = models.ForeignKey(
        "orders.VendorOrder", on_delete=models.CASCADE, related_name="shipments"
    )
    account = models.ForeignKey(CarrierAccount, on_delete=models.PROTECT, related_name="+")
    carrier = models.CharField(max_length=16, choices=CarrierCode.choices)
    service = models.CharField(max_length=32, blank=True)
    waybill = models.CharField(_("waybill"), max_length=64)
    fee = models.PositiveBigIntegerField(default=0)
    cod_amount = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CREATED)
    expected_delivery = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["carrier", "waybill"], name="shipment_waybill_unique"),
            models.UniqueConstraint(
                fields=["vendor_order"],
                condition=~Q(status="CANCELLED"),
                name="shipment_one_live_per_part",
            ),
        ]

    def __str__(self):
        return f"{self.carrier} {self.waybill}"


class CarrierEvent(models.Model):
    """A tracking event a carrier's webhook reported, once: a replay finds its event id taken."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="events")
    event_id = models.CharField(max_length=128)
    status = models.CharField(max_length=16)  # orders.carriers.base.TrackingStatus
    carrier_status = models.CharField(max_length=64)
    description = models.CharField(max_length=255, blank=True)
    occurred_at = models.DateTimeField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["shipment", "event_id"], name="carrier_event_once")
        ]

    def __str__(self):
        return f"{self.shipment_id} {self.carrier_status}"
