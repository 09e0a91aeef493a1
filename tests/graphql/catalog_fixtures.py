"""Products to query through the API, and the queries the catalogue tests send."""

from catalog.models import Product, ProductMedia
from inventory.models import Location, Stock
from marketplace.graphql.core.ids import global_id
from tests.factories import (
    ProductFactory,
    ProductVariantFactory,
    WarehouseFactory,
    certificate_of_stars,
    commune,
    product_set,
)

Status = Product.Status

NA_RI = "02155"  # Xã Na Rì: once Bắc Kạn (06), now Thái Nguyên (19)
MOC_CHAU = "03980"  # Phường Mộc Châu, Sơn La (14)
BA_DINH = "00004"  # Phường Ba Đình, Hà Nội (01)


def listing(
    vendor,
    name: str,
    *,
    prices=(85_000,),
    stock=None,
    stars=None,
    expired=False,
    status=Status.PUBLISHED,
    origin=MOC_CHAU,
    category="I.5.a",
    images=0,
    **fields,
) -> Product:
    """A product as the services would leave it (name folded for search), with a variant per
    price, `stock[i]` units of variant i in the producer's warehouse (none when not given),
    a certificate of `stars` (expired when told) and `images` images with thumbnails."""
    certificate = certificate_of_stars(
        vendor=vendor, category=category, stars=stars, expired=expired
    )
    product = ProductFactory(
        vendor=vendor,
        name=name,
        status=status,
        certificate=certificate,
        category=product_set(category),
        origin_commune=commune(origin),
        **fields,
    )
    warehouse = None
    for index, price in enumerate(prices):
        variant = ProductVariantFactory(product=product, price=price)
        if stock is not None:
            warehouse = warehouse or WarehouseFactory(vendor=vendor)
            Stock.objects.create(variant=variant, location=warehouse, quantity=stock[index])
    for position in range(images):
        ProductMedia.objects.create(
            product=product,
            image=f"products/{product.pk}/{position}.png",
            width=1600,
            height=1200,
            alt=f"{name} {position}",
            position=position,
            thumbnails={
                str(size): f"products/{product.pk}/thumbs/{position}-{size}.webp"
                for size in (160, 320, 640, 1280)
            },
        )
    return product


def showroom(name: str, commune_code: str, *, active=True) -> Location:
    return Location.objects.create(
        kind=Location.Kind.SHOWROOM,
        name=name,
        commune=commune(commune_code),
        street_address="Số 1",
        is_active=active,
    )


def gid(obj) -> str:
    """The global ID of a row (every type is named after its model)."""
    return global_id(type(obj).__name__, obj.pk)


def in_english(make_client):
    """Wrap the `gql` fixture so that requests ask for English: the API answers in the
    request's language (Vietnamese by default), and the tests that use this read messages."""

    def make(user=None):
        client = make_client(user)
        client.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


def names(data, field="products") -> list[str]:
    return [edge["node"]["name"] for edge in data[field]["edges"]]


PRODUCT_FIELDS = """
  id name slug description
  category { id name slug parent { id name slug parent { id name slug } } }
  vendor { id name slug kind province { code name } }
  origin { province { code name } commune { code name } }
  ocopStars
  certificate { decisionNumber decisionDate issuingBody level stars validUntil isCurrent }
  pricing { priceRange { start { amount currency } stop { amount currency } } }
  variants { id sku name price { amount currency } quantityAvailable weightGrams }
  thumbnail(size: 300) { url alt }
  media { url alt }
  isAvailable seasonMonths inSeason
  status reviewNote
"""

# The full storefront product query of the issue, every field of a product.
STOREFRONT = """
query Storefront($first: Int, $after: String, $last: Int, $before: String, $search: String,
                 $filter: ProductFilterInput, $sortBy: ProductSortingInput) {
  products(first: $first, after: $after, last: $last, before: $before, search: $search,
           filter: $filter, sortBy: $sortBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { PRODUCT_FIELDS } }
  }
}""".replace("PRODUCT_FIELDS", PRODUCT_FIELDS)

NAMES = """
query Names($first: Int, $after: String, $search: String, $filter: ProductFilterInput,
            $sortBy: ProductSortingInput) {
  products(first: $first, after: $after, search: $search, filter: $filter, sortBy: $sortBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { name } }
  }
}"""

PRODUCT = """
query Product($id: ID, $slug: String) { product(id: $id, slug: $slug) { PRODUCT_FIELDS } }
""".replace("PRODUCT_FIELDS", PRODUCT_FIELDS)
