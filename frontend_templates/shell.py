"""What the storefront's shell (header, bottom bar, footer) shows on every page: the OCOP sectors
for the category menu, kept in the cache (the taxonomy changes a few times a year, the header is
on every page), and the pages the phone's bottom bar opens (categories, account)."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from catalog.models import Category

SECTORS_CACHE_KEY = "storefront:sectors:v1"
SECTORS_CACHE_SECONDS = 600


@dataclass(frozen=True)
class Node:
    code: str
    slug: str
    name: str
    name_en: str
    children: tuple = field(default=())

    @property
    def label(self) -> str:
        """The name in the page's language (the taxonomy's English names are optional)."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name

    @property
    def short_label(self) -> str:
        """For menus: "Thực phẩm" rather than the official "Sản phẩm thực phẩm" (every sector's
        name starts with "Sản phẩm")."""
        label = self.label
        prefix = "Sản phẩm "
        if label.startswith(prefix) and len(label) > len(prefix):
            rest = label[len(prefix) :]
            return rest[0].upper() + rest[1:]
        return label


def _load_sectors() -> list[Node]:
    """The six sectors with their product sets, from one query over the taxonomy."""
    rows = list(
        Category.objects.order_by("level", "position", "code").values(
            "pk", "parent_id", "level", "code", "slug", "name", "name_en"
        )
    )
    sector_of = {}
    for row in rows:
        if row["level"] == Category.Level.SECTOR:
            sector_of[row["pk"]] = row["pk"]
        else:
            sector_of[row["pk"]] = sector_of.get(row["parent_id"])
    sets: dict[int, list[Node]] = {}
    for row in rows:
        if row["level"] == Category.Level.PRODUCT_SET and sector_of.get(row["pk"]):
            sets.setdefault(sector_of[row["pk"]], []).append(_node(row))
    return [
        _node(row, tuple(sets.get(row["pk"], [])))
        for row in rows
        if row["level"] == Category.Level.SECTOR
    ]


def _node(row, children=()) -> Node:
    return Node(row["code"], row["slug"], row["name"], row["name_en"], children)


def sectors() -> list[Node]:
    return cache.get_or_set(SECTORS_CACHE_KEY, _load_sectors, SECTORS_CACHE_SECONDS)


@require_GET
def categories(request):
    return render(request, "storefront/categories.html", {"sectors": sectors()})


@require_GET
def account(request):
    return render(request, "storefront/account.html")
