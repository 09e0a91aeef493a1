"""The listing page's state: GET parameters to a search request, and links that change it.

The URL holds the whole state (q, category, province, stars, vendor, price_min, price_max,
in_stock, rating, sort, page) so that a result page can be shared. Parsing is lenient the way
the API is: a value that names nothing matches nothing (a typo never widens a filter to
everything), and a malformed number is ignored rather than an error page.
"""

import unicodedata
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from catalog.graphql.per_request import Taxonomy
from marketplace.geography.selectors import resolve_provinces
from search.backends.base import MAX_QUERY_LENGTH, SearchFilters, SearchRequest
from search.ranking import RATING_MINIMUMS
from vendors.models import Vendor

PAGE_SIZE = 24
MAX_PAGE = 1000  # the database backend's deepest page
MAX_INT = 2**62
MAX_VALUES = 30  # per parameter: more is someone hammering the URL, not a shopper
# URL value -> (backend sort field, descending); "" is the backend's own ranking.
SORTS = {
    "": ("rank", None),
    "price": ("price", False),
    "-price": ("price", True),
    "name": ("name", False),
    "newest": ("created_at", True),
    "stars": ("stars", True),
    "best_rated": ("best_rated", True),
    "best_selling": ("best_selling", True),
}
MAX_STARS = 5
_NOTHING_INT = frozenset({-1})
_NOTHING_STR = frozenset({"--"})


def _int(text, *, minimum: int = 0) -> int | None:
    try:
        value = int(str(text).strip())
    except (TypeError, ValueError):
        return None
    # Clamped to what every database's integer holds: a 30-digit "price" matches nothing, as
    # it would if the database could compare it, instead of overflowing the driver.
    return min(value, MAX_INT) if value >= minimum else None


def clean(text: str) -> str:
    """Without control characters: PostgreSQL refuses NUL in text, and no name holds one."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc").strip()


def _values(params, name: str) -> list[str]:
    seen: dict[str, None] = {}
    for value in params.getlist(name)[:MAX_VALUES]:
        value = clean(value)
        if value:
            seen.setdefault(value)
    return list(seen)


def star_values(params) -> list[int]:
    """The `stars` values a URL gives that are whole numbers from 1."""
    return [s for s in (_int(v, minimum=1) for v in _values(params, "stars")) if s is not None]


@dataclass(frozen=True)
class ListingState:
    q: str = ""
    categories: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    stars: int | None = None  # OCOP stars at least ("from 4★": 4 and 5)
    vendors: tuple[str, ...] = ()
    price_min: int | None = None
    price_max: int | None = None
    in_stock: bool = False
    rating: int | None = None  # buyers' average at least (one of RATING_MINIMUMS)
    sort: str = ""
    page: int = 1

    @classmethod
    def from_query(cls, params) -> "ListingState":
        stars = [s for s in star_values(params) if s <= MAX_STARS]
        sort = params.get("sort", "")
        return cls(
            q=" ".join(clean(params.get("q", "")).split())[:MAX_QUERY_LENGTH],
            categories=tuple(_values(params, "category")),
            provinces=tuple(_values(params, "province")),
            # Links from before the filter was a minimum ticked several exact values: the
            # lowest keeps every product they chose.
            stars=min(stars) if stars else None,
            vendors=tuple(_values(params, "vendor")),
            price_min=_int(params.get("price_min")),
            price_max=_int(params.get("price_max")),
            in_stock=params.get("in_stock") in ("1", "true", "on"),
            rating=rating if (rating := _int(params.get("rating"))) in RATING_MINIMUMS else None,
            sort=sort if sort in SORTS else "",
            page=min(_int(params.get("page"), minimum=1) or 1, MAX_PAGE),
        )

    @property
    def is_filtered(self) -> bool:
        return self != ListingState(q=self.q, sort=self.sort, page=self.page)

    def params(self) -> list[tuple[str, str]]:
        """The canonical GET parameters, defaults left out, so equal states share a URL."""
        pairs = [("q", self.q)] if self.q else []
        pairs += [("category", v) for v in self.categories]
        pairs += [("province", v) for v in self.provinces]
        if self.stars is not None:
            pairs.append(("stars", str(self.stars)))
        pairs += [("vendor", v) for v in self.vendors]
        for name in ("price_min", "price_max"):
            if getattr(self, name) is not None:
                pairs.append((name, str(getattr(self, name))))
        if self.in_stock:
            pairs.append(("in_stock", "1"))
        if self.rating is not None:
            pairs.append(("rating", str(self.rating)))
        if self.sort:
            pairs.append(("sort", self.sort))
        if self.page > 1:
            pairs.append(("page", str(self.page)))
        return pairs

    def query_string(self, **changes) -> str:
        """`?...` for this state with `changes`; any change but the page goes back to page 1."""
        changes.setdefault("page", 1)
        return "?" + urlencode(replace(self, **changes).params())

    def search_request(self, filters: SearchFilters, *, page: int | None = None) -> SearchRequest:
        sort, descending = SORTS[self.sort]
        page = page or self.page
        return SearchRequest(
            query=self.q,
            filters=filters,
            sort=sort,
            descending=descending,
            offset=(page - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
        )


@dataclass
class Catalogue:
    """The taxonomy (one query), to name categories by slug in URLs and to expand them."""

    tree: Taxonomy = field(default_factory=Taxonomy.load)

    def find(self, value: str) -> list:
        pk = _int(value)
        if pk is not None and pk in self.tree.by_id:
            return [self.tree.by_id[pk]]
        return self.tree.find(value)

    def slug(self, pk) -> str:
        category = self.tree.by_id.get(int(pk))
        return category.slug if category else str(pk)


def search_filters(state: ListingState, catalogue: Catalogue) -> SearchFilters:
    """The state's filters as the backend takes them, like `search.graphql.requests` does for
    the API: categories with everything below them, provinces as today's codes (pre-2025 names
    and codes too), producers by id or slug."""
    category_ids: set[int] = set()
    for value in state.categories:
        for category in catalogue.find(value):
            category_ids.update(catalogue.tree.descendant_ids(category.pk))
    provinces = {p.code for p in resolve_provinces(list(state.provinces))}
    return SearchFilters(
        category_ids=frozenset(category_ids) or (_NOTHING_INT if state.categories else frozenset()),
        province_codes=frozenset(provinces) or (_NOTHING_STR if state.provinces else frozenset()),
        stars=frozenset(range(state.stars, MAX_STARS + 1)) if state.stars else frozenset(),
        vendor_ids=_vendor_ids(state.vendors),
        price_gte=state.price_min,
        price_lte=state.price_max,
        in_stock=True if state.in_stock else None,
        rating_gte=state.rating,
    )


def _vendor_ids(values) -> frozenset[int]:
    if not values:
        return frozenset()
    ids = {pk for pk in (_int(v) for v in values) if pk is not None}
    slugs = [v for v in values if _int(v) is None]
    if slugs:
        ids.update(Vendor.objects.filter(slug__in=slugs).values_list("pk", flat=True))
    return frozenset(ids) or _NOTHING_INT
