"""Orders: one per completed checkout, split into one VendorOrder per producer, which fulfils
its own part. Lines keep a snapshot of what was bought at which price."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PaymentMethod(models.TextChoices):
    COD = "cod", _("Cash on delivery")
    VNPAY = "vnpay", _("VNPay")
    STRIPE = "stripe", _("Card (Stripe)")


class Order(models.Model):
    class Status(models.TextChoices):
        UNPAID = "unpaid", _("Awaiting payment")
        PLACED = "placed", _("Placed")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired unpaid")

    class PaymentStatus(models.TextChoices):
        NOT_CHARGED = "not_charged", _("Not charged")
        PENDING = "pending", _("Pending")
        PAID = "paid", _("Paid")
        PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
        REFUNDED = "refunded", _("Refunded")
        FAILED = "failed", _("Failed")

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
    )
    email = models.EmailField(_("email"))
    full_name = models.CharField(_("full name"), max_length=255)
    phone = models.CharField(_("phone"), max_length=20)
    street_address = models.CharField(_("street address"), max_length=255)
    commune = models.ForeignKey("geography.Commune", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLACED)
    payment_method = models.CharField(max_length=16, choices=PaymentMethod.choices)
    payment_status = models.CharField(
        max_length=24, choices=PaymentStatus.choices, default=PaymentStatus.NOT_CHARGED
    )
    subtotal = models.PositiveBigIntegerField()
    shipping_total = models.PositiveBigIntegerField()
    # Vouchers taken off (platform- and producer-funded together); split over the parts.
    discount_total = models.PositiveBigIntegerField(default=0)
    voucher_code = models.CharField(_("voucher code"), max_length=32, blank=True)
    total = models.PositiveBigIntegerField()
    checkout_token = models.UUIDField(unique=True, help_text=_("One order per checkout."))
    payment_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # A VAT e-invoice asked for at checkout (empty company name: none asked for).
    invoice_company_name = models.CharField(_("company name"), max_length=255, blank=True)
    invoice_tax_code = models.CharField(_("tax code"), max_length=14, blank=True)
    invoice_email = models.EmailField(_("invoice email"), blank=True)
    invoice_address = models.CharField(_("company address"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    total=models.F("subtotal")
                    + models.F("shipping_total")
                    - models.F("discount_total")
                ),
                name="order_total_adds_up",
            )
        ]

    def __str__(self):
        return self.number

    @property
    def number(self) -> str:
        return f"OCOP{self.pk:07d}" if self.pk else ""


class VendorOrder(models.Model):
    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Unconfirmed")
        CONFIRMED = "confirmed", _("Confirmed")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")
        RETURNED = "returned", _("Returned")

    class DeliveryKind(models.TextChoices):
        SHIPPING = "shipping", _("Delivery")
        PICKUP = "pickup", _("Pickup at a showroom")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="vendor_orders")
    vendor = models.ForeignKey(
        "vendors.Vendor", on_delete=models.PROTECT, related_name="vendor_orders"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.UNCONFIRMED)
    delivery_kind = models.CharField(max_length=16, choices=DeliveryKind.choices)
    delivery_name = models.CharField(max_length=255)
    shipping_method = models.ForeignKey(
        "orders.ShippingMethod", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pickup_location = models.ForeignKey(
        "inventory.Location", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pickup_code = models.CharField(max_length=12, blank=True)
    subtotal = models.PositiveBigIntegerField()
    shipping_price = models.PositiveBigIntegerField()
    # This part's share of the order's vouchers: the platform's (not taken from the producer's
    # earnings) and the producer's own (taken from them).
    platform_discount = models.PositiveBigIntegerField(default=0)
    producer_discount = models.PositiveBigIntegerField(default=0)
    commission_rate = models.DecimalField(max_digits=5, decimal_places=2)
    carrier = models.CharField(_("carrier"), max_length=100, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=100, blank=True)
    note = models.TextField(_("note to the producer"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("producer's order")
        verbose_name_plural = _("producers' orders")
        ordering = ["order_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "vendor"], name="vendor_order_once"),
            models.CheckConstraint(
                condition=Q(delivery_kind="shipping", pickup_location__isnull=True)
                | Q(delivery_kind="pickup", pickup_location__isnull=False),
                name="vendor_order_pickup_has_location",
            ),
        ]

    def __str__(self):
        return f"{self.order.number}/{self.vendor_id}"

    @property
    def discount(self) -> int:
        return self.platform_discount + self.producer_discount

    @property
    def total(self) -> int:
        """What the shopper pays for this part."""
        return self.subtotal + self.shipping_price - self.discount


class OrderLine(models.Model):
    vendor_order = models.ForeignKey(VendorOrder, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sku = models.CharField(max_length=64)
    product_name = models.CharField(max_length=255)
    variant_name = models.CharField(max_length=255)
    quantity = models.PositiveIntegerField()
    unit_price = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="order_line_quantity_gte_1")
        ]

    def __str__(self):
        return f"{self.sku} × {self.quantity}"

    @property
    def line_total(self) -> int:
        return self.quantity * self.unit_price


class Allocation(models.Model):
    """Units of a line set aside at one stock row, released or fulfilled later."""

    line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="allocations")
    stock = models.ForeignKey("inventory.Stock", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.line_id}@{self.stock_id} × {self.quantity}"


class Payment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")
        REFUNDED = "refunded", _("Refunded")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="payments")
    gateway = models.CharField(max_length=16, choices=PaymentMethod.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    amount = models.PositiveBigIntegerField()
    psp_reference = models.CharField(max_length=128, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_gateway_display()} {self.amount} ({self.status})"


class OrderEvent(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    vendor_order = models.ForeignKey(
        VendorOrder, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(max_length=32)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_token = models.ForeignKey(
        "inventory.LocationToken",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.order_id} {self.kind}"
