"""Turning the GraphQL listing arguments into a backend SearchRequest."""

import binascii

from graphql_relay import from_global_id

from catalog.graphql.filters import category_ids
from marketplace.geography.selectors import resolve_provinces
from search.backends.base import SearchFilters
from vendors.models import Vendor

# A value that names nothing matches nothing (a typo never widens a filter to "everything").
_NOTHING_INT = frozenset({-1})
_NOTHING_STR = frozenset({"--"})


def _vendor_ids(values) -> frozenset[int]:
    ids, slugs = set(), []
    for value in values:
        try:
            type_name, raw_pk = from_global_id(value)
            if type_name == "Vendor":
                ids.add(int(raw_pk))
                continue
        except (binascii.Error, UnicodeDecodeError, ValueError, TypeError):
            pass
        slugs.append(value)
    if slugs:
        ids.update(Vendor.objects.filter(slug__in=slugs).values_list("pk", flat=True))
    return frozenset(ids) or _NOTHING_INT


def search_filters(info, filters) -> SearchFilters:
    """A ProductFilterInput as SearchFilters: categories with everything below them, provinces
    as today's codes (pre-2025 names too), vendors by ID or slug."""
    filters = filters or {}
    price = filters.get("price") or {}
    return SearchFilters(
        category_ids=(
            frozenset(category_ids(info, filters["categories"])) or _NOTHING_INT
            if filters.get("categories")
            else frozenset()
        ),
        province_codes=(
            frozenset(p.code for p in resolve_provinces(filters["provinces"])) or _NOTHING_STR
            if filters.get("provinces")
            else frozenset()
        ),
        stars=frozenset(filters.get("stars") or ()),
        vendor_ids=_vendor_ids(filters["vendors"]) if filters.get("vendors") else frozenset(),
        price_gte=price.get("gte"),
        price_lte=price.get("lte"),
        in_stock=filters.get("in_stock"),
        rating_gte=filters.get("rating"),
    )


def sort_of(sort_by, search: str | None) -> tuple[str, bool | None]:
    """(field, descending) for the backend: RANK unless sortBy says otherwise."""
    sort_by = sort_by or {}
    field = getattr(sort_by.get("field"), "value", sort_by.get("field")) or "rank"
    direction = getattr(sort_by.get("direction"), "value", sort_by.get("direction"))
    return field, (None if direction is None else direction == "desc")
