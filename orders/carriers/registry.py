"""The carriers by code: the one module that knows them all, so the interface in
`orders.carriers.base` imports none and no carrier imports this. Classes are named by dotted
path in the CARRIERS setting, so a test or a deployment can swap one without touching code."""

from django.conf import settings
from django.utils.module_loading import import_string

from orders.carriers.base import Carrier

DEFAULT_CARRIERS = {
    "ghn": "orders.carriers.ghn.GhnCarrier",
    "ghtk": "orders.carriers.ghtk.GhtkCarrier",
}


def carrier_class(code: str) -> type[Carrier]:
    paths = {**DEFAULT_CARRIERS, **getattr(settings, "CARRIERS", {})}
    try:
        return import_string(paths[code])
    except KeyError:
        raise ValueError(f"Unknown carrier {code!r}") from None


def carrier_for(account) -> Carrier:
    """A client for one CarrierAccount, with its decrypted credentials (never logged)."""
    base_urls = getattr(settings, "CARRIER_BASE_URLS", {})
    return carrier_class(account.carrier)(
        credentials=account.credentials or {}, base_url=base_urls.get(account.carrier) or None
    )


def tracking_url(code: str, waybill: str) -> str:
    """The carrier's public tracking page for a waybill; empty for a carrier we do not know
    (a waybill a producer typed for another carrier)."""
    try:
        return carrier_class(code).tracking_url(waybill) if waybill else ""
    except ValueError:
        return ""
