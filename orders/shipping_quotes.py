"""Live carrier quotes for checkout: what a shipping method linked to a carrier account costs
for one producer's part, asked of the carrier once per address and weight and kept 10 minutes.

How a quote reaches a checkout:
- The sender is the producer's own address (commune, street, phone), the recipient the
  checkout's commune; the parcel weighs what the part's variants weigh and declares the part's
  subtotal as its value. The COD amount is 0: the quote is asked before the shopper chooses how
  to pay, so a carrier's COD collection fee is not in it (the shipment, booked after the order,
  carries the COD amount).
- Quotes are cached in Django's cache under (account, service, sender commune, recipient
  commune, weight, declared value): a second read of the same checkout, or another shopper
  with the same parcel to the same commune, asks the carrier nothing.
- Reading never calls a carrier unless asked to (`fetch=True`), and never inside
  `cached_quotes_only()`: the services that compute delivery options inside a transaction
  (choosing a delivery, completing the checkout) take quotes from the cache only, after
  fetching them before the transaction. Network I/O never holds a row lock.
- A carrier that fails (CarrierError) leaves its method out: the failure is logged and kept
  for a minute (so a carrier that is down is not asked again on every page), and the
  producer's other methods remain. A carrier method has no price of its own to fall back on:
  one that cannot be quoted is simply unavailable.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum

from django.core.cache import cache

from orders.carriers.addresses import carrier_address, producer_address
from orders.carriers.base import CarrierError, Parcel, Quote
from orders.carriers.registry import carrier_class, carrier_for

log = logging.getLogger(__name__)

QUOTE_SECONDS = 10 * 60
FAILURE_SECONDS = 60
# Carriers refuse a parcel of 0 g; a variant without a weight still travels.
MIN_PARCEL_GRAMS = 100
_FAILED = "failed"

_cache_only: ContextVar[bool] = ContextVar("carrier_quotes_cache_only", default=False)


class Unquoted(StrEnum):
    """Why a carrier method has no price."""

    NOT_FETCHED = "not_fetched"  # nothing in the cache and the carrier was not asked
    FAILED = "failed"  # the carrier refused or could not be reached
    NO_ADDRESS = "no_address"  # the checkout has no commune yet, or the producer none


@contextmanager
def cached_quotes_only() -> Iterator[None]:
    """Inside this block no quote is asked of a carrier, whatever the caller says: wrap a
    transaction that computes delivery options with it."""
    token = _cache_only.set(True)
    try:
        yield
    finally:
        _cache_only.reset(token)


def may_fetch() -> bool:
    """False inside `cached_quotes_only()`."""
    return not _cache_only.get()


@dataclass(frozen=True)
class CarrierPrice:
    """A carrier method's quote for one part: the fee the shopper pays (0 above the method's
    free threshold: the producer pays the carrier), and the carrier that quoted."""

    price: int
    quote: Quote
    carrier: str
    carrier_name: str


def quote_key(
    *,
    account_id: int,
    service: str,
    sender_commune: str,
    recipient_commune: str,
    weight_grams: int,
    declared_value: int,
) -> str:
    return (
        f"carrier-quote:{account_id}:{service}:{sender_commune}:{recipient_commune}:"
        f"{weight_grams}:{declared_value}"
    )


def carrier_name(code: str) -> str:
    """The carrier's short name for shoppers ("GHN")."""
    try:
        return carrier_class(code).name
    except (ValueError, ImportError):
        return code.upper()


def carrier_price(
    *,
    method,
    recipient_commune,
    recipient: dict,
    subtotal: int,
    weight_grams: int,
    fetch: bool,
) -> CarrierPrice | Unquoted:
    """The price of `method` (linked to an active carrier account, with `vendor__commune`
    loaded) for a part worth `subtotal` weighing `weight_grams` to `recipient_commune`
    (a geography.Commune with its provinces loaded, or None). `recipient` holds the
    checkout's name, phone and street. Asks the carrier only when `fetch` and the cache has
    nothing (network I/O: never inside a transaction)."""
    account, sender = method.carrier_account, method.vendor
    if recipient_commune is None or not sender.commune_id:
        return Unquoted.NO_ADDRESS
    weight = max(weight_grams, MIN_PARCEL_GRAMS)
    key = quote_key(
        account_id=account.pk,
        service=method.carrier_service,
        sender_commune=sender.commune_id,
        recipient_commune=recipient_commune.pk,
        weight_grams=weight,
        declared_value=subtotal,
    )
    quote = cache.get(key)
    if quote is None:
        if not fetch or _cache_only.get():
            return Unquoted.NOT_FETCHED
        quote = _ask(account, method, sender, recipient_commune, recipient, weight, subtotal)
        cache.set(key, quote, QUOTE_SECONDS if isinstance(quote, Quote) else FAILURE_SECONDS)
    if not isinstance(quote, Quote):
        return Unquoted.FAILED
    free = method.free_above is not None and subtotal >= method.free_above
    return CarrierPrice(
        price=0 if free else quote.fee,
        quote=quote,
        carrier=account.carrier,
        carrier_name=carrier_name(account.carrier),
    )


def _ask(account, method, sender, recipient_commune, recipient, weight, value) -> Quote | str:
    parcel = Parcel(weight_grams=weight, declared_value=value, cod_amount=0)
    try:
        return carrier_for(account).quote(
            sender=producer_address(sender),
            recipient=carrier_address(commune=recipient_commune, **recipient),
            parcel=parcel,
            service=method.carrier_service,
        )
    except CarrierError as error:
        # The message never holds credentials (CarrierError's contract); the account by pk.
        log.warning(
            "carrier quote failed: account=%s carrier=%s method=%s code=%s %s",
            account.pk,
            account.carrier,
            method.pk,
            error.code,
            error.message,
        )
        return _FAILED
