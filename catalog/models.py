"""The OCOP taxonomy and the catalogue: products, their variants and images."""

import datetime
import secrets

from django.db import models
from django.db.models import Case, F, IntegerField, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.validators import validate_gtin
from marketplace.core.models import ReindexMarked, TransitionEvent
from marketplace.core.text import fold


class Category(models.Model):
    """A node of the OCOP taxonomy: sector (ngành) -> group (nhóm) -> product set (bộ sản phẩm).

    A group without sub-groups has a single product set with the same code.
    """

    class Level(models.IntegerChoices):
        SECTOR = 1, _("Sector")
        GROUP = 2, _("Group")
        PRODUCT_SET = 3, _("Product set")

    code = models.CharField(max_length=16)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    slug = models.SlugField(max_length=200, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    authority = models.CharField(_("managing ministry"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["level", "position"]
        constraints = [
            models.UniqueConstraint(fields=["level", "code"], name="category_level_code_unique"),
            models.CheckConstraint(
                condition=Q(level=1, parent__isnull=True) | Q(level__gt=1, parent__isnull=False),
                name="category_only_sectors_are_roots",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def is_leaf(self) -> bool:
        return self.level == self.Level.PRODUCT_SET


# No 0/o, 1/l/i: a code copied from a printed label by hand must not be misread.
SHORT_CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
SHORT_CODE_LENGTH = 8  # 31^8, about 8.5e11 codes: a clash is as likely as a lottery win


def new_short_code() -> str:
    """A random code for the product's traceability URL /q/<code>; it never changes."""
    return "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(SHORT_CODE_LENGTH))


def _month_mask(months) -> int:
    return sum(1 << (month - 1) for month in set(months))


def _month_bit(month: int | None) -> int:
    """The season bit of `month` (1-12; this month when None)."""
    if month is None:
        month = timezone.localdate().month
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise ValueError(f"A month is a number from 1 to 12, not {month!r}.")
    return 1 << (month - 1)


class ProductQuerySet(models.QuerySet):
    def published(self):
        """What shoppers may see: published products of active producers."""
        return self.filter(status=Product.Status.PUBLISHED, vendor__status="active")

    def with_current_stars(self, on: datetime.date | None = None):
        """Annotate `current_stars`: the certificate's stars while it is verified, unrevoked and
        unexpired on `on` (today), else NULL. Filter and sort on it; never store it."""
        day = on or timezone.localdate()
        return self.annotate(
            current_stars=Case(
                When(
                    certificate__verification_status="verified",
                    certificate__revoked=False,
                    certificate__valid_until__gte=day,
                    then=F("certificate__stars"),
                ),
                default=None,
                output_field=IntegerField(),
            )
        )

    def in_season(self, month: int | None = None):
        """Products in season in `month` (1-12, this month by default); products without a
        season are always in."""
        return self.annotate(_season_bit=F("season_mask").bitand(_month_bit(month))).filter(
            Q(season_mask=0) | Q(_season_bit__gt=0)
        )


class Product(ReindexMarked):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING_REVIEW = "pending_review", _("Pending review")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        ARCHIVED = "archived", _("Archived")

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="products")
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="products",
        limit_choices_to={"level": 3},
        verbose_name=_("product set"),
    )
    name = models.CharField(_("name"), max_length=255)
    # fold(name), written by the services and the generator: shoppers type "mien dong" for
    # "Miến dong", and the database has no portable way to ignore Vietnamese diacritics.
    name_folded = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    slug = models.SlugField(max_length=255, unique=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Sanitised HTML."))
    origin_commune = models.ForeignKey(
        "geography.Commune",
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("origin commune"),
    )
    certificate = models.ForeignKey(
        "vendors.OcopCertificate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="products",
    )
    status = models.CharField(max_length=32, choices=Status.choices, default=Status.DRAFT)
    review_note = models.TextField(blank=True)
    season_mask = models.PositiveSmallIntegerField(
        default=0, help_text=_("Bit n-1 set when in season in month n; 0 means all year.")
    )
    gtin = models.CharField(_("GTIN"), max_length=14, blank=True, validators=[validate_gtin])
    batch = models.CharField(
        _("batch or season"),
        max_length=100,
        blank=True,
        help_text=_('What the traceability card shows, e.g. "Vụ chè xuân 2025, lô 03".'),
    )
    # The stable code of the printed QR labels (/q/<code>): made once, never reused or changed,
    # whatever happens to the name or slug. A default, so bulk inserts get one too.
    short_code = models.CharField(
        max_length=12, unique=True, default=new_short_code, editable=False
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["-created_at", "pk"]
        indexes = [
            models.Index(fields=["status", "vendor"], name="product_status_vendor_idx"),
            models.Index(fields=["status", "category"], name="product_status_category_idx"),
            # The storefront's narrow id queries walk these instead of sorting every product:
            # related products of a product set by name, the home page's newest.
            models.Index(
                fields=["category", "name_folded", "id"], name="product_category_name_idx"
            ),
            models.Index(fields=["created_at", "id"], name="product_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(season_mask__lt=4096), name="product_season_mask_12_months"
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # A derived column kept in step on every save, as Vendor does; bulk_create bypasses
        # save() and sets it itself.
        self.name_folded = fold(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_folded"}
        super().save(*args, **kwargs)

    @property
    def ocop_stars(self) -> int | None:
        """The certificate's stars while it is verified, not revoked and not expired."""
        if hasattr(self, "current_stars"):
            return self.current_stars
        certificate = self.certificate
        return certificate.stars if certificate and certificate.is_current() else None

    @property
    def season_months(self) -> list[int]:
        return [month for month in range(1, 13) if self.season_mask & (1 << (month - 1))]

    @season_months.setter
    def season_months(self, months) -> None:
        self.season_mask = _month_mask(months or [])

    def in_season(self, month: int | None = None) -> bool:
        return self.season_mask == 0 or bool(self.season_mask & _month_bit(month))


class ProductEvent(TransitionEvent):
    """One status change of a product (submission, moderation, archiving)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="events")


class ProductVariant(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    # Denormalised from the product so that the database keeps SKUs unique per producer.
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="+")
    sku = models.CharField(_("SKU"), max_length=64)
    name = models.CharField(_("name"), max_length=255)
    price = models.PositiveBigIntegerField(_("price (đồng)"))
    compare_at_price = models.PositiveBigIntegerField(
        _("compare-at price (đồng)"), null=True, blank=True
    )
    weight_grams = models.PositiveIntegerField(_("weight (g)"), default=0)
    gtin = models.CharField(_("GTIN"), max_length=14, blank=True, validators=[validate_gtin])
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("variant")
        verbose_name_plural = _("variants")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "sku"], name="variant_sku_unique_per_vendor"),
            models.CheckConstraint(condition=Q(price__gt=0), name="variant_price_positive"),
            models.CheckConstraint(
                condition=Q(compare_at_price__isnull=True) | Q(compare_at_price__gt=F("price")),
                name="variant_compare_at_above_price",
            ),
        ]

    def __str__(self):
        return f"{self.product.name} – {self.name}"


def _media_path(instance, filename):
    return f"products/{instance.product_id}/{filename}"


class ProductMedia(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="media")
    image = models.ImageField(
        upload_to=_media_path, max_length=255, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt = models.CharField(_("alt text"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # {"160": "products/12/thumbs/160.webp", ...}: one file per size in THUMBNAIL_SIZES.
    thumbnails = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("product image")
        verbose_name_plural = _("product images")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.alt or self.image.name


def _unconstrained(to, **options):
    # The triggers delete a listing with its product; a foreign key would only order them.
    return models.ForeignKey(
        to, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", **options
    )


class CertifiedListing(models.Model):
    """What the programme statistics count: one row per published product of an active producer
    with a verified certificate, its product, certificate, producer and place in one narrow row,
    so that the aggregates read one table instead of joining five.

    Kept by database triggers (migration 0008) in the same transaction as any change of its
    product, certificate or producer, whoever writes (services, admin, bulk updates).
    `catalog.statistics.certified_listings_rebuild()` writes it from scratch (after moving
    communes between provinces or categories between sectors, which no trigger follows).
    Read only by catalog.statistics; never written by Django code."""

    product = models.OneToOneField(
        Product,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    vendor = _unconstrained("vendors.Vendor")
    producer_kind = models.CharField(max_length=32)
    certificate = _unconstrained("vendors.OcopCertificate")
    stars = models.PositiveSmallIntegerField()
    decision_date = models.DateField()
    valid_until = models.DateField()
    revoked = models.BooleanField()
    revoked_at = models.DateTimeField(null=True)
    province = _unconstrained("geography.Province")
    legacy_province = _unconstrained("geography.LegacyProvince", null=True)
    product_set = _unconstrained(Category)
    sector = _unconstrained(Category, null=True)

    def __str__(self):
        return f"{self.product_id}: {self.stars}★ ({self.province_id})"
