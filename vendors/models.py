"""Producers (chủ thể OCOP), their members, onboarding applications and OCOP certificates."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.core.models import ReindexMarked, TransitionEvent
from marketplace.core.storage import private_storage
from marketplace.core.text import fold, lookup_key
from vendors.validators import validate_tax_code


def default_commission_rate():
    return settings.PLATFORM_COMMISSION_RATE


class VendorKind(models.TextChoices):
    COOPERATIVE = "cooperative", _("Cooperative (HTX)")
    ENTERPRISE = "enterprise", _("Enterprise")
    HOUSEHOLD = "household", _("Household business")
    COOPERATIVE_GROUP = "cooperative_group", _("Cooperative group")


class Vendor(ReindexMarked):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")

    legal_name = models.CharField(_("legal name"), max_length=255)
    name = models.CharField(_("display name"), max_length=150)
    # The names folded (no diacritics, lowercase) for search: shoppers type "htx che moc chau".
    name_folded = models.CharField(max_length=150, editable=False, default="")
    legal_name_folded = models.CharField(max_length=255, editable=False, default="")
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=VendorKind.choices)
    tax_code = models.CharField(
        _("tax code"), max_length=14, unique=True, validators=[validate_tax_code]
    )
    commune = models.ForeignKey(
        "geography.Commune", on_delete=models.PROTECT, related_name="vendors"
    )
    street_address = models.CharField(_("street address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, help_text=_("E.164, e.g. +84912345678"))
    email = models.EmailField(_("email"), blank=True)
    story = models.TextField(_("story"), blank=True, help_text=_("Sanitised HTML."))
    logo = models.ImageField(_("logo"), upload_to="vendors/logos/", blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    commission_rate = models.DecimalField(
        _("commission rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=default_commission_rate,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("producer")
        verbose_name_plural = _("producers")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(commission_rate__gte=0) & Q(commission_rate__lte=100),
                name="vendor_commission_rate_0_100",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Derived columns, kept in step on every save (services, admin, fixtures alike); only
        # bulk_create bypasses this and must call fold_names() itself.
        self.fold_names()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "legal_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "name_folded", "legal_name_folded"}
        super().save(*args, **kwargs)

    def fold_names(self) -> None:
        self.name_folded = fold(self.name)
        self.legal_name_folded = fold(self.legal_name)

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def province(self):
        return self.commune.province


class VendorMember(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MANAGER = "manager", _("Manager")
        STAFF = "staff", _("Staff")

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vendor_memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.STAFF)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("producer member")
        verbose_name_plural = _("producer members")
        constraints = [
            models.UniqueConstraint(fields=["vendor", "user"], name="vendor_member_unique")
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.vendor})"


class OnboardingApplication(models.Model):
    """A request to join the marketplace as a producer, reviewed by staff."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="vendor_applications"
    )
    status = models.CharField(max_length=32, choices=Status.choices, default=Status.DRAFT)
    legal_name = models.CharField(_("legal name"), max_length=255, blank=True)
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=VendorKind.choices, blank=True)
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True)
    commune = models.ForeignKey(
        "geography.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    street_address = models.CharField(_("street address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    story = models.TextField(_("story"), blank=True)
    vendor = models.OneToOneField(
        Vendor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
        help_text=_("The producer created when the application was approved."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("onboarding application")
        verbose_name_plural = _("onboarding applications")
        ordering = ["-created_at"]
        constraints = [
            # An approved application always has its producer, and only then.
            models.CheckConstraint(
                condition=Q(status="approved", vendor__isnull=False)
                | (~Q(status="approved") & Q(vendor__isnull=True)),
                name="application_vendor_iff_approved",
            )
        ]

    def __str__(self):
        return self.display_name or self.legal_name or f"#{self.pk}"

    @property
    def is_editable(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.CHANGES_REQUESTED}


class ApplicationEvent(TransitionEvent):
    """One transition of an application: who moved it, when, and why."""

    application = models.ForeignKey(
        OnboardingApplication, on_delete=models.CASCADE, related_name="events"
    )


def _document_path(instance, filename):
    return f"applications/{instance.application_id}/{filename}"


class ApplicationDocument(models.Model):
    class Kind(models.TextChoices):
        BUSINESS_REGISTRATION = "business_registration", _("Business registration")
        FOOD_SAFETY = "food_safety", _("Food-safety certificate")
        OTHER = "other", _("Other")

    application = models.ForeignKey(
        OnboardingApplication, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    file = models.FileField(upload_to=_document_path, storage=private_storage, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"


class CertificateStatus(models.TextChoices):
    IN_FORCE = "in_force", _("in force")
    EXPIRED = "expired", _("expired")
    REVOKED = "revoked", _("revoked")
    UNVERIFIED = "unverified", _("not verified")


def _certificate_path(instance, filename):
    return f"certificates/{instance.vendor_id}/{filename}"


class OcopCertificate(ReindexMarked):
    """An OCOP recognition decision for one product of a producer, valid for 36 months."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CENTRAL = "central", _("Central")

    class Verification(models.TextChoices):
        PENDING = "pending", _("Pending")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="certificates")
    product_name = models.CharField(_("recognised product"), max_length=255)
    product_set = models.ForeignKey(
        "catalog.Category",
        on_delete=models.PROTECT,
        related_name="certificates",
        limit_choices_to={"level": 3},
    )
    decision_number = models.CharField(_("decision number"), max_length=64)
    # For the public lookup, typed without diacritics or punctuation: "1201/QĐ-UBND-14" is
    # found as "1201/QD-UBND-14" or "1201 qd ubnd 14". Kept in step by save().
    decision_number_key = models.CharField(max_length=64, editable=False, default="", db_index=True)
    product_name_folded = models.CharField(max_length=255, editable=False, default="")
    decision_date = models.DateField(_("decision date"))
    issuing_body = models.CharField(_("issuing body"), max_length=255)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    stars = models.PositiveSmallIntegerField(_("stars"))
    score = models.PositiveSmallIntegerField(_("score"))
    valid_until = models.DateField(_("valid until"))
    document = models.FileField(
        _("scanned decision"), upload_to=_certificate_path, storage=private_storage, max_length=255
    )
    verification_status = models.CharField(
        max_length=16, choices=Verification.choices, default=Verification.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    revoked = models.BooleanField(default=False)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)
    expiry_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("OCOP certificate")
        verbose_name_plural = _("OCOP certificates")
        ordering = ["-decision_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "decision_number", "product_name"],
                name="certificate_unique_per_decision_and_product",
            ),
            # The programme's rules, enforced by the database as well as the services.
            models.CheckConstraint(
                condition=Q(level="province", stars__in=[3, 4]) | Q(level="central", stars=5),
                name="certificate_stars_match_level",
            ),
            models.CheckConstraint(
                condition=Q(stars=3, score__gte=50, score__lte=69)
                | Q(stars=4, score__gte=70, score__lte=89)
                | Q(stars=5, score__gte=90, score__lte=100),
                name="certificate_score_in_star_band",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("decision_date")),
                name="certificate_valid_after_decision",
            ),
        ]

    def __str__(self):
        return f"{self.product_name} ({self.stars}★, {self.decision_number})"

    def save(self, *args, **kwargs):
        # As Vendor does: derived columns on every save; bulk_create calls fold_fields() itself.
        self.fold_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"decision_number", "product_name"} & set(update_fields):
            kwargs["update_fields"] = {
                *update_fields, "decision_number_key", "product_name_folded"
            }  # fmt: skip
        super().save(*args, **kwargs)

    def fold_fields(self) -> None:
        self.decision_number_key = lookup_key(self.decision_number)
        self.product_name_folded = fold(self.product_name)

    def status_on(self, day=None) -> str:
        """IN_FORCE, EXPIRED, REVOKED or UNVERIFIED on `day` (today): what a shopper checking
        the badge on a package needs to know."""
        day = day or timezone.localdate()
        if self.revoked:
            return CertificateStatus.REVOKED
        if self.verification_status != self.Verification.VERIFIED:
            return CertificateStatus.UNVERIFIED
        if self.valid_until < day:
            return CertificateStatus.EXPIRED
        return CertificateStatus.IN_FORCE

    def is_current(self, on=None) -> bool:
        """Verified, not revoked and not expired on `on` (today by default)."""
        day = on or timezone.localdate()
        return (
            self.verification_status == self.Verification.VERIFIED
            and not self.revoked
            and self.valid_until >= day
        )


class NationalCheckFinding(models.Model):
    """A difference between one of our verified certificates and the national OCOP portal's
    record of it, waiting for staff. The evidence is kept as the portal answered; nothing here
    changes the certificate: staff decide (revoke, ask the producer, or dismiss)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for review")
        CONFIRMED = "confirmed", _("Confirmed: action taken")
        DISMISSED = "dismissed", _("Dismissed: no problem")

    certificate = models.ForeignKey(
        OcopCertificate, on_delete=models.CASCADE, related_name="national_findings"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    # [{"field": "stars", "ours": "4", "national": "3"}, ...]
    differences = models.JSONField(_("differences"), default=list)
    national_id = models.CharField(_("national record"), max_length=64)
    national_record = models.JSONField(_("national record as received"), default=dict)
    checked_at = models.DateTimeField(_("checked at"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("national cross-check finding")
        verbose_name_plural = _("national cross-check findings")
        ordering = ["-checked_at", "pk"]
        constraints = [
            # A re-run refreshes the open finding instead of piling up copies of it.
            models.UniqueConstraint(
                fields=["certificate"],
                condition=Q(status="open"),
                name="national_finding_one_open_per_certificate",
            )
        ]

    def __str__(self):
        fields = ", ".join(d["field"] for d in self.differences)
        return f"{self.certificate.product_name}: {fields}"
