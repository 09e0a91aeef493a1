"""Status machines: refusing illegal moves and recording legal ones as events."""

from collections.abc import Mapping

from django.utils.translation import gettext as _

from marketplace.core.errors import ErrorCode, ServiceError


def require_transition(obj, to_status: str, allowed: Mapping[str, set[str]]) -> None:
    """Raise INVALID_TRANSITION unless `allowed[obj.status]` contains `to_status`."""
    if to_status in allowed.get(obj.status, set()):
        return
    labels = dict(type(obj)._meta.get_field("status").choices)
    message = _("Something that is %(from)s cannot become %(to)s.") % {
        "from": str(labels.get(obj.status, obj.status)).lower(),
        "to": str(labels.get(to_status, to_status)).lower(),
    }
    raise ServiceError.single(ErrorCode.INVALID_TRANSITION, message, "status")


def record_transition(obj, to_status: str, *, actor, note: str = "", update_fields=()):
    """Set the status, save, and append an event to `obj.events` (a TransitionEvent model)."""
    from_status = obj.status
    obj.status = to_status
    obj.save(update_fields=["status", "updated_at", *update_fields] if update_fields else None)
    obj.events.create(from_status=from_status, to_status=to_status, actor=actor, note=note)
    return obj
