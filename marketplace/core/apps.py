from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "marketplace.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from marketplace.core import i18n, uploads

        # The .mo files are not in the repository: compile them now if they are stale.
        i18n.compile_on_startup()
        uploads.configure_pillow()
