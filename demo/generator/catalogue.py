"""A synthetic national OCOP catalogue: producers, certificates, products, variants and stock.

Rows go in with bulk_create, bypassing the services: those check permissions and record events
one product at a time, which would take hours for 20,000 products. The planner keeps the rules
the services and the database enforce instead (star bands, unique SKUs per producer, ...).

Each chunk of producers is committed with everything they own, so memory stays flat and an
interrupted run leaves only complete producers behind, which --reset removes.
"""

import io
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection, transaction
from django.utils import timezone
from PIL import Image

from catalog.models import Category, Product, ProductVariant
from demo.generator import naming
from demo.generator.markers import (
    CERTIFICATE_DOCUMENT,
    SHOWROOM_MARKER,
    VENDOR_SLUG_PATTERN,
    generated_vendors,
)
from demo.generator.planning import (
    CataloguePlanner,
    ProducerRows,
    Reference,
    Serials,
    plan_decisions,
    star_quota,
)
from demo.generator.vocabulary import PRODUCT_SETS
from inventory.models import ConsignmentAgreement, Location, Stock, StockMovement
from marketplace.accounts.models import User
from marketplace.geography.models import Commune, Province
from vendors.models import OcopCertificate, Vendor, VendorMember


class CatalogueGenerationError(Exception):
    pass


def generate_catalogue(
    *, products: int, seed: int, batch_size: int = 2000, progress=None
) -> Counter:
    """Generate `products` published products with their producers and return how many rows of
    each kind were created. `progress`, a tqdm-like bar, is advanced by products inserted."""
    rng = random.Random(seed)
    today = timezone.localdate()
    counts = Counter()
    with transaction.atomic():
        counts["showrooms"] = ensure_showrooms()
    write_certificate_document()
    reference = load_reference()
    plan_decisions(rng, today, reference, Province.objects.order_by("code"))
    planner = CataloguePlanner(rng, reference, load_serials(), today)
    producers = planner.producers(star_quota(rng, products))
    for chunk in _chunks(producers, products_per_chunk=batch_size):
        with transaction.atomic():
            insert_producers(chunk, batch_size, counts)
        if progress is not None:
            progress.update(sum(len(rows.products) for rows in chunk))
    refresh_statistics()
    return counts


def refresh_statistics() -> None:
    """Bulk loads leave PostgreSQL's planner statistics stale until autovacuum comes round; a
    planner that thinks the catalogue has 20 rows picks nested loops over 20,000."""
    if connection.vendor == "postgresql":
        tables = [
            model._meta.db_table
            for model in (
                Vendor,
                Product,
                ProductVariant,
                Stock,
                StockMovement,
                ConsignmentAgreement,
                OcopCertificate,
                Location,
            )
        ]
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")


def ensure_showrooms() -> int:
    """A generated OCOP showroom in every province that has no active showroom yet."""
    covered = Location.objects.filter(kind=Location.Kind.SHOWROOM, is_active=True).values(
        "commune__province_id"
    )
    showrooms = []
    for province in Province.objects.exclude(code__in=covered).order_by("code"):
        # The first ward by code: usually in the provincial capital.
        communes = province.communes.order_by("code")
        commune = communes.filter(division_type=Commune.DivisionType.WARD).first()
        showrooms.append(
            Location(
                kind=Location.Kind.SHOWROOM,
                name=f"Điểm giới thiệu và bán sản phẩm OCOP {province.short_name} "
                f"{SHOWROOM_MARKER}",
                commune=commune or communes.first(),
            )
        )
    Location.objects.bulk_create(showrooms)
    return len(showrooms)


def write_certificate_document() -> None:
    """The one scanned decision every generated certificate points at."""
    storage = storages["private"]
    if not storage.exists(CERTIFICATE_DOCUMENT):
        buffer = io.BytesIO()
        Image.new("RGB", (595, 842), (255, 255, 255)).save(buffer, "PDF")
        storage.save(CERTIFICATE_DOCUMENT, ContentFile(buffer.getvalue()))


def load_reference() -> Reference:
    communes = list(Commune.objects.select_related("province", "legacy_province").order_by("code"))
    product_sets = {
        category.code: category
        for category in Category.objects.filter(level=Category.Level.PRODUCT_SET)
    }
    if not communes or not product_sets:
        raise CatalogueGenerationError("No communes or product sets: run `manage.py migrate`.")
    unknown = sorted(set(product_sets) - set(PRODUCT_SETS))
    if unknown:
        raise CatalogueGenerationError(f"No product words for the product sets {unknown}.")
    by_province, by_legacy = defaultdict(list), defaultdict(list)
    for commune in communes:
        by_province[commune.province_id].append(commune)
        if commune.legacy_province_id:
            by_legacy[commune.legacy_province_id].append(commune)
    showrooms = defaultdict(list)
    for pk, province_id in (
        Location.objects.filter(kind=Location.Kind.SHOWROOM, is_active=True)
        .order_by("pk")
        .values_list("pk", "commune__province_id")
    ):
        showrooms[province_id].append(pk)
    return Reference(
        communes,
        dict(by_province),
        product_sets,
        dict(showrooms),
        communes_by_legacy_province=dict(by_legacy),
    )


def load_serials() -> Serials:
    """Continue after earlier runs, so that a run without --reset adds rather than collides."""
    vendor_serials = [
        int(re.match(VENDOR_SLUG_PATTERN, slug).group(1))
        for slug in generated_vendors().values_list("slug", flat=True)
    ]
    return Serials(
        vendor=max(vendor_serials, default=0),
        product=Product.objects.filter(vendor__in=generated_vendors()).count(),
        product_slugs=set(Product.objects.values_list("slug", flat=True)),
        tax_codes=naming.tax_codes(set(Vendor.objects.values_list("tax_code", flat=True))),
    )


# Parents before children: bulk_create fills in each instance's primary key, and a child picks
# up its parent's key from the linked instance.
_INSERT_ORDER = (
    ("owners", User, "owner"),
    ("producers", Vendor, "vendor"),
    ("members", VendorMember, "member"),
    ("warehouses", Location, "warehouse"),
    ("consignment agreements", ConsignmentAgreement, "agreements"),
    ("certificates", OcopCertificate, "certificates"),
    ("products", Product, "products"),
    ("variants", ProductVariant, "variants"),
    ("stock", Stock, "stocks"),
    ("opening movements", StockMovement, "movements"),
)


def insert_producers(chunk: list[ProducerRows], batch_size: int, counts: Counter) -> None:
    for label, model, attribute in _INSERT_ORDER:
        objs = []
        for rows in chunk:
            value = getattr(rows, attribute)
            objs.extend(value if isinstance(value, list) else [value])
        model.objects.bulk_create(objs, batch_size=batch_size)
        counts[label] += len(objs)


def _chunks(producers: Iterable[ProducerRows], products_per_chunk: int):
    chunk, size = [], 0
    for rows in producers:
        chunk.append(rows)
        size += len(rows.products)
        if size >= products_per_chunk:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk
