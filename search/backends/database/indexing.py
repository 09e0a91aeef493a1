"""Writing the index: documents, their vocabulary and the suggestions.

`index` upserts documents and keeps the vocabulary counts in step (words of the replaced
documents out, words of the new ones in), then refreshes the suggestions the change can
affect. `rebuild` deletes and reloads everything inside one transaction, so that readers keep
seeing the old index until it commits (TRUNCATE would lock them out for the whole run), then
compacts the tables and refreshes the planner's statistics.
"""

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from catalog.models import Category
from marketplace.core.text import fold
from marketplace.geography.models import LegacyProvince, Province
from search.backends.base import ProductDocument
from search.backends.database.sql import placeholders, table
from search.backends.database.terms import MAX_WORD_LENGTH, index_text
from search.models import ProductSearchDocument, SearchSuggestion, SearchTerm
from vendors.models import Vendor

Kind = SearchSuggestion.Kind
BATCH_SIZE = 1000
# Suggestion weights: places and categories first, then producers, then products by stars and
# availability; counts of public products order each kind.
WEIGHTS = {Kind.PROVINCE: 4000, Kind.CATEGORY: 3000, Kind.VENDOR: 2000, Kind.PRODUCT: 1000}
MAX_COUNT_WEIGHT = 999

_DOCUMENT_FIELDS = [
    f.name for f in ProductSearchDocument._meta.concrete_fields if f.name != "product"
]


def document_row(document: ProductDocument) -> ProductSearchDocument:
    text_a = index_text(document.name)
    text_b = index_text(
        document.vendor_name,
        *document.category_names,
        document.province_name,
        *document.legacy_province_names,
        document.commune_name,
    )
    return ProductSearchDocument(
        product_id=document.product_id,
        name=document.name[:255],
        name_folded=fold(document.name)[:255],
        text_a=text_a,
        text_b=text_b,
        text_c=index_text(document.description),
        vendor_id=document.vendor_id,
        category_id=document.category_id,
        group_id=document.group_id,
        sector_id=document.sector_id,
        province_code=document.province_code,
        stars=document.stars,
        stars_valid_until=document.stars_valid_until,
        min_price=document.min_price,
        max_price=document.max_price,
        in_stock=document.in_stock,
        created_at=document.created_at,
        is_public=document.is_public,
        rating_average=document.rating_average,
        rating_count=document.rating_count,
        sold_count=document.sold_count,
    )


def vocabulary(text_a: str, text_b: str) -> set[str]:
    """The words a query can match (the description's are not: it only ranks)."""
    return {word for word in f"{text_a} {text_b}".split() if len(word) <= MAX_WORD_LENGTH}


def product_suggestion(document: ProductDocument) -> SearchSuggestion:
    stars = document.current_stars(timezone.localdate()) or 0
    return SearchSuggestion(
        kind=Kind.PRODUCT,
        target=document.slug,
        label=document.name[:255],
        label_folded=index_text(document.name)[:255],
        weight=WEIGHTS[Kind.PRODUCT] + 100 * stars + (10 if document.in_stock else 0),
        product_id=document.product_id,
        vendor_id=document.vendor_id,
    )


def _counted(kind: str, count: int) -> int:
    return WEIGHTS[kind] + min(count, MAX_COUNT_WEIGHT)


# --- incremental ---------------------------------------------------------------------------


