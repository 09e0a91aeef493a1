"""Filtering, searching and sorting product lists (`products`, `Vendor.products`).

A filter never widens what the viewer may see: it narrows `products_visible_to(viewer)`. Values
a client names that do not exist (an unknown category or province) match nothing rather than
being dropped, so a typo never turns into "everything".
"""

import binascii

import graphene
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from graphql_relay import from_global_id

from catalog.graphql.per_request import taxonomy
from catalog.graphql.types import ProductStatusEnum
from catalog.models import Product
from catalog.selectors import cheapest_price, products_priced_between
from inventory.selectors import product_in_stock
from marketplace.core.text import fold
from marketplace.geography.selectors import resolve_provinces
from search.ranking import rating_score_expression


class PriceRangeInput(graphene.InputObjectType):
    gte = graphene.Int(description="At least this many đồng.")
    lte = graphene.Int(description="At most this many đồng.")


class ProductFilterInput(graphene.InputObjectType):
    categories = graphene.List(
        graphene.NonNull(graphene.ID),
        description="Categories of any level (IDs; slugs and codes work too), each with "
        "everything below it.",
    )
    provinces = graphene.List(
        graphene.NonNull(graphene.String),
        description="Provinces where products are made: codes or names, current or pre-2025 "
        '("Bắc Kạn" finds Thái Nguyên\'s).',
    )
    stars = graphene.List(graphene.NonNull(graphene.Int), description="Current OCOP stars.")
    vendors = graphene.List(
        graphene.NonNull(graphene.ID), description="Producers (IDs; slugs work too)."
    )
    price = graphene.Field(PriceRangeInput, description="Price of the cheapest variant.")
    in_stock = graphene.Boolean(description="Some variant has stock available to sell.")
    rating = graphene.Int(
        description="Buyers' average rating at least this many stars (4: “from 4★”); "
        "products without reviews have none."
    )
    statuses = graphene.List(
        graphene.NonNull(ProductStatusEnum),
        description="PUBLISHED by default. Others show only to staff and, for their own "
        "products, to the producer's members.",
    )


class ProductSortField(graphene.Enum):
    NAME = "name"
    PRICE = "price"
    CREATED_AT = "created_at"
    STARS = "stars"
    RANK = "rank"
    BEST_RATED = "best_rated"
    BEST_SELLING = "best_selling"

    @property
    def description(self):
        return {
            ProductSortField.NAME: "Alphabetically, ignoring diacritics.",
            ProductSortField.PRICE: "By the cheapest variant.",
            ProductSortField.CREATED_AT: "By when the producer listed it (newest first by "
            "default).",
            ProductSortField.STARS: "By current OCOP stars (most first by default); "
            "products without stars come last either way.",
            ProductSortField.RANK: "Best match first: with a search, names that start with it, "
            "then by stars and name; without one, by stars and name. Ignores direction.",
            ProductSortField.BEST_RATED: "By buyers' rating, weighed by how many reviews it "
            "has (one 5★ review does not beat two hundred at 4.8; best first by default).",
            ProductSortField.BEST_SELLING: "By units delivered over the last 12 months (most "
            "first by default).",
        }.get(self)


class SortDirection(graphene.Enum):
    ASC = "asc"
    DESC = "desc"


class ProductSortingInput(graphene.InputObjectType):
    field = graphene.Field(ProductSortField, required=True)
    direction = graphene.Field(
        SortDirection, description="Each field's natural direction when left out."
    )


def listing_arguments() -> dict:
    """The arguments every product list takes, besides the page."""
    return {
        "search": graphene.String(
            description="Words in the name, with or without diacritics; all must appear."
        ),
        "filter": ProductFilterInput(),
        "sort_by": ProductSortingInput(description="RANK when left out."),
    }


def _enum_value(value):
    return getattr(value, "value", value)


def _decoded_pk(value: str, type_name: str) -> int | None:
    try:
        found_type, raw_pk = from_global_id(value)
        return int(raw_pk) if found_type == type_name else None
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError):
        return None


def category_ids(info, values) -> set[int]:
    """Every category named (by ID, slug or code) and everything below them."""
    tree = taxonomy(info)
    ids: set[int] = set()
    for value in values:
        pk = _decoded_pk(value, "Category")
        found = [tree.by_id[pk]] if pk in tree.by_id else tree.find(value)
        for category in found:
            ids.update(tree.descendant_ids(category.pk))
    return ids


