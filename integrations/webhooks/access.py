"""Who manages an app's webhooks: staff, or the owners of the producer a producer-scoped app
acts for."""

from django.utils.translation import gettext as _

from integrations.models import App
from integrations.selectors import apps_visible_to
from marketplace.core.errors import PermissionDeniedError
from marketplace.core.permissions import require_authenticated


def require_app_owner(actor, app: App) -> None:
    require_authenticated(actor)
    if not apps_visible_to(actor).filter(pk=app.pk).exists():
        raise PermissionDeniedError(_("You cannot manage this app's webhooks."))
