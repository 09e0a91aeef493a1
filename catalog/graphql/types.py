"""The catalogue as clients see it: categories, products, variants, images.

Every nested field reads what the list resolvers prefetched for the whole page (see
`catalog.graphql.prefetch`) or the per-request memo (`catalog.graphql.per_request`), and falls
back to a query of its own when an object came without them (a mutation's payload).
"""

import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from catalog.graphql.per_request import (
    category_product_count,
    taxonomy,
    viewer_manages,
)
from catalog.graphql.prefetch import attach_availability
from catalog.models import Category, Product, ProductMedia, ProductVariant
from catalog.selectors import media_visible_to, products_visible_to, variants_visible_to
from catalog.thumbnails import thumbnail_name
from inventory.models import Location
from inventory.selectors import product_in_stock, quantity_available
from marketplace.geography.graphql.types import CommuneType, ProvinceType
from marketplace.graphql.core.connections import connection_field, connection_type
from marketplace.graphql.core.types import (
    MoneyField,
    MoneyRange,
    money,
    related_rows,
    visible_through,
)

ProductStatusEnum = graphene.Enum.from_enum(Product.Status, name="ProductStatus")

DEFAULT_THUMBNAIL_SIZE = 320


def _absolute_url(info, field_file, name: str) -> str:
    return info.context.build_absolute_uri(field_file.storage.url(name))


def _prefetched(obj, relation: str):
    """The related rows a prefetch put on `obj`, or None when there was none."""
    return getattr(obj, "_prefetched_objects_cache", {}).get(relation)


class CategoryType(DjangoObjectType):
    code = graphene.String(required=True, description='The programme\'s code, e.g. "I.5.a".')
    name = graphene.String(required=True)
    name_en = graphene.String(required=True, description="English name (may be empty).")
    slug = graphene.String(required=True)
    level = graphene.Int(
        required=True, description="1 sector (ngành), 2 group (nhóm), 3 product set (bộ sản phẩm)."
    )
    parent = graphene.Field(lambda: CategoryType)
    children = graphene.List(
        graphene.NonNull(lambda: CategoryType),
        required=True,
        description="In the programme's order.",
    )
    product_count = graphene.Int(
        required=True,
        description="Published products of active producers here and in everything below.",
    )

    class Meta:
        model = Category
        name = "Category"
        interfaces = (relay.Node,)
        fields = ("code", "name", "name_en", "slug")
        description = "A node of the OCOP taxonomy: sector -> group -> product set."

    @staticmethod
    def resolve_level(root, info):
        return int(root.level)

    @staticmethod
    def resolve_parent(root, info):
        return taxonomy(info).by_id.get(root.parent_id) if root.parent_id else None

    @staticmethod
    def resolve_children(root, info):
        return taxonomy(info).children_of(root.pk)

    @staticmethod
    def resolve_product_count(root, info):
        return category_product_count(info, root)


class ProductImage(graphene.ObjectType):
    url = graphene.String(required=True, description="Absolute URL of the file.")
    alt = graphene.String(required=True)

    class Meta:
        description = "An image file of a product at one size."


class ProductMediaType(DjangoObjectType):
    url = graphene.String(
        required=True,
        size=graphene.Int(
            description="Width in pixels wanted: the smallest thumbnail at least that wide. "
            "Without it, the original."
        ),
        description="Absolute URL.",
    )
    alt = graphene.String(required=True)
    width = graphene.Int(required=True, description="Of the original, in pixels.")
    height = graphene.Int(required=True, description="Of the original, in pixels.")

    class Meta:
        model = ProductMedia
        name = "ProductMedia"
        interfaces = (relay.Node,)
        fields = ("alt", "width", "height")
        description = "An image of a product, in the producer's order."

    get_queryset = visible_through(media_visible_to)

    @staticmethod
    def resolve_url(root, info, size=None):
        name = root.image.name if size is None else thumbnail_name(root, size)
        return _absolute_url(info, root.image, name)


