"""A product shows its star badge only while its certificate is current: stars are computed on
read, so they disappear by themselves the day after `valid_until`. The search index stores
stars, though: this refreshes the documents of products whose certificate just expired."""

import datetime

from django.utils import timezone

from catalog.models import Product
from vendors.models import OcopCertificate

# A daily job may miss a day (deploys, outages): refresh products whose certificate ran out in
# the last week; reindexing a product twice is harmless.
CATCH_UP_DAYS = 7


def refresh_expired_certificates(*, today: datetime.date | None = None) -> int:
    """Mark for reindexing the products whose certificate expired recently; returns how many."""
    today = today or timezone.localdate()
    expired = OcopCertificate.objects.filter(
        valid_until__lt=today, valid_until__gte=today - datetime.timedelta(days=CATCH_UP_DAYS)
    )
    product_ids = list(Product.objects.filter(certificate__in=expired).values_list("pk", flat=True))
    return Product.mark_for_reindex(product_ids) if product_ids else 0
