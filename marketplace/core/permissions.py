"""Permission checks that services call before they change anything."""

from django.utils.translation import gettext as _

from marketplace.core.errors import PermissionDeniedError


def is_staff(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


def require_staff(actor) -> None:
    if not is_staff(actor):
        raise PermissionDeniedError(_("Only marketplace staff can do this."))


def require_authenticated(actor) -> None:
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise PermissionDeniedError(_("Log in to do this."))
    if getattr(actor, "is_device", False):
        # A showroom device's token works with its location's stock and sales, nothing else.
        raise PermissionDeniedError(_("Log in as a person to do this."))
