from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    """Reviews and ratings of products by the shoppers who received them."""

    name = "reviews"
    verbose_name = _("Reviews")
