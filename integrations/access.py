"""Who may manage an app: staff any; a producer's owner the apps of that producer."""

from django.utils.translation import gettext as _

from marketplace.core.errors import PermissionDeniedError
from marketplace.core.permissions import is_staff
from vendors.access import OWNER_ONLY, require_vendor_role


def require_app_manager(actor, app) -> None:
    if is_staff(actor):
        return
    if app.producer_id is None:
        raise PermissionDeniedError(_("Only marketplace staff manage this app."))
    require_vendor_role(actor, app.producer, OWNER_ONLY, allow_staff=False)
