import graphene


class FacetValue(graphene.ObjectType):
    key = graphene.String(
        required=True,
        description="What to put in the filter to choose it: a category or producer ID, a "
        "province code, a number of stars, true/false for in stock, a minimum rating.",
    )
    label = graphene.String(required=True)
    count = graphene.Int(
        required=True, description="Products with it, under every other active filter."
    )
    selected = graphene.Boolean(required=True, description="The filter already chooses it.")


class PriceBucket(graphene.ObjectType):
    gte = graphene.Int(description="From this many đồng (null: no lower bound).")
    lt = graphene.Int(description="Below this many đồng (null: no upper bound).")
    label = graphene.String(required=True, description='e.g. "50.000 ₫ – 100.000 ₫".')
    count = graphene.Int(required=True)
    selected = graphene.Boolean(required=True)


class ProductFacets(graphene.ObjectType):
    sectors = graphene.List(graphene.NonNull(FacetValue), required=True)
    product_sets = graphene.List(graphene.NonNull(FacetValue), required=True)
    provinces = graphene.List(graphene.NonNull(FacetValue), required=True)
    stars = graphene.List(graphene.NonNull(FacetValue), required=True)
    vendors = graphene.List(
        graphene.NonNull(FacetValue), required=True, description="The 20 with most products."
    )
    price_buckets = graphene.List(graphene.NonNull(PriceBucket), required=True)
    in_stock = graphene.List(graphene.NonNull(FacetValue), required=True)
    rating = graphene.List(
        graphene.NonNull(FacetValue),
        required=True,
        description="Buyers' average rating from 4★ and from 3★ (`filter: {rating: 4}`): "
        "each counts the products whose average reaches it, so they overlap.",
    )

    class Meta:
        description = (
            "Counts for narrowing a product list. Each facet counts under every active filter "
            "except its own, so choosing a value never hides the others of that facet."
        )


class SearchSuggestionKind(graphene.Enum):
    PRODUCT = "product"
    VENDOR = "vendor"
    CATEGORY = "category"
    PROVINCE = "province"


class SearchSuggestion(graphene.ObjectType):
    kind = graphene.Field(SearchSuggestionKind, required=True)
    label = graphene.String(required=True)
    target = graphene.String(
        required=True,
        description="Where it leads: the slug of a product, producer or category, or a "
        "province code (pre-2025 names lead to today's province).",
    )