def index(documents: list[ProductDocument]) -> int:
    documents = list({document.product_id: document for document in documents}.values())
    if not documents:
        return 0
    ids = [document.product_id for document in documents]
    rows = [document_row(document) for document in documents]
    with transaction.atomic():
        old = list(
            ProductSearchDocument.objects.filter(product_id__in=ids).values_list(
                "is_public", "text_a", "text_b", "vendor_id"
            )
        )
        ProductSearchDocument.objects.bulk_create(
            rows,
            batch_size=BATCH_SIZE,
            update_conflicts=True,
            unique_fields=["product"],
            update_fields=_DOCUMENT_FIELDS,
        )
        delta = Counter()
        for is_public, text_a, text_b, _vendor in old:
            if is_public:
                delta.subtract(vocabulary(text_a, text_b))
        for row in rows:
            if row.is_public:
                delta.update(vocabulary(row.text_a, row.text_b))
        apply_vocabulary_delta(delta)
        slugs = [document.slug for document in documents]
        SearchSuggestion.objects.filter(kind=Kind.PRODUCT, product_id__in=ids).delete()
        SearchSuggestion.objects.filter(kind=Kind.PRODUCT, target__in=slugs).delete()
        SearchSuggestion.objects.bulk_create(
            [product_suggestion(document) for document in documents if document.is_public],
            batch_size=BATCH_SIZE,
        )
        refresh_vendor_suggestions({row[-1] for row in old} | {row.vendor_id for row in rows})
        refresh_reference_suggestions()
    return len(rows)


def remove(product_ids: list[int]) -> int:
    if not product_ids:
        return 0
    with transaction.atomic():
        documents = ProductSearchDocument.objects.filter(product_id__in=product_ids)
        old = list(documents.values_list("is_public", "text_a", "text_b", "vendor_id"))
        delta = Counter()
        for is_public, text_a, text_b, _vendor in old:
            if is_public:
                delta.subtract(vocabulary(text_a, text_b))
        removed, _ = documents.delete()
        apply_vocabulary_delta(delta)
        SearchSuggestion.objects.filter(kind=Kind.PRODUCT, product_id__in=product_ids).delete()
        refresh_vendor_suggestions({row[-1] for row in old})
        refresh_reference_suggestions()
    return removed


def apply_vocabulary_delta(delta: Counter) -> None:
    """Add to each word the documents it gained or lost (a word left in no document goes), in
    word order, so that concurrent indexing runs lock the rows in the same order."""
    terms = table(SearchTerm)
    changes = [(word, n) for word, n in sorted(delta.items()) if n]
    if not changes:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {terms} (word, document_count) VALUES (%s, %s) "
            "ON CONFLICT (word) DO UPDATE SET document_count = CASE "
            f"WHEN {terms}.document_count + %s > 0 THEN {terms}.document_count + %s ELSE 0 END",
            [(word, max(n, 0), n, n) for word, n in changes],
        )
        gone = [word for word, n in changes if n < 0]
        for batch in _batches(gone, 500):
            cursor.execute(
                f"DELETE FROM {terms} WHERE document_count = 0 AND word IN ({placeholders(batch)})",
                batch,
            )


def refresh_vendor_suggestions(vendor_ids: set[int]) -> None:
    """Suggest these producers (by their current name) while they have public products."""
    vendor_ids = set(vendor_ids)
    if not vendor_ids:
        return
    SearchSuggestion.objects.filter(kind=Kind.VENDOR, vendor_id__in=vendor_ids).delete()
    counts = Counter(
        ProductSearchDocument.objects.filter(is_public=True, vendor_id__in=vendor_ids)
        .values_list("vendor_id", flat=True)
        .iterator()
    )
    vendors = Vendor.objects.filter(pk__in=counts, status=Vendor.Status.ACTIVE)
    SearchSuggestion.objects.bulk_create(
        [_vendor_suggestion(pk, name, slug, counts[pk]) for pk, name, slug in
         vendors.values_list("pk", "name", "slug")],
        ignore_conflicts=True,
    )  # fmt: skip


def _vendor_suggestion(pk: int, name: str, slug: str, count: int) -> SearchSuggestion:
    return SearchSuggestion(
        kind=Kind.VENDOR,
        target=slug,
        label=name[:255],
        label_folded=index_text(name)[:255],
        weight=_counted(Kind.VENDOR, count),
        vendor_id=pk,
    )


