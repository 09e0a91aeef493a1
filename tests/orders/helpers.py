"""Ready-to-complete checkouts for order tests."""

from marketplace.geography.models import Commune
from orders.models import ShippingMethod
from orders.selectors import delivery_groups
from orders.services.checkout import (
    LineInput,
    checkout_create,
    checkout_delivery_method_update,
    checkout_shipping_address_update,
)
from tests.factories import ProductVariantFactory, StockFactory


def variant_in_stock(quantity=10, **fields):
    return StockFactory(quantity=quantity, variant=ProductVariantFactory(**fields)).variant


def hanoi():
    return Commune.objects.filter(province_id="01").order_by("code").first()


def ready_checkout(lines, *, actor=None, email="lan@example.vn", pickup=None):
    """A checkout with an address and the first (or pickup) delivery chosen for every group."""
    checkout = checkout_create(
        actor=actor, email=email, lines=[LineInput(v.pk, q) for v, q in lines]
    )
    checkout = checkout_shipping_address_update(
        actor=actor,
        checkout=checkout,
        full_name="Nguyễn Thị Lan",
        phone="0912345678",
        street_address="12 Phố Huế",
        commune=hanoi(),
    )
    for group in delivery_groups(checkout):
        vendor = group.vendor
        if not ShippingMethod.objects.filter(vendor=vendor).exists():
            ShippingMethod.objects.create(vendor=vendor, name="GHTK", flat_price=30_000)
        method = (pickup or {}).get(vendor.pk) or ShippingMethod.objects.filter(
            vendor=vendor
        ).first()
        checkout_delivery_method_update(
            actor=actor, checkout=checkout, vendor_id=vendor.pk, method=method
        )
    return checkout
