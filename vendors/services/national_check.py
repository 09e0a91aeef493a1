"""Cross-checking our verified certificates with the national OCOP portal.

For each verified certificate in force, the portal is searched by the product's name; the
record that agrees with ours on at least two of product name, producer and decision number
(compared folded: no diacritics, case or punctuation) is taken to be the same product, and
any of the four facts that differ (name, producer, stars, decision) is flagged as a
`NationalCheckFinding` for staff, with the portal's record as evidence. A certificate with no
such record is counted as not found, not flagged: the portal does not list every product.
Nothing here changes a certificate: staff decide.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.core.http import ExternalServiceError, Failure
from marketplace.core.permissions import require_staff
from marketplace.core.text import fold, lookup_key
from vendors.lock_objects import lock_finding, lock_open_finding_of
from vendors.models import NationalCheckFinding, OcopCertificate, Vendor
from vendors.national_registry import NationalProduct, NationalRegistry, registry

MIN_AGREEMENT = 2
MAX_DETAIL_FETCHES = 3
OUTAGES = {Failure.TIMEOUT, Failure.UNAVAILABLE, Failure.RATE_LIMITED}


@dataclass
class CheckReport:
    checked: int = 0
    matched: int = 0
    flagged: list[NationalCheckFinding] = field(default_factory=list)
    not_found: int = 0
    failed: list[str] = field(default_factory=list)  # certificates the portal could not answer
    aborted: str = ""  # the portal is down: the rest were not checked


def certificates_to_check(*, today: datetime.date | None = None):
    return OcopCertificate.objects.filter(
        verification_status=OcopCertificate.Verification.VERIFIED,
        revoked=False,
        valid_until__gte=today or timezone.localdate(),
        vendor__status=Vendor.Status.ACTIVE,
    ).select_related("vendor")


def national_cross_check(
    *, actor, certificates=None, source: NationalRegistry | None = None, now=None
) -> CheckReport:
    """Check `certificates` (every verified one in force by default). `actor` is staff, or None
    for the scheduled weekly run."""
    if actor is not None:
        require_staff(actor)
    source = source or registry()
    now = now or timezone.now()
    queryset = certificates if certificates is not None else certificates_to_check()
    report = CheckReport()
    for certificate in queryset.select_related("vendor").order_by("pk"):
        report.checked += 1
        try:
            record = _find_record(certificate, source)
        except ExternalServiceError as error:
            if error.kind in OUTAGES:
                report.aborted = str(error)
                report.checked -= 1
                break
            report.failed.append(f"{certificate}: {error}")
            continue
        if record is None:
            report.not_found += 1
            continue
        found = _differences(certificate, record)
        if not found:
            report.matched += 1
            continue
        report.flagged.append(_flag(certificate, record, found, now))
    return report


def _find_record(certificate: OcopCertificate, source: NationalRegistry) -> NationalProduct | None:
    candidates = list(source.search(certificate.product_name))
    fetched = 0
    best, best_score = None, 0
    for candidate in candidates:
        if (candidate.producer is None or candidate.decision_number is None) and (
            fold(candidate.name) == certificate.product_name_folded and fetched < MAX_DETAIL_FETCHES
        ):
            fetched += 1  # a list item without the facts we compare: ask for the full record
            candidate = source.product(candidate.id) or candidate
        score = sum(_agreement(certificate, candidate).values())
        if score > best_score:
            best, best_score = candidate, score
    return best if best_score >= MIN_AGREEMENT else None


def _agreement(certificate: OcopCertificate, record: NationalProduct) -> dict[str, bool]:
    vendor = certificate.vendor
    return {
        "product_name": fold(record.name) == certificate.product_name_folded,
        "producer": record.producer is not None
        and fold(record.producer) in {fold(vendor.name), fold(vendor.legal_name)},
        "decision_number": record.decision_number is not None
        and lookup_key(record.decision_number) == certificate.decision_number_key,
    }


def _differences(certificate: OcopCertificate, record: NationalProduct) -> list[dict]:
    """The facts the portal states differently; a fact it leaves out is no difference."""
    agreement = _agreement(certificate, record)
    ours = {
        "product_name": certificate.product_name,
        "producer": certificate.vendor.legal_name,
        "stars": str(certificate.stars),
        "decision_number": certificate.decision_number,
    }
    national = {
        "product_name": record.name,
        "producer": record.producer,
        "stars": None if record.stars is None else str(record.stars),
        "decision_number": record.decision_number,
    }
    found = []
    for name in ours:
        if national[name] is None:
            continue
        same = agreement[name] if name in agreement else ours[name] == national[name]
        if not same:
            found.append({"field": name, "ours": ours[name], "national": national[name]})
    return found


def _flag(certificate, record: NationalProduct, found: list[dict], now) -> NationalCheckFinding:
    with transaction.atomic():
        # One open finding per certificate (a constraint): a new run refreshes its evidence.
        finding = lock_open_finding_of(certificate) or NationalCheckFinding(certificate=certificate)
        finding.differences = found
        finding.national_id = record.id
        finding.national_record = record.raw
        finding.checked_at = now
        finding.save()
    return finding


def finding_resolve(*, finding, actor, status: str, note: str = "") -> NationalCheckFinding:
    """Staff close a finding: CONFIRMED (they acted on it) or DISMISSED (no problem)."""
    require_staff(actor)
    if status not in {NationalCheckFinding.Status.CONFIRMED, NationalCheckFinding.Status.DISMISSED}:
        raise ServiceError.single(ErrorCode.INVALID, _("Confirm or dismiss."), "status")
    with transaction.atomic():
        finding = lock_finding(finding)
        if finding.status != NationalCheckFinding.Status.OPEN:
            raise ServiceError.single(
                ErrorCode.INVALID_TRANSITION, _("This finding is already closed."), "status"
            )
        finding.status = status
        finding.reviewed_by = actor
        finding.reviewed_at = timezone.now()
        finding.review_note = (note or "").strip()
        finding.save()
    return finding