def refresh_reference_suggestions() -> None:
    """Categories and provinces (pre-2025 names leading to today's province) that have public
    products, weighted by how many: a few hundred rows, rewritten from one grouped count."""
    categories, provinces = Counter(), Counter()
    grouped = (
        ProductSearchDocument.objects.filter(is_public=True)
        .values_list("sector_id", "group_id", "category_id", "province_code")
        .order_by()
        .annotate(n=Count("*"))
    )
    for sector_id, group_id, category_id, province_code, n in grouped:
        for pk in {sector_id, group_id, category_id}:
            categories[pk] += n
        provinces[province_code] += n
    rows: dict[tuple, SearchSuggestion] = {}

    def add(kind: str, target: str, label: str, count: int) -> None:
        folded = index_text(label)[:255]
        rows.setdefault(
            (kind, target, folded),
            SearchSuggestion(
                kind=kind,
                target=target,
                label=label[:255],
                label_folded=folded,
                weight=_counted(kind, count),
            ),
        )

    for pk, name, slug in Category.objects.filter(pk__in=categories).values_list(
        "pk", "name", "slug"
    ):
        add(Kind.CATEGORY, slug, name, categories[pk])
    for code, name in Province.objects.filter(code__in=provinces).values_list("code", "short_name"):
        add(Kind.PROVINCE, code, name, provinces[code])
    legacy = LegacyProvince.objects.filter(successor_id__in=provinces).order_by("code")
    for code, name, other_names in legacy.values_list("successor_id", "name", "other_names"):
        for label in (name, *(other_names or [])):
            add(Kind.PROVINCE, code, label, provinces[code])
    SearchSuggestion.objects.filter(kind__in=[Kind.CATEGORY, Kind.PROVINCE]).delete()
    SearchSuggestion.objects.bulk_create(rows.values(), batch_size=BATCH_SIZE)


# --- rebuild -------------------------------------------------------------------------------


def rebuild(documents: Iterable[ProductDocument], *, progress: Callable | None = None) -> int:
    indexed = 0
    words: Counter = Counter()
    vendors: dict[int, tuple[str, str]] = {}
    vendor_counts: Counter = Counter()
    with transaction.atomic():
        ProductSearchDocument.objects.all().delete()
        SearchTerm.objects.all().delete()
        SearchSuggestion.objects.all().delete()
        for batch in _batches(documents, BATCH_SIZE):
            rows = [document_row(document) for document in batch]
            ProductSearchDocument.objects.bulk_create(rows, batch_size=BATCH_SIZE)
            public = [document for document in batch if document.is_public]
            SearchSuggestion.objects.bulk_create(
                [product_suggestion(document) for document in public], batch_size=BATCH_SIZE
            )
            for row in rows:
                if row.is_public:
                    words.update(vocabulary(row.text_a, row.text_b))
            for document in public:  # a public document's producer is active
                vendors[document.vendor_id] = (document.vendor_name, document.vendor_slug)
                vendor_counts[document.vendor_id] += 1
            indexed += len(rows)
            if progress is not None:
                progress(len(rows))
        SearchTerm.objects.bulk_create(
            (SearchTerm(word=word, document_count=n) for word, n in words.items()),
            batch_size=5000,
        )
        SearchSuggestion.objects.bulk_create(
            (
                _vendor_suggestion(pk, name, slug, vendor_counts[pk])
                for pk, (name, slug) in vendors.items()
            ),
            batch_size=BATCH_SIZE,
            ignore_conflicts=True,
        )
        refresh_reference_suggestions()
    analyze()
    return indexed


def analyze() -> None:
    """Fresh planner statistics after a bulk load. On PostgreSQL, outside a transaction, the
    tables are also rewritten without the old index's dead rows (VACUUM FULL: readers wait
    for it, well under a second at 20,000 products), which would otherwise double the pages
    that every list and count reads, until the next rebuild reused them; then a plain VACUUM
    marks the pages all-visible, which index-only scans of the covering index need."""
    tables = [table(m) for m in (ProductSearchDocument, SearchTerm, SearchSuggestion)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            commands = (
                ["ANALYZE"] if connection.in_atomic_block else ["VACUUM (FULL)", "VACUUM (ANALYZE)"]
            )
            for name in tables:
                for command in commands:
                    cursor.execute(f"{command} {name}")
        elif connection.vendor == "sqlite":
            for name in tables:
                cursor.execute(f"ANALYZE {name}")


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch
