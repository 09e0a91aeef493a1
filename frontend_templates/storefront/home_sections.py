"""The home page's sections: narrow id queries for each product row, one load of the cards they
show, the 34 provinces with the names they had before 2025, and the showrooms by province.

What is the same for every shopper and changes only with the administrative map (provinces and
their predecessors) is cached for an hour. The ids of each product row, like the sector and
province counts (search.browse_cache), are the same for everyone too and kept for
STOREFRONT_BROWSE_CACHE_SECONDS (60): a product published meanwhile may join its row up to
that much later (at once when the indexer writes it), while the cards themselves (prices,
stock, a product withdrawn) and the showrooms are read each time."""

import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils import timezone

from catalog.models import Product
from frontend_templates.selectors import card_products
from inventory.models import Location
from inventory.selectors import active_showrooms
from marketplace.core.text import fold
from marketplace.geography.models import Province
from orders.models import Checkout, Order
from search import browse_cache

SECTION_SIZE = 8
PROVINCES_CACHE_KEY = "storefront:home:provinces:v1"
PROVINCES_CACHE_SECONDS = 3600


@dataclass
class ProductRows:
    five_star: list[Product]
    in_season: list[Product]
    newest: list[Product]


def product_rows(*, month: int | None = None, limit: int = SECTION_SIZE) -> ProductRows:
    """Three id queries (cached, see the module's note) and one load of the cards all three
    show (a product in two sections is loaded once), so the page costs the same however many
    products there are."""
    month = month or timezone.localdate().month
    # The day too: stars count while the certificate is valid.
    five_star, in_season, newest = browse_cache.remember(
        "home-rows", (month, limit, timezone.localdate()), lambda: _row_ids(month, limit)
    )
    rows = {p.pk: p for p in card_products([*five_star, *in_season, *newest])}

    def pick(ids):
        return [rows[pk] for pk in ids if pk in rows]

    return ProductRows(pick(five_star), pick(in_season), pick(newest))


def _row_ids(month: int, limit: int) -> tuple[list[int], list[int], list[int]]:
    published = Product.objects.published()
    five_star = list(
        published.with_current_stars()
        .filter(current_stars=5)
        .order_by("name_folded", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    # Products whose season includes this month: all-year products are never out of season,
    # but this row is there to show what is fresh now.
    in_season = list(
        published.in_season(month)
        .exclude(season_mask=0)
        .order_by("name_folded", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    # The listing's "newest" sort orders by creation too, so "see all" continues this row.
    newest = list(published.order_by("-created_at", "-pk").values_list("pk", flat=True)[:limit])
    return five_star, in_season, newest


@dataclass(frozen=True)
class ProvinceEntry:
    code: str
    name: str
    former_names: tuple[str, ...]  # pre-2025 provinces merged into it, other than its own name
    count: int = 0


def _province_names() -> list[tuple[str, str, tuple[str, ...]]]:
    cached = cache.get(PROVINCES_CACHE_KEY)
    if cached is not None:
        return cached
    names = []
    for province in Province.objects.prefetch_related("legacy_provinces"):
        former = sorted(
            (p.name for p in province.legacy_provinces.all() if p.name != province.short_name),
            key=fold,
        )
        names.append((province.code, province.short_name, tuple(former)))
    # Alphabetically as Vietnamese readers expect: "Đắk Lắk" among the Ds, not after "Vĩnh Long".
    names.sort(key=lambda entry: fold(entry[1]))
    cache.set(PROVINCES_CACHE_KEY, names, PROVINCES_CACHE_SECONDS)
    return names


def province_directory(counts: dict[str, int]) -> list[ProvinceEntry]:
    """All 34 provinces of 2025, each with the pre-2025 provinces it absorbed ("Tuyên Quang",
    formerly also "Hà Giang") and its number of products (`counts` by province code)."""
    return [
        ProvinceEntry(code, name, former, counts.get(code, 0))
        for code, name, former in _province_names()
    ]


@dataclass
class ShowroomGroup:
    code: str
    name: str
    showrooms: list[Location] = field(default_factory=list)


@dataclass
class Showrooms:
    groups: list[ShowroomGroup]  # the groups shown (the chosen province's only, when chosen)
    provinces: list[ShowroomGroup]  # every province with a showroom, for the selector
    chosen: str  # a province code, or "" for all
    total: int


def showrooms_by_province(chosen: str = "") -> Showrooms:
    """Active showrooms grouped by province (one query); `chosen` narrows to one province. A
    code with no showroom shows every province rather than nothing."""
    rows = active_showrooms().select_related("commune__province").order_by("name", "pk")
    by_province: dict[str, ShowroomGroup] = {}
    for showroom in rows:
        province = showroom.commune.province
        group = by_province.setdefault(
            province.code, ShowroomGroup(province.code, province.short_name)
        )
        group.showrooms.append(showroom)
    provinces = sorted(by_province.values(), key=lambda g: fold(g.name))
    chosen = chosen if chosen in by_province else ""
    groups = [by_province[chosen]] if chosen else provinces
    return Showrooms(groups, provinces, chosen, sum(len(g.showrooms) for g in provinces))


def shoppers_province(request) -> str:
    """The province the shopper last gave an address in: their cart's delivery address, else
    the address of their latest order. "" when unknown (no query is made for a new visitor)."""
    try:
        token = uuid.UUID(str(request.session.get("checkout_token") or ""))
    except ValueError:  # none, or a stale or tampered value: it must not break the page
        token = None
    if token:
        code = (
            Checkout.objects.filter(token=token, commune__isnull=False)
            .values_list("commune__province_id", flat=True)
            .first()
        )
        if code:
            return code
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        code = (
            Order.objects.filter(user=user)
            .order_by("-created_at")
            .values_list("commune__province_id", flat=True)
            .first()
        )
        return code or ""
    return ""
