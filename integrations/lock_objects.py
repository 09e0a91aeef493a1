"""Row locks of the integrations app, in one place."""

from integrations.models import App, AppToken


def lock_app(app) -> App:
    return App.objects.select_for_update().get(pk=app.pk)


def lock_app_token(token) -> AppToken:
    return AppToken.objects.select_for_update().select_related("app").get(pk=token.pk)
