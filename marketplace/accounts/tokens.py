"""JSON Web Tokens for people: a short-lived access token and a longer refresh token.

Signed with HS256 using JWT_SECRET (SECRET_KEY by default). The access token authenticates
`Authorization: Bearer <token>`; the refresh token only buys a new access token.
"""

import datetime
import uuid

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

ACCESS = "access"
REFRESH = "refresh"
_ALGORITHM = "HS256"


class InvalidToken(Exception):
    """The token is malformed, forged, expired, of the wrong type, or its user is gone."""


def _encode(user, token_type: str, lifetime: datetime.timedelta) -> str:
    now = timezone.now()
    payload = {
        "sub": str(user.pk),
        "email": user.email,
        "type": token_type,
        "iat": int(now.timestamp()),
        "exp": int((now + lifetime).timestamp()),
        "jti": uuid.uuid4().hex,
        "iss": settings.JWT_ISSUER,
    }
    return jwt.encode(payload, settings.JWT_SECRET, algorithm=_ALGORITHM)


def create_access_token(user) -> str:
    return _encode(user, ACCESS, settings.JWT_ACCESS_TOKEN_LIFETIME)


def create_refresh_token(user) -> str:
    return _encode(user, REFRESH, settings.JWT_REFRESH_TOKEN_LIFETIME)


def user_from_token(token: str, *, token_type: str = ACCESS):
    """The active user a valid token of `token_type` belongs to; InvalidToken otherwise."""
    try:
        payload = jwt.decode(
            token,
            settings.JWT_SECRET,
            algorithms=[_ALGORITHM],
            issuer=settings.JWT_ISSUER,
            options={"require": ["exp", "iat", "sub", "type"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise InvalidToken("The token has expired.") from exc
    except jwt.PyJWTError as exc:
        raise InvalidToken("The token is not valid.") from exc
    if payload.get("type") != token_type:
        raise InvalidToken(f"This is not an {token_type} token.")
    user = get_user_model().objects.filter(pk=payload["sub"], is_active=True).first()
    if user is None:
        raise InvalidToken("The token's user does not exist or is inactive.")
    return user
