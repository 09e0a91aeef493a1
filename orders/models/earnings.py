"""What the platform owes each producer: an account of signed entries per producer's order (sale,
commission, tax withheld, refund reversals), and the payouts that settle them; and, so that a
producer sees every sale in one place, its consigned goods sold over a showroom's counter.

Every amount is whole đồng, signed from the producer's side: what it earns is positive, what the
platform keeps or pays out negative, so the producer's balance is the sum of its entries.

A counter sale is the producer's sale minus the showroom's commission, but the showroom took the
money: each sale line writes SHOWROOM_SALE (+ the line), SHOWROOM_COMMISSION (− the showroom's
share) and SHOWROOM_COLLECTED (− what is left, which the showroom owes the producer under their
agreement). The three add up to nothing, so the balance stays what the platform owes and no
payout ever includes them (the database refuses a payout on them).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Payout(models.Model):
    """One transfer to a producer covering its entries not yet paid out up to `period_end`."""

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="payouts")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    amount = models.PositiveBigIntegerField(_("amount (đồng)"))
    # Where the money goes, as it was when the payout was made.
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    bank_account_number = models.CharField(_("account number"), max_length=40, blank=True)
    bank_account_holder = models.CharField(_("account holder"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="payout_period_in_order",
            )
        ]

    def __str__(self):
        return f"{self.vendor_id} {self.period_start}–{self.period_end}: {self.amount}"


class PayoutAccount(models.Model):
    """A producer's bank account for payouts (the vendors app keeps no bank details)."""

    vendor = models.OneToOneField(
        "vendors.Vendor", on_delete=models.CASCADE, related_name="payout_account"
    )
    bank_name = models.CharField(_("bank"), max_length=100)
    account_number = models.CharField(_("account number"), max_length=40)
    account_holder = models.CharField(_("account holder"), max_length=255)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("payout bank account")
        verbose_name_plural = _("payout bank accounts")

    def __str__(self):
        return f"{self.bank_name} {self.account_number}"


class Refund(models.Model):
    """Money given back to the shopper for (part of) one producer's order."""

    vendor_order = models.ForeignKey(
        "orders.VendorOrder", on_delete=models.PROTECT, related_name="refunds"
    )
    gateway = models.CharField(max_length=16)
    amount = models.PositiveBigIntegerField(_("amount (đồng)"))
    goods_amount = models.PositiveBigIntegerField(default=0)
    shipping_amount = models.PositiveBigIntegerField(default=0)
    # {order line pk (as a string): quantity refunded}
    lines = models.JSONField(default=dict, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    # Stripe's refund id; empty when staff recorded a refund made outside (VNPay, COD cash).
    psp_reference = models.CharField(max_length=128, blank=True)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount=models.F("goods_amount") + models.F("shipping_amount")),
                name="refund_amount_adds_up",
            )
        ]

    def __str__(self):
        return f"{self.vendor_order_id}: {self.amount}"


# A counter sale at a showroom: the showroom collects, so the platform never pays these out.
SHOWROOM_KINDS = ("showroom_sale", "showroom_commission", "showroom_collected")


class EarningsEntry(models.Model):
    class Kind(models.TextChoices):
        SALE = "sale", _("Sale")
        COMMISSION = "commission", _("Platform commission")
        WITHHOLDING = "withholding", _("Tax withheld")
        REFUND = "refund", _("Refund")
        PAYOUT = "payout", _("Payout")
        SHOWROOM_SALE = "showroom_sale", _("Showroom sale")
        SHOWROOM_COMMISSION = "showroom_commission", _("Showroom commission")
        SHOWROOM_COLLECTED = "showroom_collected", _("Collected by the showroom")

    class Component(models.TextChoices):
        GOODS = "goods", _("Goods")
        SHIPPING = "shipping", _("Shipping")
        COMMISSION = "commission", _("Commission")
        VAT = "vat", _("VAT")
        PIT = "pit", _("Personal income tax")
        PAYOUT = "payout", _("Payout")

    vendor = models.ForeignKey(
        "vendors.Vendor", on_delete=models.PROTECT, related_name="earnings_entries"
    )
    # Empty for PAYOUT entries, which span many orders, and for counter sales.
    vendor_order = models.ForeignKey(
        "orders.VendorOrder",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="earnings_entries",
    )
    # The counter sale line a SHOWROOM_* entry records (and only those).
    pos_sale_line = models.ForeignKey(
        "inventory.PosSaleLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="earnings_entries",
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    # What the amount is of; a REFUND entry names the component it reverses.
    component = models.CharField(max_length=16, choices=Component.choices)
    amount = models.BigIntegerField(_("amount (đồng)"))
    refund = models.ForeignKey(
        Refund, on_delete=models.PROTECT, null=True, blank=True, related_name="earnings_entries"
    )
    # The payout that settled this entry; a PAYOUT entry points at the payout it records.
    # One column: an entry can never be settled by two payouts.
    payout = models.ForeignKey(
        Payout, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("earnings entry")
        verbose_name_plural = _("earnings entries")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["vendor", "payout"], name="earnings_vendor_payout")]
        constraints = [
            # A part earns once: one sale, commission and tax entry of each component.
            models.UniqueConstraint(
                fields=["vendor_order", "kind", "component"],
                condition=Q(kind__in=["sale", "commission", "withholding"]),
                name="earnings_earned_once",
            ),
            # A counter sale line is written once: one entry of each kind.
            models.UniqueConstraint(
                fields=["pos_sale_line", "kind"],
                condition=Q(kind__in=SHOWROOM_KINDS),
                name="earnings_showroom_sale_once",
            ),
            models.UniqueConstraint(
                fields=["payout"], condition=Q(kind="payout"), name="earnings_one_entry_per_payout"
            ),
            models.CheckConstraint(
                condition=Q(
                    kind="payout",
                    vendor_order__isnull=True,
                    pos_sale_line__isnull=True,
                    payout__isnull=False,
                )
                | Q(
                    kind__in=SHOWROOM_KINDS,
                    vendor_order__isnull=True,
                    pos_sale_line__isnull=False,
                    payout__isnull=True,  # the showroom pays these, never the platform
                )
                | (
                    ~Q(kind__in=["payout", *SHOWROOM_KINDS])
                    & Q(vendor_order__isnull=False, pos_sale_line__isnull=True)
                ),
                name="earnings_entry_shape",
            ),
            models.CheckConstraint(
                condition=~Q(kind="refund") | Q(refund__isnull=False),
                name="earnings_refund_has_refund",
            ),
        ]

    def __str__(self):
        return f"{self.kind}/{self.component} {self.amount}"
