from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data and the national-scale catalogue generator. Sits above the domain apps."""

    name = "demo"
    verbose_name = "Demo data"
