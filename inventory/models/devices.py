"""API tokens for showroom devices (POS, tablets): one location each, stored hashed."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "ocop_loc_"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class LocationToken(models.Model):
    location = models.ForeignKey(
        "inventory.Location", on_delete=models.CASCADE, related_name="tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_('e.g. "Quầy thu ngân 1"'))
    # sha256 of the token; the token itself is shown once, when created, and never stored.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_hint = models.CharField(
        max_length=16, editable=False, help_text=_("The first characters, to recognise it.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("location token")
        verbose_name_plural = _("location tokens")
        ordering = ["-created_at", "pk"]

    def __str__(self):
        return f"{self.name} ({self.token_hint}…, {self.location})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    # A device is not a person: these let a token stand where request.user is read.
    is_authenticated = True
    is_staff = False
    is_device = True
