"""Delete what earlier runs generated, and nothing else."""

from collections import Counter

from django.db import transaction

from catalog.models import Product, ProductVariant
from demo.generator.markers import generated_owners, generated_showrooms, generated_vendors
from inventory.models import ConsignmentAgreement, Location, Stock, StockMovement
from vendors.models import OcopCertificate, VendorMember


def delete_generated_catalogue() -> Counter:
    """Children before parents, so that PROTECT foreign keys never object. A generated showroom
    stays while it still holds stock of, or an agreement with, real producers."""
    vendors = generated_vendors()
    steps = (
        ("stock movements", StockMovement.objects.filter(stock__variant__vendor__in=vendors)),
        ("stock", Stock.objects.filter(variant__vendor__in=vendors)),
        ("consignment agreements", ConsignmentAgreement.objects.filter(vendor__in=vendors)),
        ("variants", ProductVariant.objects.filter(vendor__in=vendors)),
        ("products", Product.objects.filter(vendor__in=vendors)),
        ("certificates", OcopCertificate.objects.filter(vendor__in=vendors)),
        ("warehouses", Location.objects.filter(vendor__in=vendors)),
        (
            "showrooms",
            generated_showrooms().filter(stocks__isnull=True, consignment_agreements__isnull=True),
        ),
        ("members", VendorMember.objects.filter(vendor__in=vendors)),
        ("producers", vendors),
        ("owners", generated_owners().filter(vendor_memberships__isnull=True)),
    )
    counts = Counter()
    with transaction.atomic():
        for label, queryset in steps:
            counts[label] = _delete(queryset)
    return counts


def _delete(queryset) -> int:
    # Deleting through a subquery on the same table is refused by some databases and slow on
    # others: collect the keys first.
    pks = list(queryset.values_list("pk", flat=True))
    model = queryset.model
    deleted = 0
    for start in range(0, len(pks), 5000):
        _, per_model = model.objects.filter(pk__in=pks[start : start + 5000]).delete()
        deleted += per_model.get(model._meta.label, 0)
    return deleted
