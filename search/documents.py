"""Building search documents from the catalogue, in batches of a few queries each."""

import html
from collections.abc import Iterable, Iterator

import nh3
from django.db.models import F, Max, Min, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from catalog.models import Product, ProductVariant
from inventory.selectors import product_in_stock
from search.backends.base import ProductDocument
from vendors.models import OcopCertificate


def plain_text(fragment: str) -> str:
    """The words of sanitised HTML, without tags or entities."""
    return " ".join(html.unescape(nh3.clean(fragment or "", tags=set())).split())


def _price(aggregate):
    return Subquery(
        ProductVariant.objects.filter(product_id=OuterRef("pk"))
        .values("product_id")
        .annotate(value=aggregate("price"))
        .values("value")[:1]
    )


def _documents_queryset():
    return (
        Product.objects.select_related(
            "vendor",
            "category__parent__parent",
            "origin_commune__province",
            "origin_commune__legacy_province",
            "certificate",
        )
        .annotate(
            min_price=_price(Min),
            max_price=_price(Max),
            in_stock=product_in_stock(),
            # Kept by the reviews app (a product without reviews or sales has no row yet).
            rating_average=F("review_rating__average"),
            rating_count=Coalesce(F("review_rating__count"), Value(0)),
            sold_count=Coalesce(F("review_rating__sold_count"), Value(0)),
        )
        .order_by("pk")
    )


def document_for(product: Product) -> ProductDocument:
    category = product.category
    group = category.parent
    sector = group.parent
    commune = product.origin_commune
    province = commune.province
    legacy = commune.legacy_province
    legacy_names: tuple[str, ...] = ()
    if legacy is not None and legacy.name != province.short_name:
        legacy_names = (legacy.name, *legacy.other_names)
    certificate = product.certificate
    certified = (
        certificate is not None
        and certificate.verification_status == OcopCertificate.Verification.VERIFIED
        and not certificate.revoked
    )
    return ProductDocument(
        product_id=product.pk,
        slug=product.slug,
        name=product.name,
        vendor_id=product.vendor_id,
        vendor_name=product.vendor.name,
        vendor_slug=product.vendor.slug,
        category_id=category.pk,
        group_id=group.pk,
        sector_id=sector.pk,
        category_names=(category.name, group.name, sector.name),
        province_code=province.code,
        province_name=province.short_name,
        legacy_province_names=legacy_names,
        commune_name=commune.short_name,
        description=plain_text(product.description),
        stars=certificate.stars if certified else None,
        stars_valid_until=certificate.valid_until if certified else None,
        min_price=product.min_price,
        max_price=product.max_price,
        in_stock=product.in_stock,
        created_at=product.created_at,
        is_public=(
            product.status == Product.Status.PUBLISHED and product.vendor.status == "active"
        ),
        rating_average=float(product.rating_average or 0) if product.rating_count else 0.0,
        rating_count=product.rating_count,
        sold_count=product.sold_count,
    )


def build_documents(product_ids: Iterable[int]) -> list[ProductDocument]:
    """Documents for the products that still exist among `product_ids`."""
    return [document_for(p) for p in _documents_queryset().filter(pk__in=list(product_ids))]


def iter_all_documents(batch_size: int = 1000) -> Iterator[list[ProductDocument]]:
    """Every product's document, a batch at a time, by primary key (keyset pagination)."""
    last_pk = 0
    while True:
        batch = list(_documents_queryset().filter(pk__gt=last_pk)[:batch_size])
        if not batch:
            return
        yield [document_for(product) for product in batch]
        last_pk = batch[-1].pk
