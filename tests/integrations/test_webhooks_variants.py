"""PRODUCT_UPDATED is told when a published product's variants or prices change, as when
the product itself is edited; a draft's changes and a refused change tell nobody."""

import pytest

from catalog.models import Product
from catalog.services.variants import variant_create, variant_delete, variant_update
from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.outbox.events import FAN_OUT_HANDLER
from marketplace.outbox.models import OutboxMessage
from tests.factories import (
    ProductFactory,
    ProductVariantFactory,
    StaffFactory,
    VendorMemberFactory,
)
from tests.integrations.webhooks_support import make_app, running_receiver, subscribe

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    with running_receiver() as receiver:
        staff = StaffFactory()
        subscribe(staff, make_app(staff), receiver.url, events=["PRODUCT_UPDATED"])
        yield receiver


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def owner_of(product):
    return VendorMemberFactory(vendor=product.vendor, role="owner").user


def test_a_published_products_variants_and_prices_are_told_updated(receiver, committed):
    product = ProductFactory()
    kept = ProductVariantFactory(product=product, price=120_000)
    owner = owner_of(product)
    with committed():
        added = variant_create(product=product, actor=owner, sku="CHE-1KG", name="Túi 1kg",
                               price=210_000)  # fmt: skip
    with committed():
        variant_update(variant=kept, actor=owner, price=99_000)
    with committed():
        variant_delete(variant=added, actor=owner)

    assert receiver.events() == ["PRODUCT_UPDATED"] * 3
    assert {body["data"]["product"]["slug"] for body in receiver.bodies()} == {product.slug}


def test_a_drafts_variants_tell_nobody(receiver, committed):
    product = ProductFactory(status=Product.Status.DRAFT)
    variant = ProductVariantFactory(product=product, price=120_000)
    with committed():
        variant_update(variant=variant, actor=owner_of(product), price=99_000)
    assert receiver.requests == []
    assert not OutboxMessage.objects.filter(handler=FAN_OUT_HANDLER).exists()


def test_a_refused_price_tells_nobody(receiver, committed):
    product = ProductFactory()
    variant = ProductVariantFactory(product=product, price=120_000)
    with committed(), pytest.raises(ServiceError) as refused:
        variant_update(variant=variant, actor=owner_of(product), price=-5)
    assert refused.value.errors[0].code == ErrorCode.INVALID
    variant.refresh_from_db()
    assert variant.price == 120_000
    assert receiver.requests == []
    assert not OutboxMessage.objects.filter(handler=FAN_OUT_HANDLER).exists()