def filter_products(queryset: QuerySet[Product], info, filters) -> QuerySet[Product]:
    """Narrow `queryset` (annotated with current stars) by a ProductFilterInput."""
    filters = filters or {}
    statuses = [_enum_value(s) for s in filters.get("statuses") or []] or [Product.Status.PUBLISHED]
    queryset = queryset.filter(status__in=statuses)
    if filters.get("categories"):
        queryset = queryset.filter(category_id__in=category_ids(info, filters["categories"]))
    if filters.get("provinces"):
        codes = [province.code for province in resolve_provinces(filters["provinces"])]
        queryset = queryset.filter(origin_commune__province_id__in=codes)
    if filters.get("stars"):
        queryset = queryset.filter(current_stars__in=filters["stars"])
    if filters.get("vendors"):
        values = filters["vendors"]
        ids = [pk for pk in (_decoded_pk(v, "Vendor") for v in values) if pk is not None]
        queryset = queryset.filter(Q(vendor_id__in=ids) | Q(vendor__slug__in=values))
    price = filters.get("price") or {}
    if price.get("gte") is not None or price.get("lte") is not None:
        priced = products_priced_between(price.get("gte"), price.get("lte"))
        queryset = queryset.filter(pk__in=priced)
    if filters.get("in_stock") is not None:
        in_stock = product_in_stock()
        queryset = queryset.filter(in_stock if filters["in_stock"] else ~in_stock)
    if filters.get("rating") is not None:
        queryset = queryset.filter(
            review_rating__count__gt=0, review_rating__average__gte=filters["rating"]
        )
    return queryset


def search_products(queryset: QuerySet[Product], search: str | None) -> QuerySet[Product]:
    """Names containing every word of `search`, diacritics ignored: "mien dong" finds
    "Miến dong Bắc Kạn". (A stopgap until the search backends land.)"""
    for word in fold(search or "").split():
        queryset = queryset.filter(name_folded__contains=word)
    return queryset


_NATURAL_DIRECTION = {
    "name": "asc",
    "price": "asc",
    "created_at": "desc",
    "stars": "desc",
    "best_rated": "desc",
    "best_selling": "desc",
}


def _by(expression, direction: str):
    # NULLs last both ways: a product without stars or price is never "the best" or "the least".
    if direction == "desc":
        return expression.desc(nulls_last=True)
    return expression.asc(nulls_last=True)


def sort_products(queryset: QuerySet[Product], sort_by, search: str | None) -> QuerySet[Product]:
    """Order `queryset` (annotated with current stars); the primary key breaks ties, so that
    pages never overlap."""
    sort_by = sort_by or {}
    field = _enum_value(sort_by.get("field")) or "rank"
    direction = _enum_value(sort_by.get("direction")) or _NATURAL_DIRECTION.get(field, "asc")
    by_name = [F("name_folded").asc(), F("name").asc()]
    if field == "name":
        by_name = [_by(F("name_folded"), direction), _by(F("name"), direction)]
        return queryset.order_by(*by_name, "pk")
    if field == "price":
        queryset = queryset.annotate(min_price=cheapest_price())
        return queryset.order_by(_by(F("min_price"), direction), *by_name, "pk")
    if field == "created_at":
        return queryset.order_by(_by(F("created_at"), direction), "pk")
    if field == "stars":
        return queryset.order_by(_by(F("current_stars"), direction), *by_name, "pk")
    if field == "best_rated":
        queryset = queryset.annotate(rating_score=rating_score_expression())
        reviews = Coalesce(F("review_rating__count"), Value(0))
        return queryset.order_by(_by(F("rating_score"), direction), _by(reviews, direction),
                                 *by_name, "pk")  # fmt: skip
    if field == "best_selling":
        sold = Coalesce(F("review_rating__sold_count"), Value(0))
        return queryset.order_by(_by(sold, direction), *by_name, "pk")
    by_stars = F("current_stars").desc(nulls_last=True)
    folded = fold(search or "")
    if not folded:
        return queryset.order_by(by_stars, *by_name, "pk")
    queryset = queryset.annotate(
        starts_with_search=Case(
            When(name_folded__startswith=folded, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )
    return queryset.order_by("starts_with_search", by_stars, *by_name, "pk")
