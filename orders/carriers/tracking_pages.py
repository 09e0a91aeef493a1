"""The public tracking pages of Vietnam's common carriers, for waybills a producer typed with
the carrier's name (a shipment booked here knows its carrier's own: `registry.tracking_url`).
Shared by the shopper's order page and the notices that tell the shopper a part shipped."""

import unicodedata
from urllib.parse import quote

from orders.carriers import registry

# Producers type the carrier's name freely; these are the names (without diacritics, spaces or
# punctuation) of Vietnam's common carriers and their public tracking pages.
CARRIERS = (
    (("ghn", "giaohangnhanh"), "https://donhang.ghn.vn/?order_code={code}"),
    (("ghtk", "giaohangtietkiem"), "https://i.ghtk.vn/{code}"),
    (("viettelpost", "vtp"), "https://viettelpost.com.vn/tra-cuu-hanh-trinh-don/?bill={code}"),
    (
        ("vnpost", "vietnampost", "buudien"),
        "https://www.vnpost.vn/vi-vn/dinh-vi/buu-pham?key={code}",
    ),
    (("jt", "jandt", "jnt"), "https://jtexpress.vn/vi/tracking?type=track&billcode={code}"),
)


def _plain(name: str) -> str:
    """ "Giao Hàng Nhanh" → "giaohangnhanh", "J&T Express" → "jtexpress"."""
    decomposed = unicodedata.normalize("NFKD", name.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if c.isascii() and c.isalnum())


def tracking_url(carrier: str, code: str) -> str | None:
    """The carrier's public tracking page for this waybill, or None for a carrier we do not know."""
    plain, code = _plain(carrier or ""), (code or "").strip()
    if not plain or not code:
        return None
    for names, template in CARRIERS:
        # Short names must begin the carrier's name ("jt" in "J&T Express", not in "Hùng Jet").
        if any(plain.startswith(n) if len(n) < 4 else n in plain for n in names):
            return template.format(code=quote(code, safe=""))
    return None


def tracking_link(carrier: str, waybill: str) -> str:
    """The tracking page of a waybill whose carrier is a code we integrate ("ghn", "ghtk") or
    a name a producer typed; empty when we know no page for it."""
    code = (carrier or "").strip().lower()
    try:
        url = registry.tracking_url(code, waybill)
    except ImportError:  # a carrier class this deployment does not ship
        url = ""
    return url or tracking_url(carrier, waybill) or ""
