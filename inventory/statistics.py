"""The programme's statistics as the public page and `ocopStatistics` give them: the
catalogue's counts (catalog.statistics) with the OCOP showrooms of each place added.

At most five queries in all: the place names (two, when a filter names places), the grouped
rows, the totals and the showrooms. An answer is kept in the shared cache for
`OCOP_STATISTICS_CACHE_SECONDS` (5 minutes; 0 turns it off) under the current generation
(marketplace.core.statistics_cache): a certificate reviewed or revoked, a product published or
withdrawn, a producer suspended draw a new one once committed, so the next answer counts it,
and the outbox then has `warm_programme_statistics` compute the default views again (the beat
does too, every few minutes, so that the public page seldom waits for the aggregates).
"""

import hashlib
from dataclasses import asdict, dataclass, replace

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from catalog.statistics import (
    MAX_DIMENSIONS,
    Counts,
    Dimension,
    Row,
    StatisticsFilter,
    catalogue_rows,
    catalogue_totals,
)
from inventory.models import Location
from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.core.statistics_cache import generation

PLACE_DIMENSIONS = {Dimension.PROVINCE, Dimension.LEGACY_PROVINCE}


@dataclass
class Statistics:
    group_by: list[Dimension]
    filters: StatisticsFilter
    rows: list[Row]
    totals: Counts
    showrooms: dict[str, int]  # per place code when grouped by one place, else {"": total}


def programme_statistics(*, group_by, filters: StatisticsFilter) -> Statistics:
    """ServiceError INVALID for a dimension named twice or more than MAX_DIMENSIONS of them."""
    group_by = [Dimension(d) for d in group_by or ()]
    if len(set(group_by)) != len(group_by):
        raise ServiceError.single(ErrorCode.INVALID, _("Name each grouping once."), "group_by")
    if len(group_by) > MAX_DIMENSIONS:
        raise ServiceError.single(
            ErrorCode.INVALID,
            _("Group by at most %(n)s things at once.") % {"n": MAX_DIMENSIONS},
            "group_by",
        )
    seconds = settings.OCOP_STATISTICS_CACHE_SECONDS
    if seconds <= 0:
        return _compute(group_by, filters)
    key = _cache_key(group_by, filters)
    found = cache.get(key)
    if found is None:
        found = _compute(group_by, filters)
        cache.set(key, found, seconds)
    return found


# What the page (by province and by pre-2025 province) and `ocopStatistics` without arguments
# ask for, today: computed again after every change and by the beat.
DEFAULT_VIEWS = ([Dimension.PROVINCE], [Dimension.LEGACY_PROVINCE], [])


def warm_programme_statistics() -> int:
    """Compute the default views and keep them in the cache (whatever it held); returns how
    many. Nothing when the cache is off."""
    seconds = settings.OCOP_STATISTICS_CACHE_SECONDS
    if seconds <= 0:
        return 0
    filters = StatisticsFilter()
    for group_by in DEFAULT_VIEWS:
        # The generation read before computing: a change committed meanwhile renews it, and
        # this answer, counted from the older rows, is then never read.
        key = _cache_key(group_by, filters)
        cache.set(key, _compute(list(group_by), filters), seconds)
    return len(DEFAULT_VIEWS)


def _cache_key(group_by, filters: StatisticsFilter) -> str:
    # The day itself, not None for today: "?on=<today>" is the same answer as no date.
    filters = replace(filters, in_force_on=filters.day)
    described = repr(([d.value for d in group_by], asdict(filters)))
    return f"ocop-statistics:{generation()}:" + hashlib.sha256(described.encode()).hexdigest()


def _compute(group_by: list[Dimension], filters: StatisticsFilter) -> Statistics:
    rows = catalogue_rows(group_by, filters)
    totals = catalogue_totals(filters)
    place = next((d for d in group_by if d in PLACE_DIMENSIONS), None)
    showrooms = showroom_counts(filters, by=place if len(group_by) == 1 else None)
    totals.showrooms = sum(showrooms.values())
    if place is not None and len(group_by) == 1:
        for row in rows:
            row.counts.showrooms = showrooms.get(row.keys[place].code, 0)
    return Statistics(group_by, filters, rows, totals, showrooms)


def showroom_counts(filters: StatisticsFilter, *, by: Dimension | None) -> dict[str, int]:
    """Active OCOP showrooms per place code (one query); {"": n} when not by place. Only the
    places of the filter apply: a showroom has no stars or sector."""
    queryset = Location.objects.filter(kind=Location.Kind.SHOWROOM, is_active=True)
    if filters.province_codes or filters.legacy_codes:
        queryset = queryset.filter(
            Q(commune__province_id__in=filters.province_codes)
            | Q(commune__legacy_province_id__in=filters.legacy_codes)
        )
    column = {
        Dimension.PROVINCE: "commune__province_id",
        Dimension.LEGACY_PROVINCE: "commune__legacy_province_id",
    }.get(by)
    if column is None:
        return {"": queryset.count()}
    grouped = queryset.order_by().values(column).annotate(n=Count("pk")).values_list(column, "n")
    return {code or "": n for code, n in grouped}
