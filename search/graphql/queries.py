import graphene
from graphql_relay import to_global_id

from catalog.graphql.filters import ProductFilterInput
from search.backends import get_backend
from search.backends.base import MAX_SUGGESTIONS
from search.graphql.requests import search_filters
from search.graphql.types import (
    FacetValue,
    PriceBucket,
    ProductFacets,
    SearchSuggestion,
)


def _values(values, type_name: str | None = None) -> list[FacetValue]:
    return [
        FacetValue(
            key=to_global_id(type_name, v.key) if type_name else v.key,
            label=v.label,
            count=v.count,
            selected=v.selected,
        )
        for v in values
    ]


def _bound(text: str) -> int | None:
    return int(text) if text else None


def _buckets(values) -> list[PriceBucket]:
    buckets = []
    for value in values:
        low, _, high = value.key.partition("-")
        gte, lt = _bound(low), _bound(high)
        buckets.append(
            PriceBucket(
                gte=gte,
                lt=lt,
                label=value.label,
                count=value.count,
                selected=value.selected,
            )
        )
    return buckets


class SearchQueries(graphene.ObjectType):
    product_facets = graphene.Field(
        ProductFacets,
        required=True,
        search=graphene.String(),
        filter=ProductFilterInput(),
        description="Facet counts for `products(search, filter)` of the public catalogue.",
    )
    search_suggestions = graphene.List(
        graphene.NonNull(SearchSuggestion),
        required=True,
        query=graphene.String(required=True),
        description=f"At most {MAX_SUGGESTIONS} completions as a shopper types: products, "
        "producers, categories and provinces, diacritics optional.",
    )

    @staticmethod
    def resolve_product_facets(root, info, search=None, filter=None):
        facets = get_backend().facets(search or "", search_filters(info, filter))
        return ProductFacets(
            sectors=_values(facets.sectors, "Category"),
            product_sets=_values(facets.product_sets, "Category"),
            provinces=_values(facets.provinces),
            stars=_values(facets.stars),
            vendors=_values(facets.vendors, "Vendor"),
            price_buckets=_buckets(facets.price_buckets),
            in_stock=_values(facets.in_stock),
            rating=_values(facets.rating),
        )

    @staticmethod
    def resolve_search_suggestions(root, info, query):
        return [
            SearchSuggestion(kind=s.kind, label=s.label, target=s.target)
            for s in get_backend().suggest(query, limit=MAX_SUGGESTIONS)
        ]
