"""What every search backend does, and the plain data it takes and gives.

Backends answer for the public catalogue only: published products of active producers. They
must also re-check that against the live rows when they answer, so that a product unpublished
or a producer suspended a second ago never shows up, even before the index catches up.
"""

import datetime
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

SORT_FIELDS = ("rank", "name", "price", "created_at", "stars", "best_rated", "best_selling")
MAX_QUERY_LENGTH = 500  # longer input is cut, never an error
MAX_SUGGESTIONS = 8

# Price buckets for facets, in đồng: [lower, upper) with None for open ends.
PRICE_BUCKETS: tuple[tuple[int | None, int | None], ...] = (
    (None, 50_000),
    (50_000, 100_000),
    (100_000, 200_000),
    (200_000, 500_000),
    (500_000, None),
)


@dataclass(frozen=True)
class ProductDocument:
    """Everything search needs about one product, built by `search.documents`."""

    product_id: int
    slug: str
    name: str
    vendor_id: int
    vendor_name: str
    vendor_slug: str
    category_id: int  # the product set
    group_id: int
    sector_id: int
    category_names: tuple[str, ...]  # product set, group, sector
    province_code: str
    province_name: str
    legacy_province_names: tuple[str, ...]  # the origin commune's pre-2025 province, if renamed
    commune_name: str
    description: str  # plain text
    stars: int | None  # of a verified, unrevoked certificate, else None
    stars_valid_until: datetime.date | None
    min_price: int | None
    max_price: int | None
    in_stock: bool
    created_at: datetime.datetime
    is_public: bool  # published and its producer active, when indexed
    # Buyers' published reviews (their average to one decimal, 0 without any) and units
    # delivered over the last 12 months: see search.ranking.
    rating_average: float = 0.0
    rating_count: int = 0
    sold_count: int = 0

    def current_stars(self, today: datetime.date) -> int | None:
        if self.stars and self.stars_valid_until and self.stars_valid_until >= today:
            return self.stars
        return None


@dataclass(frozen=True)
class SearchFilters:
    """Already resolved: category ids include everything below what the shopper chose;
    provinces are today's codes."""

    category_ids: frozenset[int] = frozenset()
    province_codes: frozenset[str] = frozenset()
    stars: frozenset[int] = frozenset()
    vendor_ids: frozenset[int] = frozenset()
    price_gte: int | None = None
    price_lte: int | None = None
    in_stock: bool | None = None
    rating_gte: int | None = None  # buyers' average at least this (products with reviews)


@dataclass(frozen=True)
class SearchRequest:
    query: str = ""
    filters: SearchFilters = field(default_factory=SearchFilters)
    sort: str = "rank"  # one of SORT_FIELDS
    descending: bool | None = None  # None: the field's natural direction
    offset: int = 0
    limit: int = 24


@dataclass(frozen=True)
class SearchResult:
    product_ids: list[int]
    total: int


@dataclass(frozen=True)
class FacetValue:
    key: str  # category id, province code, star count, vendor id, bucket "lo-hi", "true",
    # minimum rating
    label: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class Facets:
    sectors: list[FacetValue]
    product_sets: list[FacetValue]
    provinces: list[FacetValue]
    stars: list[FacetValue]
    vendors: list[FacetValue]
    price_buckets: list[FacetValue]
    in_stock: list[FacetValue]
    # Minimum averages ("4": from 4★), each counting products whose average reaches it.
    rating: list[FacetValue] = field(default_factory=list)


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "product", "vendor", "category" or "province"
    label: str
    target: str  # the slug (product, vendor, category) or province code to link to


class SearchBackend(ABC):
    name: str

    @abstractmethod
    def index(self, documents: Iterable[ProductDocument]) -> int:
        """Insert or replace these documents; returns how many."""

    @abstractmethod
    def remove(self, product_ids: Iterable[int]) -> int:
        """Forget these products (deleted ones)."""

    @abstractmethod
    def rebuild(self, documents: Iterable[ProductDocument], *, progress: Callable | None) -> int:
        """Replace the whole index with `documents` (an iterator over the catalogue)."""

    @abstractmethod
    def search(self, request: SearchRequest) -> SearchResult:
        """Public product ids, best first, and how many there are in all."""

    @abstractmethod
    def facets(self, query: str, filters: SearchFilters) -> Facets:
        """Counts per facet value; each facet applies every filter except its own."""

    @abstractmethod
    def suggest(self, query: str, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
        """As-you-type completions: product names, producers, categories, provinces."""
