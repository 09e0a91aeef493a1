"""Keeping the search index in step with the catalogue.

Services of the catalogue and of producers mark what they change (`reindex_requested_at`);
`index_requested_products` turns those marks into fresh documents. It clears a mark only if it
still holds the value that was read, so a change made while indexing is indexed next time.
"""

from collections.abc import Callable
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from catalog.models import Product
from search.backends import get_backend
from search.documents import build_documents, iter_all_documents
from vendors.models import OcopCertificate, Vendor

DEFAULT_BATCH_SIZE = 500


def _clear_marks(model, marks: list[tuple[int, object]]) -> None:
    if marks:
        condition = reduce(or_, (Q(pk=pk, reindex_requested_at=at) for pk, at in marks))
        model.objects.filter(condition).update(reindex_requested_at=None)


def _expand_marks() -> None:
    """A renamed or suspended producer, or a certificate verified or revoked, changes the
    documents of its products: mark those products, then clear the producer's or certificate's
    mark."""
    now = timezone.now()
    for model, product_field in ((Vendor, "vendor_id"), (OcopCertificate, "certificate_id")):
        marks = list(
            model.objects.filter(reindex_requested_at__isnull=False).values_list(
                "pk", "reindex_requested_at"
            )
        )
        if not marks:
            continue
        with transaction.atomic():
            Product.objects.filter(**{f"{product_field}__in": [pk for pk, _ in marks]}).update(
                reindex_requested_at=now
            )
            _clear_marks(model, marks)


def index_requested_products(
    *, batch_size: int = DEFAULT_BATCH_SIZE, max_batches: int = 100
) -> int:
    """Index every product marked for reindexing, a batch at a time; returns how many."""
    _expand_marks()
    backend = get_backend()
    indexed = 0
    for _batch in range(max_batches):
        marks = list(
            Product.objects.filter(reindex_requested_at__isnull=False)
            .order_by("reindex_requested_at", "pk")
            .values_list("pk", "reindex_requested_at")[:batch_size]
        )
        if not marks:
            break
        documents = build_documents(pk for pk, _ in marks)
        indexed += backend.index(documents)
        _clear_marks(Product, marks)
    return indexed


def rebuild_index(*, batch_size: int = 1000, progress: Callable[[int], None] | None = None) -> int:
    """Replace the whole index with documents of every product (marks are left for the next
    incremental run, which is harmless)."""
    documents = (document for batch in iter_all_documents(batch_size) for document in batch)
    return get_backend().rebuild(documents, progress=progress)
