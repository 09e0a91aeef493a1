"""The public certificate lookup (/tra-cuu/, `ocopCertificateLookup`): a shopper holding a
package, a buyer or a journalist checks a star badge by the decision number printed on it, the
product's name or the producer's tax code, typed with or without diacritics.

It answers for certificates the marketplace verified, whatever became of them since (in force,
expired, revoked), with the products listed under each. Anyone may ask, so each address gets a
few dozen lookups a minute (`OCOP_LOOKUP_RATE_LIMIT` per `OCOP_LOOKUP_RATE_WINDOW_SECONDS`).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product
from marketplace.core.errors import ErrorCode, FieldError, ServiceError
from marketplace.core.text import fold, lookup_key
from marketplace.core.throttle import hit
from vendors.models import OcopCertificate, Vendor
from vendors.validators import normalize_tax_code

MAX_RESULTS = 50
MIN_KEY_LENGTH = 3
MAX_INPUT_LENGTH = 200
FIELDS = ("decision_number", "product_name", "producer_tax_code")


class LookupThrottled(ServiceError):
    """THROTTLED, with the seconds until the address may ask again (for Retry-After)."""

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(
            FieldError(
                ErrorCode.THROTTLED,
                _("Too many lookups from your address. Try again in %(seconds)s seconds.")
                % {"seconds": retry_after},
            )
        )


@dataclass(frozen=True)
class LookupResult:
    certificates: list[OcopCertificate]  # each with .status and .listed_products
    checked_on: datetime.date
    truncated: bool  # more matched than MAX_RESULTS


def certificate_lookup(
    *,
    client: str,
    decision_number: str | None = None,
    product_name: str | None = None,
    producer_tax_code: str | None = None,
    today: datetime.date | None = None,
) -> LookupResult:
    """Certificates matching the one criterion given. ServiceError REQUIRED (none given),
    INVALID (several, or too short to mean anything) or THROTTLED (too many from `client`)."""
    given = {
        name: str(value).strip()[:MAX_INPUT_LENGTH]
        for name, value in zip(
            FIELDS, (decision_number, product_name, producer_tax_code), strict=True
        )
        if value is not None and str(value).strip()
    }
    if not given:
        raise ServiceError.single(
            ErrorCode.REQUIRED,
            _("Give a decision number, a product name or a producer's tax code."),
        )
    if len(given) > 1:
        raise ServiceError.single(
            ErrorCode.INVALID, _("Search by one of them at a time."), sorted(given)[1]
        )
    ((field, value),) = given.items()
    condition = _condition(field, value)
    allowance = hit(
        "ocop-lookup",
        client,
        limit=settings.OCOP_LOOKUP_RATE_LIMIT,
        window_seconds=settings.OCOP_LOOKUP_RATE_WINDOW_SECONDS,
    )
    if not allowance.allowed:
        raise LookupThrottled(allowance.retry_after)
    today = today or timezone.localdate()
    rows = list(
        OcopCertificate.objects.filter(
            condition,
            verification_status=OcopCertificate.Verification.VERIFIED,
            vendor__status=Vendor.Status.ACTIVE,
        )
        .select_related("vendor__commune__province", "product_set__parent__parent")
        .prefetch_related(
            Prefetch(
                "products",
                queryset=Product.objects.published().order_by("name_folded", "pk"),
                to_attr="listed_products",
            )
        )
        .order_by("-decision_date", "product_name_folded", "pk")[: MAX_RESULTS + 1]
    )
    for certificate in rows:
        certificate.status = certificate.status_on(today)
    return LookupResult(rows[:MAX_RESULTS], today, len(rows) > MAX_RESULTS)


def _condition(field: str, value: str) -> Q:
    if field == "producer_tax_code":
        try:
            code = normalize_tax_code(value)
        except ValidationError as exc:
            raise ServiceError.from_validation_error(exc, field=field) from None
        # A head office's code also finds the certificates of its branches (code-001, ...).
        return Q(vendor__tax_code=code) | Q(vendor__tax_code__startswith=f"{code}-")
    if field == "decision_number":
        key = lookup_key(value)
        if len(key) < MIN_KEY_LENGTH:
            raise _too_short(field)
        # The number alone ("1201/QĐ-UBND") finds it whatever suffix the province adds.
        return Q(decision_number_key__startswith=key)
    words = fold(value).split()
    if len("".join(words)) < MIN_KEY_LENGTH:
        raise _too_short(field)
    condition = Q()
    for word in words[:8]:
        condition &= Q(product_name_folded__contains=word)
    return condition


def _too_short(field: str) -> ServiceError:
    return ServiceError.single(
        ErrorCode.INVALID,
        _("Type at least %(n)s letters or digits.") % {"n": MIN_KEY_LENGTH},
        field,
    )
