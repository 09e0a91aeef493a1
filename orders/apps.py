from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    """Checkout, orders split per producer, payments, fulfilment and payouts (coming next)."""

    name = "orders"
    verbose_name = _("Orders")
