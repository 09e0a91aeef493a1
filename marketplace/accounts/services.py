"""Accounts: registering, and logging in for a token with failed attempts throttled."""

import contextlib
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


def _count_attempt(key: str) -> int:
    """This attempt's number within the window, counted atomically: `add` opens the window
    only if no one did, `incr` is atomic in Redis and in the local-memory cache, so that of
    many concurrent attempts each gets its own number."""
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # the window closed between add and incr: this attempt opens a new one
        return 1 if cache.add(key, 1, timeout=window) else cache.incr(key)


def _forget_attempt(key: str) -> None:
    with contextlib.suppress(ValueError):  # the window closed meanwhile
        cache.decr(key)


def login_for_token(*, email: str, password: str, client_ip: str | None = None) -> User:
    """The user whose credentials these are. Only LOGIN_FAILURE_LIMIT attempts for an email or
    an address are checked within the window unless they succeed; the rest are refused without
    looking at the password, so that guessing passwords is slow. The attempt is counted before
    the password is checked: counting failures afterwards would let every attempt that starts
    before the first failure is recorded through (concurrent requests)."""
    email = (email or "").strip().lower()
    email_key, *ip_keys = _failure_keys(email, client_ip)
    numbers = [_count_attempt(key) for key in (email_key, *ip_keys)]
    if any(number > settings.LOGIN_FAILURE_LIMIT for number in numbers):
        raise ServiceError.single(
            ErrorCode.THROTTLED,
            _("Too many failed attempts. Try again in %(minutes)s minutes.")
            % {"minutes": settings.LOGIN_FAILURE_WINDOW_SECONDS // 60},
        )
    user = authenticate(username=email, password=password or "")
    if user is None:
        raise ServiceError.single(
            ErrorCode.INVALID_CREDENTIALS, _("The email or password is not correct.")
        )
    # A success was no failure: the email starts afresh, the address takes this one back.
    cache.delete(email_key)
    for key in ip_keys:
        _forget_attempt(key)
    return user
