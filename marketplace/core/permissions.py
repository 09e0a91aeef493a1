"""Permission checks that services call before they change anything.

Besides people, two kinds of client stand where request.user is read: a showroom device's
LocationToken (`is_device`) and an app's principal (`is_app`: `scopes`, `producer_id`). They are
recognised by those attributes, so that domain code never imports the integrations app."""

from django.utils.translation import gettext as _

from marketplace.core.errors import PermissionDeniedError


class AppScope:
    """What an app's token may do (integrations.models.Scope labels them for people)."""

    CATALOG_READ = "catalog:read"  # its producer's unpublished catalogue too
    ORDERS_READ = "orders:read"  # its producer's parts of orders
    ORDERS_WRITE = "orders:write"  # fulfilment transitions of those parts
    STOCK_WRITE = "stock:write"  # stock counts at its producer's warehouses


def is_staff(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


def is_app(actor) -> bool:
    return bool(getattr(actor, "is_app", False))


def is_person(actor) -> bool:
    """An active person's account: not anonymous, nor a device, an app or a POS connection."""
    return bool(
        actor is not None
        and actor.is_authenticated
        and actor.is_active
        and not getattr(actor, "is_device", False)
        and not getattr(actor, "is_connection", False)
        and not is_app(actor)
    )


def app_producer_id(actor, scope: str) -> int | None:
    """The producer an active app may act for with `scope`, or None. An app without a
    producer only makes the reads anyone may make: it acts for no producer."""
    if not is_app(actor) or not actor.is_active or scope not in actor.scopes:
        return None
    return actor.producer_id


def app_may(actor, scope: str, vendor_id) -> bool:
    producer_id = app_producer_id(actor, scope)
    return producer_id is not None and producer_id == vendor_id


def require_staff(actor) -> None:
    if not is_staff(actor):
        raise PermissionDeniedError(_("Only marketplace staff can do this."))


def require_authenticated(actor) -> None:
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise PermissionDeniedError(_("Log in to do this."))
    if getattr(actor, "is_device", False) or is_app(actor):
        # A device's token works with its location's stock and sales, an app's within its
        # scopes: neither is a person.
        raise PermissionDeniedError(_("Log in as a person to do this."))
