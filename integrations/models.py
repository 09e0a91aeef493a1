"""Apps (partner platforms, a producer's own website) and their API tokens."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.core.api_tokens import HashedToken
from marketplace.core.permissions import AppScope

TOKEN_PREFIX = "ocop_app_"


class Scope(models.TextChoices):
    CATALOG_READ = AppScope.CATALOG_READ, _("Read the catalogue")
    ORDERS_READ = AppScope.ORDERS_READ, _("Read orders")
    ORDERS_WRITE = AppScope.ORDERS_WRITE, _("Fulfil orders")
    STOCK_WRITE = AppScope.STOCK_WRITE, _("Change stock")


SCOPES = tuple(Scope.values)


class App(models.Model):
    """A partner platform or a producer's own system using the API with its tokens. Staff
    create apps for any producer or none; a producer's owner for that producer only."""

    name = models.CharField(_("name"), max_length=100)
    # Set: the app acts for this one producer only (the `producer:<id>` scope).
    producer = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="apps",
        verbose_name=_("producer"),
    )
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("app")
        verbose_name_plural = _("apps")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def scope_labels(self) -> list[str]:
        """The scopes as the issue spells them, `producer:<id>` included when scoped."""
        labels = list(self.scopes)
        if self.producer_id is not None:
            labels.append(f"producer:{self.producer_id}")
        return labels


class AppToken(HashedToken):
    app = models.ForeignKey(App, on_delete=models.CASCADE, related_name="tokens")

    class Meta:
        verbose_name = _("app token")
        verbose_name_plural = _("app tokens")
        ordering = ["-created_at", "pk"]

    def __str__(self):
        return f"{self.token_hint}… ({self.app})"


# --- webhooks (integrations/webhooks/models.py): imported so that Django registers them ---
from integrations.webhooks.models import WebhookDelivery, WebhookSubscription  # noqa: E402, F401
