"""The SSRF guard: where a webhook may be sent.

A target is an https URL (http too only when WEBHOOKS_ALLOW_HTTP, the default under DEBUG)
whose host resolves only to public addresses: never loopback, private (10/8, 172.16/12,
192.168/16, fc00::/7), link-local (169.254/16, where clouds serve their metadata), shared,
multicast, reserved or unspecified ones — unless WEBHOOKS_ALLOW_PRIVATE_TARGETS (the default
under DEBUG, for local receivers). It is checked when a subscription is saved and again at
every delivery after resolving the name, and the delivery connects to the very address that
was checked, so a name that later resolves elsewhere (DNS rebinding) gains nothing.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


class TargetRefused(Exception):
    """The URL may not receive webhooks; the message says why, for the app's owner."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # as written: the Host header and the TLS server name
    port: int
    path: str  # with the query string
    address: str  # the checked IP address to connect to


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def parse(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path) of an acceptable URL, else TargetRefused."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise TargetRefused(_("Enter a valid URL.")) from None
    allowed = ("https", "http") if settings.WEBHOOKS_ALLOW_HTTP else ("https",)
    if parts.scheme not in allowed:
        raise TargetRefused(_("Webhooks are sent to https:// URLs only."))
    if not parts.hostname:
        raise TargetRefused(_("Enter a valid URL."))
    if parts.username or parts.password:
        raise TargetRefused(_("A webhook URL may not contain a user name or password."))
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), path


def resolve(url: str) -> Target:
    """The target of `url` with the address to connect to; TargetRefused when the URL or any
    address its host resolves to is not allowed (one bad answer spoils the name)."""
    scheme, host, port, path = parse(url)
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise TargetRefused(
            _("The host name %(host)s does not resolve.") % {"host": host}
        ) from None
    addresses = []
    for *_rest, sockaddr in answers:
        address = ipaddress.ip_address(sockaddr[0].split("%")[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise TargetRefused(_("The host name %(host)s does not resolve.") % {"host": host})
    if not settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS:
        for address in addresses:
            if not _is_public(address):
                raise TargetRefused(
                    _("Webhooks are not sent to private, loopback or reserved addresses (%(ip)s).")
                    % {"ip": address}
                )
    return Target(scheme, host, port, path, str(addresses[0]))


def check(url: str) -> None:
    """At save: the URL's form, and its addresses unless private targets are allowed (a
    name that does not resolve yet is refused then too)."""
    parse(url)
    if not settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS:
        resolve(url)
