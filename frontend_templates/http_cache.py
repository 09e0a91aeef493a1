"""HTTP caching of the web pages: conditional GETs for the storefront's public pages, and no
storing of the personal ones.

The public pages (home, listing, product, certificate lookup, statistics) get a weak ETag over
what the visitor would see and answer 304 Not Modified to a matching If-None-Match, so a browser
(or a proxy) revalidates instead of downloading the page again. Two things in a page change on
every response without changing what it shows, and are left out of the hash:

- the CSRF token of a form (the language switch): Django masks the same secret differently each
  time. The secret itself goes into the hash, so a 304 only ever confirms a copy whose tokens are
  still valid for this visitor (it changes at login).
- the Content-Security-Policy nonce (JSON-LD): a new one per response. This middleware sits
  outside django-csp's, and Django's 304 carries no Content-Security-Policy header, so the
  browser keeps the stored header, whose nonce matches the stored page.

Cache-Control: `public, max-age=60` only when nothing in the response belongs to one visitor:
no session or login, no cookie set, no CSRF token embedded (a shared cache would hand one
visitor's token to another, whose form posts would then be refused). Otherwise
`private, no-cache`: the browser keeps the page and revalidates it with the ETag each time.
Every other page of the storefront, the seller centre and the showroom console, and every POST,
is `private, no-store` (carts, orders, addresses), unless the view said otherwise.
"""

import hashlib
import re

from django.conf import settings
from django.middleware.csrf import CSRF_TOKEN_LENGTH, _unmask_cipher_token
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

PUBLIC_PAGES = frozenset(
    {
        "storefront:home",
        "storefront:products",
        "storefront:product",
        "storefront:certificate-lookup",
        "storefront:statistics",
    }
)
PERSONAL_NAMESPACES = frozenset({"storefront", "dashboard", "showroom"})
PERSONAL_URL_NAMES = frozenset({"login", "logout"})
PUBLIC_MAX_AGE = 60
# A masked token as a quoted value (an attribute, JSON): quotes are rare, so the scan is quick.
_TOKEN = re.compile(rb'"([A-Za-z0-9]{%d})"' % CSRF_TOKEN_LENGTH)


def _view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else ""


def _is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def _csrf_secret(request, response) -> str | None:
    """The CSRF secret when the page embeds a token (get_token was called: the middleware then
    (re)sends the cookie), else None."""
    if settings.CSRF_USE_SESSIONS or settings.CSRF_COOKIE_NAME not in response.cookies:
        return None
    return request.META.get("CSRF_COOKIE")


def _without_tokens(body: bytes, secret: str | None) -> bytes:
    """The body with every masked form of `secret` blanked out."""
    if not secret:
        return body

    def blank(match):
        token = match.group(1).decode("ascii")
        return b'""' if _unmask_cipher_token(token) == secret else match.group()

    return _TOKEN.sub(blank, body)


def page_etag(request, response) -> str:
    """A weak ETag of what the page shows, the same for two renderings of the same content."""
    secret = _csrf_secret(request, response)
    body = _without_tokens(response.content, secret)
    nonce = getattr(request, "_csp_nonce", None)
    if nonce:
        body = body.replace(nonce.encode("ascii"), b"")
    digest = hashlib.blake2b(body, digest_size=16)
    digest.update((secret or "").encode("ascii"))
    digest.update(response.get("Content-Language", "").encode("ascii"))
    return f'W/"{digest.hexdigest()}"'


def _is_personal(request, response) -> bool:
    user = getattr(request, "user", None)
    return bool(
        (user is not None and user.is_authenticated)
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or response.cookies
    )


class PageCacheMiddleware:
    """Placed before django-csp's middleware (so that it sees the final headers and its 304
    drops the policy header) and after WhiteNoise (static files have their own caching)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.streaming or "Cache-Control" in response:
            return response  # the view decided (e.g. the traceability card: never cached)
        view = _view_name(request)
        if request.method not in ("GET", "HEAD"):
            patch_cache_control(response, private=True, no_store=True)
            return response
        if view in PUBLIC_PAGES and response.status_code == 200:
            return self._public_page(request, response)
        namespace = view.split(":", 1)[0] if ":" in view else ""
        if _is_html(response) and (namespace in PERSONAL_NAMESPACES or view in PERSONAL_URL_NAMES):
            patch_cache_control(response, private=True, no_store=True)
        return response

    def _public_page(self, request, response):
        response["ETag"] = page_etag(request, response)
        patch_vary_headers(response, ["Cookie"])
        if _is_personal(request, response):
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return get_conditional_response(request, etag=response["ETag"], response=response)
