from django.apps import AppConfig


class FrontendTemplatesConfig(AppConfig):
    """Server-rendered pages: storefront, producer dashboard, showroom console."""

    name = "frontend_templates"
    verbose_name = "Pages"

    def ready(self):
        from frontend_templates.storefront import guest_orders  # noqa: F401  (connects its receiver)