class ProductVariantType(DjangoObjectType):
    sku = graphene.String(required=True)
    name = graphene.String(required=True, description='The packaging, e.g. "Hộp 500g".')
    price = MoneyField("price", required=True)
    compare_at_price = MoneyField(
        "compare_at_price", description="The former price, shown struck out."
    )
    quantity_available = graphene.Int(
        required=True, description="Units in stock at active locations and not yet ordered."
    )
    weight_grams = graphene.Int(required=True)
    gtin = graphene.String(required=True, description="Barcode number; empty when there is none.")

    class Meta:
        model = ProductVariant
        name = "ProductVariant"
        interfaces = (relay.Node,)
        fields = ("sku", "name", "weight_grams", "gtin")
        description = "A sellable unit of a product, with its SKU and price."

    get_queryset = visible_through(variants_visible_to)

    @staticmethod
    def resolve_quantity_available(root, info):
        if hasattr(root, "quantity_available"):
            return root.quantity_available
        return (
            ProductVariant.objects.filter(pk=root.pk)
            .annotate(available=quantity_available())
            .values_list("available", flat=True)
            .first()
            or 0
        )


class ProductCertificate(graphene.ObjectType):
    decision_number = graphene.String(required=True)
    decision_date = graphene.Date(required=True)
    issuing_body = graphene.String(required=True)
    level = graphene.Field(
        "vendors.graphql.types.CertificateLevelEnum",
        required=True,
        description="Who recognised it.",
    )
    stars = graphene.Int(required=True)
    valid_until = graphene.Date(required=True)
    is_current = graphene.Boolean(
        required=True,
        description="Verified, not revoked and not expired: only then does the product show "
        "its stars. Shoppers only ever see current certificates.",
    )

    class Meta:
        description = "The OCOP recognition decision that covers a product."

    @staticmethod
    def resolve_is_current(root, info):
        return root.is_current()


class ProductOrigin(graphene.ObjectType):
    province = graphene.Field(ProvinceType, required=True)
    commune = graphene.Field(CommuneType, required=True)

    class Meta:
        description = "Where the product is made (today's province of the commune)."

    @staticmethod
    def resolve_province(root, info):
        return root.province

    @staticmethod
    def resolve_commune(root, info):
        return root


class ProductPricing(graphene.ObjectType):
    price_range = graphene.Field(
        MoneyRange, description="The cheapest and the dearest variant; null without variants."
    )

    class Meta:
        description = "What a product costs."


