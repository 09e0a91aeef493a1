"""Catalogue reads shared by pages, the API and commands."""

from django.db.models import Min, OuterRef, Prefetch, Q, QuerySet, Subquery

from catalog.models import Category, Product, ProductMedia, ProductVariant
from marketplace.core.permissions import AppScope, app_producer_id, is_app, is_staff
from vendors.selectors import vendors_of


def cheapest_price():
    """The lowest variant price of the product, as a correlated subquery: PostgreSQL computes it
    for the rows of the page only, where a join and GROUP BY would aggregate every variant."""
    return Subquery(
        ProductVariant.objects.filter(product_id=OuterRef("pk"))
        .order_by("price")
        .values("price")[:1]
    )


def products_priced_between(gte: int | None = None, lte: int | None = None) -> QuerySet:
    """Ids of the products whose cheapest variant costs between `gte` and `lte` (either may be
    None), for `pk__in`. To filter, one grouped pass over the variants is cheaper than the
    correlated `cheapest_price()` run for every product (and again for the count)."""
    cheapest = (
        ProductVariant.objects.order_by().values("product_id").annotate(cheapest=Min("price"))
    )
    if gte is not None:
        cheapest = cheapest.filter(cheapest__gte=gte)
    if lte is not None:
        cheapest = cheapest.filter(cheapest__lte=lte)
    return cheapest.values("product_id")


# What a product's page and its traceability card show about it, in the same query.
PRODUCT_PAGE_RELATIONS = (
    "vendor__commune__province",
    "category__parent__parent",
    "origin_commune__province",
    "origin_commune__legacy_province",
    "certificate",
)


def storefront_products() -> QuerySet[Product]:
    """Published products of active producers, with what a product card shows."""
    return (
        Product.objects.published()
        .with_current_stars()
        .annotate(min_price=cheapest_price())
        .select_related(*PRODUCT_PAGE_RELATIONS)
        .prefetch_related(
            "variants",
            Prefetch("media", queryset=ProductMedia.objects.order_by("position", "pk")),
        )
    )


def storefront_products_in_order(ids) -> list[Product]:
    """The storefront rows for `ids`, in that order. Sort and paginate on a narrow query of ids
    first, then load only the page: joining every table for every product before sorting is
    what made a 20,000-product listing slow."""
    ids = list(ids)
    by_id = storefront_products().in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def product_sets() -> QuerySet[Category]:
    return Category.objects.filter(level=Category.Level.PRODUCT_SET).select_related(
        "parent__parent"
    )


def category_descendant_ids(category: Category) -> list[int]:
    """The category and everything below it (the taxonomy is three levels deep)."""
    ids = [category.pk]
    frontier = [category.pk]
    while frontier:
        frontier = list(
            Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        ids.extend(frontier)
    return ids


def products_visible_to(user) -> QuerySet[Product]:
    """The products `user` may see at all: staff every product; a producer's members (any role),
    and an app of that producer with catalog:read, every product of that producer, drafts
    included; everyone the published products of active producers. Anything else must look
    exactly like a product that does not exist."""
    if is_staff(user):
        return Product.objects.all()
    public = Q(status=Product.Status.PUBLISHED, vendor__status="active")
    if user is None or not user.is_authenticated or not user.is_active:
        return Product.objects.filter(public)
    if is_app(user):  # with catalog:read, its producer's whole catalogue
        producer_id = app_producer_id(user, AppScope.CATALOG_READ)
        if producer_id is None:
            return Product.objects.filter(public)
        return Product.objects.filter(public | Q(vendor_id=producer_id))
    own = Q(vendor__in=vendors_of(user).values("pk"))
    return Product.objects.filter(public | own)


def variants_visible_to(user) -> QuerySet[ProductVariant]:
    return ProductVariant.objects.filter(product__in=products_visible_to(user).values("pk"))


def media_visible_to(user) -> QuerySet[ProductMedia]:
    return ProductMedia.objects.filter(product__in=products_visible_to(user).values("pk"))


def traceable_product(short_code: str) -> Product | None:
    """The product a printed QR label names: published, or archived since the label was
    printed (the card then says it is no longer sold); never a draft or a suspended
    producer's."""
    return (
        Product.objects.filter(
            short_code=(short_code or "").strip().lower()[:12],
            status__in=[Product.Status.PUBLISHED, Product.Status.ARCHIVED],
            vendor__status="active",
        )
        .select_related(*PRODUCT_PAGE_RELATIONS)
        .first()
    )
