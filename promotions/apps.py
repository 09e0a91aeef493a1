from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionsConfig(AppConfig):
    """Vouchers funded by the platform or by one producer, and their redemptions by orders.

    Below orders in the layering: orders calls these services and selectors (to price a
    checkout and to take a use at completion); nothing here imports orders."""

    name = "promotions"
    verbose_name = _("Promotions")