class ProductType(DjangoObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    description = graphene.String(required=True, description="Sanitised HTML.")
    category = graphene.Field(CategoryType, required=True, description="Its product set.")
    # A string: the vendors' types may one day import the catalogue's.
    vendor = graphene.Field("vendors.graphql.types.VendorType", required=True)
    origin = graphene.Field(ProductOrigin, required=True)
    ocop_stars = graphene.Int(
        description="3 to 5 while a verified, unrevoked, unexpired certificate covers it."
    )
    certificate = graphene.Field(
        ProductCertificate,
        description="Its OCOP certificate while current; the producer's members and staff "
        "also see one that is not (with isCurrent false).",
    )
    pricing = graphene.Field(ProductPricing, required=True)
    variants = graphene.List(graphene.NonNull(ProductVariantType), required=True)
    thumbnail = graphene.Field(
        ProductImage,
        size=graphene.Int(
            default_value=DEFAULT_THUMBNAIL_SIZE,
            description="Width in pixels wanted: the smallest thumbnail at least that wide.",
        ),
        description="The first image; null when there is none.",
    )
    media = graphene.List(graphene.NonNull(ProductMediaType), required=True)
    availability = graphene.List(
        graphene.NonNull("inventory.graphql.types.ProductAvailability"),
        required=True,
        description="The OCOP showrooms with some of it available to sell, with how many "
        "(showrooms first); the producer's members and staff also see its warehouses.",
    )
    is_available = graphene.Boolean(
        required=True, description="Some variant has stock available to sell."
    )
    season_months = graphene.List(
        graphene.NonNull(graphene.Int),
        required=True,
        description="Months (1-12) when it is in season; empty means all year.",
    )
    in_season = graphene.Boolean(required=True, description="In season this month.")
    batch = graphene.String(
        required=True, description="The batch or season the producer records; may be empty."
    )
    short_code = graphene.String(
        required=True, description="Stable code of its printed QR labels: the page /q/<code>."
    )
    traceability_url = graphene.String(
        required=True, description="Absolute URL of its traceability card (what the QR opens)."
    )
    status = graphene.Field(
        ProductStatusEnum, description="For the producer's members and staff; null for others."
    )
    review_note = graphene.String(
        description="The moderator's note, for the producer's members and staff."
    )
    # Reviews sit above the catalogue: their types are named by path, never imported here.
    rating = graphene.Field(
        "reviews.graphql.types.ProductRatingType",
        required=True,
        description="Its verified buyers' ratings (count 0 and average null before any).",
    )
    sold_count = graphene.Int(
        required=True, description="Units delivered over the last 12 months (refreshed daily)."
    )
    reviews = connection_field(
        "reviews.graphql.types.ProductReviewConnection",
        "Its published reviews, newest first unless `sortBy` says otherwise.",
        sort_by=graphene.Argument("reviews.graphql.types.ReviewSort"),
        filter=graphene.Argument("reviews.graphql.types.ReviewFilterInput"),
    )

    class Meta:
        model = Product
        name = "Product"
        interfaces = (relay.Node,)
        fields = ("name", "slug", "description", "batch", "short_code")
        description = "An OCOP product listed by a producer."

    get_queryset = visible_through(products_visible_to)

    @staticmethod
    def resolve_category(root, info):
        return taxonomy(info).by_id.get(root.category_id) or root.category

    @staticmethod
    def resolve_origin(root, info):
        return root.origin_commune

    @staticmethod
    def resolve_ocop_stars(root, info):
        return root.ocop_stars

    @staticmethod
    def resolve_certificate(root, info):
        if root.certificate_id is None:
            return None
        certificate = root.certificate
        if certificate.is_current() or viewer_manages(info, root.vendor_id):
            return certificate
        return None

    @staticmethod
    def resolve_pricing(root, info):
        prices = [variant.price for variant in root.variants.all()]
        if not prices:
            return ProductPricing(price_range=None)
        return ProductPricing(
            price_range=MoneyRange(start=money(min(prices)), stop=money(max(prices)))
        )

    resolve_variants = related_rows("variants")

    @staticmethod
    def resolve_thumbnail(root, info, size=DEFAULT_THUMBNAIL_SIZE):
        size = DEFAULT_THUMBNAIL_SIZE if size is None else size  # an explicit `size: null`
        first = next(iter(root.media.all()), None)
        if first is None:
            return None
        url = _absolute_url(info, first.image, thumbnail_name(first, size))
        return ProductImage(url=url, alt=first.alt or root.name)

    resolve_media = related_rows("media")

    @staticmethod
    def resolve_availability(root, info):
        if not hasattr(root, "availability_here"):
            attach_availability([root])
        places = root.availability_here
        if any(place.kind != Location.Kind.SHOWROOM for place in places) and not viewer_manages(
            info, root.vendor_id
        ):
            places = [place for place in places if place.kind == Location.Kind.SHOWROOM]
        return [{"location": place, "quantity": place.quantity} for place in places]

    @staticmethod
    def resolve_is_available(root, info):
        if hasattr(root, "is_in_stock"):
            return root.is_in_stock
        variants = _prefetched(root, "variants")
        if variants is not None and all(hasattr(v, "quantity_available") for v in variants):
            return any(variant.quantity_available > 0 for variant in variants)
        return Product.objects.filter(pk=root.pk).filter(product_in_stock()).exists()

    @staticmethod
    def resolve_season_months(root, info):
        return root.season_months

    @staticmethod
    def resolve_in_season(root, info):
        return root.in_season()

    @staticmethod
    def resolve_traceability_url(root, info):
        return info.context.build_absolute_uri(f"/q/{root.short_code}")

    @staticmethod
    def resolve_status(root, info):
        return root.status if viewer_manages(info, root.vendor_id) else None

    @staticmethod
    def resolve_review_note(root, info):
        return root.review_note if viewer_manages(info, root.vendor_id) else None

    @staticmethod
    def resolve_rating(root, info):
        from reviews.graphql.types import product_rating  # reviews sit above the catalogue

        return product_rating(root)

    @staticmethod
    def resolve_sold_count(root, info):
        from reviews.graphql.types import product_rating

        return product_rating(root).sold_count

    @staticmethod
    def resolve_reviews(root, info, **args):
        from reviews.graphql.queries import resolve_product_reviews

        return resolve_product_reviews(root, info, args)


ProductConnection = connection_type(ProductType)
CategoryConnection = connection_type(CategoryType)
