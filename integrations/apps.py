from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    """Apps: partner platforms and producers' own systems that use the API with scoped tokens."""

    name = "integrations"
    verbose_name = _("Integrations")
