"""Who may work with a location: its producer's members (warehouse), its operator's staff
(showroom), platform staff, device tokens for their own location only, and apps with
stock:write at their producer's warehouses."""

from django.utils.translation import gettext as _

from inventory.models import Location, ShowroomOperatorMember
from marketplace.core.errors import PermissionDeniedError
from marketplace.core.permissions import AppScope, app_may, is_app, is_staff
from vendors.models import VendorMember

Role = ShowroomOperatorMember.Role
VENDOR_MANAGER_ROLES = (VendorMember.Role.OWNER, VendorMember.Role.MANAGER)


def is_device(actor) -> bool:
    return bool(getattr(actor, "is_device", False))


def is_connection(actor) -> bool:
    """A POS connection applying the counts its POS reports (a webhook or a pull)."""
    return bool(getattr(actor, "is_connection", False))


def actor_fields(actor) -> dict:
    """The actor_user/actor_token pair that movements, syncs and sales record (a POS
    connection records neither: its movements' reference and reason name it; nor does an
    app, being neither a person nor a device: its reason says what it did)."""
    if is_connection(actor) or is_app(actor):
        return {"actor_user": None, "actor_token": None}
    if is_device(actor):
        return {"actor_user": None, "actor_token": actor}
    if actor is not None and actor.is_authenticated:
        return {"actor_user": actor, "actor_token": None}
    return {"actor_user": None, "actor_token": None}


def _is_person(actor) -> bool:
    return (
        actor is not None
        and not is_device(actor)
        and not is_connection(actor)
        and not is_app(actor)
        and actor.is_authenticated
        and actor.is_active
    )


def can_access_location(actor, location) -> bool:
    if is_connection(actor):
        return actor.is_enabled and actor.location_id == location.pk and location.is_active
    if is_device(actor):
        return actor.is_active and actor.location_id == location.pk and location.is_active
    if is_app(actor):  # with stock:write, its producer's warehouses
        return (
            location.kind == Location.Kind.WAREHOUSE
            and location.is_active
            and app_may(actor, AppScope.STOCK_WRITE, location.vendor_id)
        )
    if is_staff(actor):
        return True
    if not _is_person(actor):
        return False
    if location.kind == Location.Kind.WAREHOUSE:
        return VendorMember.objects.filter(user=actor, vendor_id=location.vendor_id).exists()
    return ShowroomOperatorMember.objects.filter(
        user=actor, operator_id=location.operator_id
    ).exists()


def can_manage_location(actor, location) -> bool:
    if is_device(actor) or is_connection(actor) or is_app(actor):
        return False  # a device never manages tokens or agreements, even for its own location
    if is_staff(actor):
        return True
    if not _is_person(actor):
        return False
    if location.kind == Location.Kind.WAREHOUSE:
        return VendorMember.objects.filter(
            user=actor, vendor_id=location.vendor_id, role__in=VENDOR_MANAGER_ROLES
        ).exists()
    return ShowroomOperatorMember.objects.filter(
        user=actor, operator_id=location.operator_id, role=Role.MANAGER
    ).exists()


def require_location_access(actor, location) -> None:
    if not can_access_location(actor, location):
        raise PermissionDeniedError(_("You cannot work with this location."))


def require_location_manager(actor, location) -> None:
    if not can_manage_location(actor, location):
        raise PermissionDeniedError(_("Only the location's managers can do this."))
