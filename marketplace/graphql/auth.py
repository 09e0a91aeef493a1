"""Who a GraphQL request speaks for: the `Authorization: Bearer <token>` header, nothing else.

The API ignores session cookies, so browsers' cookies can never be used against it from another
site (no CSRF), and a client always knows which identity it sends.

Three kinds of bearer token: a person's JWT; a showroom device's location token (it starts
with "ocop_loc_"), which makes the request's user that LocationToken (`is_device`); and an app's
token ("ocop_app_"), which makes it the app's principal (`is_app`, acting with its scopes).
"""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from integrations.models import TOKEN_PREFIX as APP_TOKEN_PREFIX
from inventory.models.devices import TOKEN_PREFIX
from marketplace.accounts.tokens import InvalidToken, user_from_token


class AuthenticationFailed(Exception):
    pass


def bearer_token(request) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def authenticate_request(request):
    """The user of the request's bearer token (a LocationToken for a device, an AppPrincipal
    for an app), AnonymousUser without one; a bad token raises AuthenticationFailed (the
    client must know its token stopped working)."""
    token = bearer_token(request)
    if token is None:
        if request.META.get("HTTP_AUTHORIZATION"):
            raise AuthenticationFailed("Use `Authorization: Bearer <token>`.")
        return AnonymousUser()
    if token.startswith(TOKEN_PREFIX):
        from inventory.services.tokens import authenticate_location_token

        device = authenticate_location_token(raw=token)
        if device is None:
            raise AuthenticationFailed(_("This device token is not valid or has been revoked."))
        return device
    if token.startswith(APP_TOKEN_PREFIX):
        from integrations.services import authenticate_app_token

        app = authenticate_app_token(raw=token)
        if app is None:
            raise AuthenticationFailed(_("This app token is not valid or has been revoked."))
        return app
    try:
        return user_from_token(token)
    except InvalidToken as exc:
        raise AuthenticationFailed(str(exc)) from exc
