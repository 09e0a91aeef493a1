"""Apps and their tokens: created by staff, or by a producer's owner for that producer only."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integrations.access import require_app_manager
from integrations.lock_objects import lock_app, lock_app_token
from integrations.models import SCOPES, TOKEN_PREFIX, App, AppToken, Scope
from integrations.principals import AppPrincipal
from marketplace.core import api_tokens
from marketplace.core.errors import ErrorCode, FieldError, PermissionDeniedError, ServiceError
from marketplace.core.permissions import is_staff
from vendors.access import OWNER_ONLY, require_vendor_role

NAME_LIMIT = 100


def _clean_name(name) -> str:
    name = (name or "").strip()
    if not name:
        raise ServiceError.single(ErrorCode.REQUIRED, _("Name the app."), "name")
    if len(name) > NAME_LIMIT:
        raise ServiceError.single(
            ErrorCode.INVALID, _("At most %(limit)d characters.") % {"limit": NAME_LIMIT}, "name"
        )
    return name


def _clean_scopes(scopes) -> list[str]:
    """The scopes in their fixed order, each once; any other string is refused."""
    scopes = list(scopes or [])
    unknown = [scope for scope in scopes if scope not in SCOPES]
    if unknown:
        raise ServiceError(
            FieldError(
                ErrorCode.INVALID,
                _("Unknown scope %(scope)s; the scopes are %(scopes)s.")
                % {"scope": scope, "scopes": ", ".join(SCOPES)},
                "scopes",
            )
            for scope in unknown
        )
    if Scope.ORDERS_WRITE in scopes and Scope.ORDERS_READ not in scopes:
        # An app finds the parts it fulfils by reading them.
        raise ServiceError.single(
            ErrorCode.INVALID, _("orders:write goes with orders:read."), "scopes"
        )
    return [scope for scope in SCOPES if scope in scopes]


def app_create(*, actor, name, producer=None, scopes=()) -> App:
    """A new app; `producer` scopes everything it does to that producer."""
    if not is_staff(actor):
        if producer is None:
            raise PermissionDeniedError(_("Only marketplace staff create apps for no producer."))
        require_vendor_role(actor, producer, OWNER_ONLY, allow_staff=False)
    cleaned = {"name": _clean_name(name), "scopes": _clean_scopes(scopes)}
    return App.objects.create(producer=producer, created_by=actor, **cleaned)


def app_update(*, actor, app, name=None, scopes=None, is_active=None) -> App:
    """Change what is given (None leaves it); the producer of an app never changes."""
    require_app_manager(actor, app)
    changes = {}
    if name is not None:
        changes["name"] = _clean_name(name)
    if scopes is not None:
        changes["scopes"] = _clean_scopes(scopes)
    if is_active is not None:
        changes["is_active"] = bool(is_active)
    with transaction.atomic():
        app = lock_app(app)
        for field, value in changes.items():
            setattr(app, field, value)
        if changes:
            app.save(update_fields=list(changes))
        return app


def app_delete(*, actor, app) -> None:
    """The app and its tokens go; requests with them are answered 401 from then on."""
    require_app_manager(actor, app)
    with transaction.atomic():
        lock_app(app).delete()


def app_token_create(*, actor, app) -> tuple[AppToken, str]:
    """A new token for `app`; the raw token is returned here and never again."""
    require_app_manager(actor, app)
    raw, stored = api_tokens.hashed_token_fields(prefix=TOKEN_PREFIX)
    return AppToken.objects.create(app=app, created_by=actor, **stored), raw


def app_token_revoke(*, actor, token) -> AppToken:
    require_app_manager(actor, token.app)
    with transaction.atomic():
        token = lock_app_token(token)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
        return token


def authenticate_app_token(*, raw) -> AppPrincipal | None:
    """The principal of the unrevoked token of an active app for `raw`, or None; records the
    token's use."""
    token = api_tokens.find_active_token(
        AppToken.objects.select_related("app").filter(app__is_active=True),
        raw=raw,
        prefix=TOKEN_PREFIX,
    )
    return None if token is None else AppPrincipal(token)
