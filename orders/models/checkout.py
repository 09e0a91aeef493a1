"""A shopper's cart on its way to an order: lines, the address, a delivery choice per producer."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Checkout(models.Model):
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checkouts",
    )
    email = models.EmailField(_("email"), blank=True)
    full_name = models.CharField(_("full name"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    street_address = models.CharField(_("street address"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "geography.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(db_index=True)
    # {"<vendor id>": "note"}: kept on the row (not a table like the deliveries) so reading
    # the checkout costs no query more, and a note may come before a delivery is chosen.
    vendor_notes = models.JSONField(default=dict, blank=True)
    invoice_company_name = models.CharField(_("company name"), max_length=255, blank=True)
    invoice_tax_code = models.CharField(_("tax code"), max_length=14, blank=True)
    invoice_email = models.EmailField(_("invoice email"), blank=True)
    invoice_address = models.CharField(_("company address"), max_length=255, blank=True)
    voucher_code = models.CharField(_("voucher code"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("checkout")
        verbose_name_plural = _("checkouts")
        ordering = ["-updated_at", "pk"]

    def __str__(self):
        return str(self.token)

    @property
    def has_address(self) -> bool:
        return bool(self.full_name and self.phone and self.street_address and self.commune_id)

    @property
    def wants_invoice(self) -> bool:
        return bool(self.invoice_company_name)

    def note_for(self, vendor_id: int) -> str:
        return (self.vendor_notes or {}).get(str(vendor_id), "")


class CheckoutLine(models.Model):
    checkout = models.ForeignKey(Checkout, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.CASCADE, related_name="+"
    )
    quantity = models.PositiveIntegerField()
    # The unit price the shopper last saw (when adding the line, or reading the checkout on a
    # page or through the API): an order is placed only at the price shown.
    shown_unit_price = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["checkout", "variant"], name="checkout_line_unique"),
            models.CheckConstraint(
                condition=Q(quantity__gte=1) & Q(quantity__lte=999),
                name="checkout_line_quantity_1_999",
            ),
        ]

    def __str__(self):
        return f"{self.variant_id} × {self.quantity}"


class CheckoutDelivery(models.Model):
    """The delivery chosen for one producer's part: one of its shipping methods, or pickup at a
    showroom."""

    checkout = models.ForeignKey(Checkout, on_delete=models.CASCADE, related_name="deliveries")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="+")
    shipping_method = models.ForeignKey(
        "orders.ShippingMethod", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    pickup_location = models.ForeignKey(
        "inventory.Location", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The price the shopper was shown for this delivery (a carrier quote may move): the order
    # is placed only at it, or the shopper sees SHIPPING_CHANGED and the new price.
    shown_price = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["checkout", "vendor"], name="checkout_delivery_unique"),
            models.CheckConstraint(
                condition=Q(shipping_method__isnull=True, pickup_location__isnull=False)
                | Q(shipping_method__isnull=False, pickup_location__isnull=True),
                name="checkout_delivery_one_choice",
            ),
        ]

    def __str__(self):
        return f"{self.checkout_id}/{self.vendor_id}"
