"""Connections to the POS systems showrooms already run (KiotViet, Sapo, Haravan): credentials
kept encrypted, the POS branch that is this showroom, how its items map to our SKUs, the webhook
deliveries received, what the POS items are called there, and counter sales pushed back."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.core.encryption import EncryptedJSONField


class PosConnection(models.Model):
    class Provider(models.TextChoices):
        KIOTVIET = "kiotviet", "KiotViet"
        SAPO = "sapo", "Sapo"
        HARAVAN = "haravan", "Haravan"

    class Mapping(models.TextChoices):
        SKU = "sku", _("By SKU code")
        BARCODE = "barcode", _("By barcode (GTIN)")
        TABLE = "table", _("By the mapping table")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        FAILING = "failing", _("Failing")

    location = models.ForeignKey(
        "inventory.Location", on_delete=models.CASCADE, related_name="pos_connections"
    )
    provider = models.CharField(max_length=16, choices=Provider.choices)
    # KiotViet: the retailer (shop) name; Sapo: the store (name.mysapo.net); Haravan: the shop.
    account = models.CharField(_("POS account"), max_length=120)
    branch_id = models.CharField(
        _("POS branch or location id"),
        max_length=64,
        help_text=_("The POS's own id of the branch (location) that is this showroom."),
    )
    # {"client_id", "client_secret"} or {"access_token"}, and "webhook_secret". Write-only:
    # never shown, never logged, never returned by the API.
    credentials = EncryptedJSONField(default=dict)
    # A KiotViet access token and its expiry, kept until it runs out.
    token_cache = EncryptedJSONField(default=dict, blank=True)
    mapping = models.CharField(max_length=16, choices=Mapping.choices, default=Mapping.SKU)
    push_sales = models.BooleanField(
        _("push counter sales to the POS"),
        default=False,
        help_text=_("Each counter sale recorded here takes its units off the POS's stock too."),
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    last_synced_at = models.DateTimeField(null=True, blank=True)
    # Where the next incremental pull starts (the provider's modified-since time).
    sync_cursor = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    # The last pull's report: {source, at, applied, rejected, rows: [{code, sku, ...}]}
    last_report = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("POS connection")
        verbose_name_plural = _("POS connections")
        ordering = ["location_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "provider"], name="pos_connection_one_per_provider"
            )
        ]

    def __str__(self):
        return f"{self.get_provider_display()} {self.account} → {self.location_id}"

    # A connection applies the counts its POS reports, standing where an actor is read.
    is_authenticated = True
    is_staff = False
    is_device = False
    is_connection = True

    @property
    def is_enabled(self) -> bool:
        return self.status != self.Status.PAUSED

    @property
    def is_active(self) -> bool:  # read where request.user is read
        return self.is_enabled


class PosSkuMapping(models.Model):
    """The explicit mapping table: a POS item code → one of our variants."""

    connection = models.ForeignKey(PosConnection, on_delete=models.CASCADE, related_name="mappings")
    external_code = models.CharField(_("POS item code"), max_length=64)
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("POS item mapping")
        verbose_name_plural = _("POS item mappings")
        ordering = ["external_code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "external_code"], name="pos_mapping_code_once"
            )
        ]

    def __str__(self):
        return f"{self.external_code} → {self.variant_id}"


class PosItem(models.Model):
    """A POS item as last seen: its ids there (to push sales back) and the time of the newest
    count applied from it, so that an older event delivered late never overwrites a newer one."""

    connection = models.ForeignKey(PosConnection, on_delete=models.CASCADE, related_name="items")
    external_id = models.CharField(max_length=64)  # the product or variant id in the POS
    product_id = models.CharField(max_length=64, blank=True)  # its product, when different
    inventory_item_id = models.CharField(max_length=64, blank=True)  # Sapo
    code = models.CharField(max_length=64, blank=True)  # its SKU code there
    barcode = models.CharField(max_length=64, blank=True)
    last_counted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["connection", "external_id"], name="pos_item_once")
        ]
        indexes = [models.Index(fields=["connection", "code"], name="pos_item_code")]

    def __str__(self):
        return f"{self.connection_id}:{self.external_id} ({self.code})"


class PosWebhookEvent(models.Model):
    """One webhook delivery, kept before it is applied: the provider's event id makes a
    redelivery the same row."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        APPLIED = "applied", _("Applied")
        IGNORED = "ignored", _("Ignored")
        FAILED = "failed", _("Failed")

    connection = models.ForeignKey(PosConnection, on_delete=models.CASCADE, related_name="events")
    event_id = models.CharField(max_length=128)
    topic = models.CharField(max_length=64, blank=True)
    body = models.TextField()  # the raw body, as signed
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVED)
    deliveries = models.PositiveIntegerField(default=1)
    received_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    report = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("POS webhook event")
        verbose_name_plural = _("POS webhook events")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["connection", "event_id"], name="pos_event_once")
        ]

    def __str__(self):
        return f"{self.connection_id}:{self.event_id} ({self.status})"


class PosSalePush(models.Model):
    """A counter sale to take off the POS's stock, at most once: a push whose outcome is
    unknown (the worker stopped, the POS did not answer in time) is never sent again by itself."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Sending")
        PUSHED = "pushed", _("Pushed")
        FAILED = "failed", _("Failed")
        UNCERTAIN = "uncertain", _("To check by hand")

    sale = models.ForeignKey("inventory.PosSale", on_delete=models.CASCADE, related_name="pushes")
    connection = models.ForeignKey(PosConnection, on_delete=models.CASCADE, related_name="pushes")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    pushed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["sale", "connection"], name="pos_push_once_per_sale")
        ]

    def __str__(self):
        return f"{self.sale_id} → {self.connection_id} ({self.status})"


class ShowroomBankAccount(models.Model):
    """Where VietQR payments at a showroom's counter go, set by its manager."""

    location = models.OneToOneField(
        "inventory.Location", on_delete=models.CASCADE, related_name="bank_account"
    )
    bank_bin = models.CharField(
        _("bank BIN"), max_length=6, help_text=_("The bank's 6-digit NAPAS BIN, e.g. 970436.")
    )
    account_number = models.CharField(_("account number"), max_length=19)
    account_name = models.CharField(_("account holder"), max_length=70)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("showroom bank account")
        verbose_name_plural = _("showroom bank accounts")

    def __str__(self):
        return f"{self.bank_bin} {self.account_number}"
