"""What a review's text must be (lengths: refused) and what holds it for staff (phone
numbers, links, banned words: written, but PENDING). Plain text throughout: stored as given,
escaped by whoever renders it, never read as HTML."""

import re

from django.conf import settings
from django.utils.translation import gettext as _

from marketplace.core.errors import ErrorCode, FieldError, ServiceError
from marketplace.core.text import fold
from reviews.models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH

# Vietnamese phone numbers: 0xxx xxx xxx (mobile), 02xx xxxx xxxx (landline), +84 / 0084 …,
# digits grouped by spaces, dots or dashes.
_PHONE = re.compile(r"(?<![\d+])(?:\+\s?84|0084|0)(?:[\s.\-]?\d){8,10}(?!\d)")
# Links: a scheme, "www.", or a host name under a common top-level domain (on folded text).
_URL = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\."
    r"(?:com|vn|net|org|info|biz|xyz|io|me|co|shop|store|online|site|top|link|ly|asia)\b(?:/\S*)?"
)


def clean_rating(rating) -> int:
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ServiceError.single(
            ErrorCode.INVALID, _("Choose a rating from 1 to 5 stars."), "rating"
        )
    return rating


def clean_text(*, title: str, body: str) -> tuple[str, str]:
    """The title and body, stripped; refused when too long."""
    title, body = (title or "").strip(), (body or "").strip()
    too_long = {
        "title": _("The title has %(length)s characters; the limit is %(limit)s."),
        "body": _("The review has %(length)s characters; the limit is %(limit)s."),
    }
    limits = (("title", title, TITLE_MAX_LENGTH), ("body", body, BODY_MAX_LENGTH))
    errors = [
        FieldError(
            ErrorCode.INVALID, too_long[field] % {"length": len(text), "limit": limit}, field
        )
        for field, text, limit in limits
        if len(text) > limit
    ]
    if errors:
        raise ServiceError(errors)
    return title, body


def clean_reply(body: str) -> str:
    """A producer's reply, stripped: required, and as long as a review at most."""
    body = (body or "").strip()
    if not body:
        raise ServiceError.single(ErrorCode.REQUIRED, _("Write a reply."), "body")
    if len(body) > BODY_MAX_LENGTH:
        message = _("The reply has %(length)s characters; the limit is %(limit)s.")
        limit = {"length": len(body), "limit": BODY_MAX_LENGTH}
        raise ServiceError.single(ErrorCode.INVALID, message % limit, "body")
    return body


def hold_reasons(*, title: str, body: str) -> list[str]:
    """Why the text must wait for staff ([] when it may be published at once): "phone",
    "url", "banned_word"."""
    text = f"{title}\n{body}"
    folded = fold(text)
    reasons = []
    if _PHONE.search(text):
        reasons.append("phone")
    if _URL.search(folded):
        reasons.append("url")
    if any(_contains_word(folded, word) for word in settings.REVIEW_BANNED_WORDS):
        reasons.append("banned_word")
    return reasons


def _contains_word(folded_text: str, word: str) -> bool:
    folded_word = fold(word)
    if not folded_word:
        return False
    pattern = rf"(?<![a-z0-9]){re.escape(folded_word)}(?![a-z0-9])"
    return re.search(pattern, folded_text) is not None
