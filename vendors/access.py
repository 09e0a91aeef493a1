"""Who may act for a producer."""

from django.utils.translation import gettext as _

from marketplace.core.errors import PermissionDeniedError
from marketplace.core.permissions import app_may, is_app, is_staff
from vendors.models import VendorMember
from vendors.selectors import member_role

Role = VendorMember.Role

# Owners manage members; owners and managers manage listings and certificates; every member
# handles stock and orders.
LISTING_ROLES = frozenset({Role.OWNER, Role.MANAGER})
ALL_ROLES = frozenset({Role.OWNER, Role.MANAGER, Role.STAFF})
OWNER_ONLY = frozenset({Role.OWNER})


def require_vendor_role(
    actor, vendor, roles=LISTING_ROLES, *, allow_staff: bool = True, app_scope: str | None = None
) -> None:
    """Allow platform staff (unless told not to) and members of `vendor` with one of `roles`;
    an app only when `app_scope` is given and it holds that scope for `vendor`."""
    if is_app(actor):
        if app_scope is not None and app_may(actor, app_scope, vendor.pk):
            return
        raise PermissionDeniedError(_("You cannot act for this producer."))
    if allow_staff and is_staff(actor):
        return
    # A deactivated account keeps its membership rows but acts for nobody.
    if actor is not None and actor.is_active and member_role(actor, vendor) in roles:
        return
    raise PermissionDeniedError(_("You cannot act for this producer."))


def require_application_reader(actor, application) -> None:
    """Staff and the applicant read an application and its documents."""
    if is_staff(actor) or (
        actor is not None
        and actor.is_authenticated
        and actor.is_active
        and application.applicant_id == actor.pk
    ):
        return
    raise PermissionDeniedError(_("You cannot see this application."))
