"""What the live database says, for answers from an index that may lag behind it: which products
and producers are hidden right now, which of some ids are public, and the labels of facet values
and suggestions (names as they are now, in one query per kind)."""

from django.core.cache import cache
from django.db.models import F, Sum

from catalog.models import Category, Product
from marketplace.geography.models import LegacyProvince, Province
from reviews.models import ProductRating
from search.backends.elasticsearch.queries import Exclusions
from search.ranking import MEAN_CACHE_SECONDS, catalogue_mean
from vendors.models import Vendor

# Unpublished products accumulate (archived ones stay for good): past this many, only those
# marked for reindexing are sent, as the index already knows the others are hidden.
MAX_HIDDEN = 10_000


def _ids(queryset, marked) -> frozenset:
    ids = list(queryset.values_list("pk", flat=True)[: MAX_HIDDEN + 1])
    if len(ids) > MAX_HIDDEN:
        ids = list(marked.values_list("pk", flat=True)[:MAX_HIDDEN])
    return frozenset(ids)


def hidden() -> Exclusions:
    """What the live rows hide, whatever the index still says: products not published (drafts,
    pending, rejected, archived) and producers not active. Queries leave them out (`must_not`),
    so that totals, pages and facet counts are right the moment a row changes, before the
    indexer has run. Two indexed queries; their size is that of the unpublished part of the
    catalogue (see MAX_HIDDEN)."""
    unpublished = Product.objects.exclude(status=Product.Status.PUBLISHED)
    inactive = Vendor.objects.exclude(status=Vendor.Status.ACTIVE)
    return Exclusions(
        product_ids=_ids(unpublished, unpublished.filter(reindex_requested_at__isnull=False)),
        vendor_ids=_ids(inactive, inactive.filter(reindex_requested_at__isnull=False)),
    )


MEAN_RATING_CACHE_KEY = "search:mean-rating"


def mean_rating() -> float:
    """The catalogue-wide mean rating of `search.ranking` (m), from the public products' live
    ratings: one query, then cached for MEAN_CACHE_SECONDS (a mean of thousands of reviews
    moves slowly)."""

    def compute() -> float:
        totals = ProductRating.objects.filter(
            product__in=Product.objects.published(), count__gt=0
        ).aggregate(rating_sum=Sum(F("average") * F("count")), rating_count=Sum("count"))
        return catalogue_mean(**totals)

    return cache.get_or_set(MEAN_RATING_CACHE_KEY, compute, MEAN_CACHE_SECONDS)


def public_product_ids(ids: list[int]) -> set[int]:
    """Those of `ids` that are published products of active producers now."""
    if not ids:
        return set()
    return set(Product.objects.published().filter(pk__in=ids).values_list("pk", flat=True))


def public_products(ids: list[int]) -> dict[int, tuple[str, str]]:
    """id -> (name, slug) of those of `ids` that are public now."""
    if not ids:
        return {}
    rows = Product.objects.published().filter(pk__in=ids).values_list("pk", "name", "slug")
    return {pk: (name, slug) for pk, name, slug in rows}


def vendors(ids) -> dict[int, tuple[str, str, bool]]:
    """id -> (name, slug, active?) of these producers."""
    if not ids:
        return {}
    rows = Vendor.objects.filter(pk__in=ids).values_list("pk", "name", "slug", "status")
    return {pk: (name, slug, status == Vendor.Status.ACTIVE) for pk, name, slug, status in rows}


def categories(ids) -> dict[int, tuple[str, int]]:
    """id -> (name, level) of these taxonomy nodes."""
    if not ids:
        return {}
    rows = Category.objects.filter(pk__in=ids).values_list("pk", "name", "level")
    return {pk: (name, level) for pk, name, level in rows}


def province_names(codes) -> dict[str, str]:
    """code -> today's short name ("Thái Nguyên")."""
    if not codes:
        return {}
    return dict(Province.objects.filter(code__in=codes).values_list("code", "short_name"))


def all_categories() -> list[tuple[int, str, str]]:
    """(id, name, slug) of the whole taxonomy (a few dozen rows)."""
    return list(Category.objects.values_list("pk", "name", "slug"))


def all_provinces() -> list[tuple[str, str]]:
    """(code, short name) of today's provinces."""
    return list(Province.objects.values_list("code", "short_name"))


def legacy_province_names() -> list[tuple[str, str]]:
    """(today's code, name) for every pre-2025 province name, its other spellings included."""
    rows = LegacyProvince.objects.order_by("code").values_list(
        "successor_id", "name", "other_names"
    )
    return [
        (successor, label)
        for successor, name, other_names in rows
        for label in (name, *(other_names or []))
    ]
