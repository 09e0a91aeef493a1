"""Vietnam's administrative units since 1 July 2025: 34 provinces and 3,321 communes.

Codes follow Decision 19/2025/QĐ-TTg (province 2 digits, commune 5). There are no districts any
more. The 63 pre-2025 provinces are kept as `LegacyProvince` rows pointing at the province that
absorbed them, because producers and shoppers still say "Bắc Kạn" or "Sóc Trăng".
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    class DivisionType(models.TextChoices):
        PROVINCE = "tinh", _("province")
        CITY = "thanh_pho", _("centrally-run city")

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("official name"), max_length=100)
    short_name = models.CharField(_("name"), max_length=100)
    division_type = models.CharField(max_length=16, choices=DivisionType.choices)
    codename = models.CharField(max_length=100, unique=True)
    name_folded = models.CharField(max_length=100, db_index=True, editable=False)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["code"]

    def __str__(self):
        return self.short_name


class LegacyProvince(models.Model):
    """A province as it was before 1 July 2025, and the province that absorbed it."""

    code = models.CharField(_("pre-2025 code"), max_length=2, primary_key=True)
    name = models.CharField(_("pre-2025 name"), max_length=100)
    other_names = models.JSONField(default=list, blank=True)
    name_folded = models.CharField(max_length=100, db_index=True, editable=False)
    successor = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="legacy_provinces"
    )

    class Meta:
        verbose_name = _("pre-2025 province")
        verbose_name_plural = _("pre-2025 provinces")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Commune(models.Model):
    """A commune (xã), ward (phường) or special zone (đặc khu)."""

    class DivisionType(models.TextChoices):
        COMMUNE = "xa", _("commune")
        WARD = "phuong", _("ward")
        SPECIAL_ZONE = "dac_khu", _("special zone")

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(max_length=100)
    division_type = models.CharField(max_length=16, choices=DivisionType.choices)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="communes")
    legacy_province = models.ForeignKey(
        LegacyProvince,
        on_delete=models.PROTECT,
        related_name="communes",
        null=True,
        blank=True,
        help_text=_("The pre-2025 province this commune belonged to."),
    )
    name_folded = models.CharField(max_length=100, db_index=True, editable=False)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["province_id", "name"]

    def __str__(self):
        return f"{self.name}, {self.province.short_name}"

    @property
    def former_province_name(self) -> str | None:
        """The pre-2025 province name where it differs from today's ("Bắc Kạn")."""
        legacy = self.legacy_province
        if legacy is None or legacy.name == self.province.short_name:
            return None
        return legacy.name
