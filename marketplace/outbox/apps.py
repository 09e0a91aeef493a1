from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "marketplace.outbox"
    label = "outbox"
    verbose_name = _("Outbox")

    def ready(self):
        # Every app's handlers, in web and worker processes alike, before any message runs.
        autodiscover_modules("outbox_handlers")
