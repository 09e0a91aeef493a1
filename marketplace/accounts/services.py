"""Accounts: registering, and logging in for a token with failed attempts throttled."""

import hashlib

from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from marketplace.accounts.models import User
from marketplace.core.errors import ErrorCode, FieldError, ServiceError

MAX_NAME_LENGTH = 150

# Django 5.2's MinimumLengthValidator says this; Django's own Vietnamese catalogue still has the
# older wording, so the message would reach Vietnamese users in English. Naming it here keeps it
# in our catalogue (makemessages), which Django consults first.
_PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)


def account_register(*, email: str, password: str, full_name: str = "") -> User:
    """A new shopper account. Passwords go through Django's validators."""
    email = (email or "").strip().lower()
    full_name = (full_name or "").strip()
    errors: list[FieldError] = []
    try:
        validate_email(email)
    except ValidationError:
        errors.append(FieldError(ErrorCode.INVALID, _("Enter a valid email address."), "email"))
    if len(full_name) > MAX_NAME_LENGTH:
        errors.append(
            FieldError(
                ErrorCode.INVALID,
                _("At most %(n)s characters.") % {"n": MAX_NAME_LENGTH},
                "full_name",
            )
        )
    try:
        password_validation.validate_password(
            password or "", user=User(email=email, full_name=full_name)
        )
    except ValidationError as exc:
        errors.extend(
            FieldError(ErrorCode.INVALID, message, "password") for message in exc.messages
        )
    if errors:
        raise ServiceError(errors)
    try:
        with transaction.atomic():
            if User.objects.filter(email__iexact=email).exists():
                raise IntegrityError
            return User.objects.create_user(email=email, password=password, full_name=full_name)
    except IntegrityError:
        raise ServiceError.single(
            ErrorCode.UNIQUE, _("An account with this email already exists."), "email"
        ) from None


def _failure_keys(email: str, client_ip: str | None) -> list[str]:
    # Hashed: any text may be typed as an email, and cache keys must stay short and plain.
    keys = [f"login-failures:email:{_digest(email)}"]
    if client_ip:
        keys.append(f"login-failures:ip:{_digest(client_ip)}")
    return keys


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def login_for_token(*, email: str, password: str, client_ip: str | None = None) -> User:
    """The user whose credentials these are. After LOGIN_FAILURE_LIMIT failures for an email or
    an address within the window, further attempts are refused without checking the password,
    so that guessing passwords is slow."""
    email = (email or "").strip().lower()
    keys = _failure_keys(email, client_ip)
    if any(cache.get(key, 0) >= settings.LOGIN_FAILURE_LIMIT for key in keys):
        raise ServiceError.single(
            ErrorCode.THROTTLED,
            _("Too many failed attempts. Try again in %(minutes)s minutes.")
            % {"minutes": settings.LOGIN_FAILURE_WINDOW_SECONDS // 60},
        )
    user = authenticate(username=email, password=password or "")
    if user is None:
        for key in keys:
            cache.add(key, 0, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)
        raise ServiceError.single(
            ErrorCode.INVALID_CREDENTIALS, _("The email or password is not correct.")
        )
    cache.delete(_failure_keys(email, None)[0])
    return user
