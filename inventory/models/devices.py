"""API tokens for showroom devices (POS, tablets): one location each, stored hashed."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.core.api_tokens import HashedToken, hash_token

__all__ = ["TOKEN_PREFIX", "LocationToken", "hash_token"]

TOKEN_PREFIX = "ocop_loc_"


class LocationToken(HashedToken):
    location = models.ForeignKey(
        "inventory.Location", on_delete=models.CASCADE, related_name="tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_('e.g. "Quầy thu ngân 1"'))

    class Meta:
        verbose_name = _("location token")
        verbose_name_plural = _("location tokens")
        ordering = ["-created_at", "pk"]

    def __str__(self):
        return f"{self.name} ({self.token_hint}…, {self.location})"

    # A device is not a person: these let a token stand where request.user is read.
    is_authenticated = True
    is_staff = False
    is_device = True
