import threading

import pytest
from django.db import IntegrityError, transaction

from catalog.models import Product, ProductVariant
from catalog.services import variants
from catalog.services.variants import MAX_PRICE
from marketplace.core.errors import ErrorCode, ServiceError
from tests.catalog.helpers import (
    OUTSIDERS,
    outsider,
    refused,
)
from tests.concurrency import holding_the_transaction, run_in_threads
from tests.factories import (
    ProductFactory,
    ProductVariantFactory,
    VendorFactory,
    VendorMemberFactory,
)

pytestmark = pytest.mark.django_db

Status = Product.Status


@pytest.fixture
def product(vendor):
    return ProductFactory(vendor=vendor, status=Status.DRAFT, name="Miến dong Bắc Kạn")


def create(product, actor, sku="MIEN-500", name="Hộp 500g", price=85_000, **fields):
    return variants.variant_create(
        product=product, actor=actor, sku=sku, name=name, price=price, **fields
    )


def row(variant):
    variant.refresh_from_db()
    return (
        variant.sku,
        variant.name,
        variant.price,
        variant.compare_at_price,
        variant.weight_grams,
        variant.gtin,
    )


# --- create, update, delete -------------------------------------------------------------------


@pytest.mark.parametrize("role", ["owner", "manager", "staff"])
def test_owner_manager_and_platform_staff_add_a_variant(request, product, role):
    actor = request.getfixturevalue(role)

    variant = create(
        product,
        actor,
        sku=" MIEN-500 ",
        name=" Hộp 500g ",
        price=85_000,
        compare_at_price=95_000,
        weight_grams=550,
        gtin="8934567000017",
    )

    assert variant.product == product
    assert variant.vendor == product.vendor
    assert row(variant) == ("MIEN-500", "Hộp 500g", 85_000, 95_000, 550, "8934567000017")


def test_variants_are_listed_in_the_order_they_were_added(product, owner):
    first = create(product, owner, sku="MIEN-200", name="Gói 200g", price=35_000)
    second = create(product, owner, sku="MIEN-500", name="Hộp 500g", price=85_000)
    assert list(product.variants.all()) == [first, second]
    assert (first.position, second.position) == (0, 1)


def test_update_changes_only_what_is_given(product, owner):
    variant = create(product, owner, compare_at_price=99_000, weight_grams=520)

    variants.variant_update(variant=variant, actor=owner, price=79_000, name="Hộp 500g (mới)")

    assert row(variant) == ("MIEN-500", "Hộp 500g (mới)", 79_000, 99_000, 520, "")


def test_compare_at_price_can_be_removed(product, owner):
    variant = create(product, owner, compare_at_price=99_000)
    variants.variant_update(variant=variant, actor=owner, compare_at_price=None)
    assert row(variant)[3] is None


def test_delete_a_variant(product, owner):
    keep = create(product, owner, sku="A-1")
    gone = create(product, owner, sku="A-2")

    variants.variant_delete(variant=gone, actor=owner)

    assert list(product.variants.all()) == [keep]


def test_the_last_variant_of_a_draft_can_be_deleted(product, owner):
    variant = create(product, owner)
    variants.variant_delete(variant=variant, actor=owner)
    assert not ProductVariant.objects.exists()


def test_the_last_variant_of_a_published_product_cannot_be_deleted(vendor, owner):
    product = ProductFactory(vendor=vendor, status=Status.PUBLISHED)
    variant = ProductVariantFactory(product=product)

    with pytest.raises(ServiceError) as excinfo:
        variants.variant_delete(variant=variant, actor=owner)

    refused(excinfo, ErrorCode.INVALID, "variant", "at least one variant", "archive")
    assert list(product.variants.all()) == [variant]


def test_one_of_two_variants_of_a_published_product_can_be_deleted(vendor, owner):
    product = ProductFactory(vendor=vendor, status=Status.PUBLISHED)
    keep, gone = ProductVariantFactory.create_batch(2, product=product)
    variants.variant_delete(variant=gone, actor=owner)
    assert list(product.variants.all()) == [keep]


# --- SKUs -------------------------------------------------------------------------------------


def test_a_sku_is_unique_per_producer(vendor, owner, product):
    create(product, owner, sku="MIEN-500")
    another_product = ProductFactory(vendor=vendor, status=Status.DRAFT)

    with pytest.raises(ServiceError) as excinfo:
        create(another_product, owner, sku="MIEN-500")

    refused(excinfo, ErrorCode.UNIQUE, "sku", "MIEN-500", "already used")
    assert ProductVariant.objects.count() == 1
    assert not another_product.variants.exists()


def test_two_producers_may_use_the_same_sku(product, owner, other_vendor, other_owner):
    create(product, owner, sku="HOP-500")
    theirs = ProductFactory(vendor=other_vendor, status=Status.DRAFT)

    variant = create(theirs, other_owner, sku="HOP-500")

    assert variant.vendor == other_vendor
    assert ProductVariant.objects.filter(sku="HOP-500").count() == 2


def test_renaming_a_sku_to_one_in_use_is_refused(product, owner):
    create(product, owner, sku="A-1")
    second = create(product, owner, sku="A-2")

    with pytest.raises(ServiceError) as excinfo:
        variants.variant_update(variant=second, actor=owner, sku="A-1", price=1_000)

    refused(excinfo, ErrorCode.UNIQUE, "sku", "A-1")
    assert row(second)[0:3] == ("A-2", "Hộp 500g", 85_000)


def test_saving_a_variant_with_its_own_sku_is_fine(product, owner):
    variant = create(product, owner, sku="A-1")
    variants.variant_update(variant=variant, actor=owner, sku="A-1", price=90_000)
    assert row(variant)[0:3] == ("A-1", "Hộp 500g", 90_000)


@pytest.mark.parametrize(
    "sku",
    ["MIẾN-500", "MIEN 500", "-MIEN", ".MIEN", "MIEN#1", "MIEN,1", "A" * 65, "SKU\n2"],
)
def test_bad_sku_characters_are_refused(product, owner, sku):
    with pytest.raises(ServiceError) as excinfo:
        create(product, owner, sku=sku)
    refused(excinfo, ErrorCode.INVALID, "sku", "64 letters")
    assert not ProductVariant.objects.exists()


@pytest.mark.parametrize("sku", ["A", "mien-dong.500g", "HTX_01/2025", "A" * 64])
def test_good_skus_are_accepted(product, owner, sku):
    assert create(product, owner, sku=sku).sku == sku


@pytest.mark.parametrize("sku", ["", "   ", None])
def test_a_sku_is_required(product, owner, sku):
    with pytest.raises(ServiceError) as excinfo:
        create(product, owner, sku=sku)
    refused(excinfo, ErrorCode.REQUIRED, "sku", "SKU")
    assert not ProductVariant.objects.exists()


@pytest.mark.parametrize("name", ["", "  ", None])
def test_a_variant_needs_a_name(product, owner, name):
    with pytest.raises(ServiceError) as excinfo:
        create(product, owner, name=name)
    refused(excinfo, ErrorCode.REQUIRED, "name", "name")
    assert not ProductVariant.objects.exists()


# --- prices and weights -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "price",
    [0, -1, -85_000, 85_000.0, 85_000.5, True, False, "85000", None, MAX_PRICE + 1],
    ids=repr,
)
def test_a_price_is_a_whole_number_of_dong_above_zero(product, owner, price):
    with pytest.raises(ServiceError) as excinfo:
        create(product, owner, price=price)
    refused(excinfo, ErrorCode.INVALID, "price", "whole number", "đồng")
    assert not ProductVariant.objects.exists()


@pytest.mark.parametrize("price", [1, 85_000, MAX_PRICE])
def test_prices_from_one_dong_to_the_maximum_are_accepted(product, owner, price):
    assert row(create(product, owner, price=price))[2] == price


def test_a_bad_price_on_update_leaves_the_variant_unchanged(product, owner):
    variant = create(product, owner, price=85_000)
    with pytest.raises(ServiceError) as excinfo:
        variants.variant_update(variant=variant, actor=owner, price=0, name="Hộp lớn")
    refused(excinfo, ErrorCode.INVALID, "price")
    assert row(variant)[1:3] == ("Hộp 500g", 85_000)


@pytest.mark.parametrize("compare_at", [85_000, 84_999, 1])
def test_compare_at_price_must_be_above_the_price(product, owner, compare_at):
    with pytest.raises(ServiceError) as excinfo:
        create(product, owner, price=85_000, compare_at_price=compare_at)
    refused(excinfo, ErrorCode.INVALID, "compare_at_price", "higher than the price")
    assert not ProductVariant.objects.exists()


@pytest.mark.parametrize("compare_at", [0, -1, 90_000.0, "90000", True, MAX_PRICE + 1], ids=repr)
def test_compare_at_price_is_a_whole_number_too(product, owner, compare_at):
    with pytest.raises(ServiceError) as excinfo:
        create(product, owner, price=85_000, compare_at_price=compare_at)
    refused(excinfo, ErrorCode.INVALID, "compare_at_price", "whole number")
    assert not ProductVariant.objects.exists()


def test_raising_the_price_past_the_compare_at_price_is_refused(product, owner):
    variant = create(product, owner, price=85_000, compare_at_price=95_000)

    with pytest.raises(ServiceError) as excinfo:
        variants.variant_update(variant=variant, actor=owner, price=95_000)

    refused(excinfo, ErrorCode.INVALID, "compare_at_price", "higher than the price")
    assert row(variant)[2:4] == (85_000, 95_000)


@pytest.mark.parametrize("weight", [-1, 500.5, "500", True, 1_000_001], ids=repr)
def test_a_bad_weight_is_refused(product, owner, weight):
    with pytest.raises(ServiceError) as excinfo:
        create(product, owner, weight_grams=weight)
    refused(excinfo, ErrorCode.INVALID, "weight_grams", "grams")
    assert not ProductVariant.objects.exists()


def test_weight_zero_is_allowed_for_things_not_shipped_by_weight(product, owner):
    assert row(create(product, owner, weight_grams=0))[4] == 0


def test_every_bad_field_is_reported_at_once(product, owner):
    with pytest.raises(ServiceError) as excinfo:
        create(product, owner, sku="MIẾN", price=0, weight_grams=-5, gtin="123")
    assert {e.field for e in excinfo.value.errors} == {"sku", "price", "weight_grams", "gtin"}


def test_unknown_fields_such_as_another_product_are_refused(product, owner, other_vendor):
    variant = create(product, owner)
    theirs = ProductFactory(vendor=other_vendor)
    with pytest.raises(ServiceError) as excinfo:
        variants.variant_update(variant=variant, actor=owner, product=theirs)
    refused(excinfo, ErrorCode.INVALID, "product", "unknown")
    variant.refresh_from_db()
    assert variant.product == product


# --- GTIN -------------------------------------------------------------------------------------


def test_a_gtin_is_stored_as_digits(product, owner):
    assert row(create(product, owner, gtin="893 4567 00001 7"))[5] == "8934567000017"


@pytest.mark.parametrize(
    ("gtin", "words"),
    [("8934567000016", ["check digit"]), ("12345", ["8, 12, 13 or 14"])],
)
def test_a_bad_gtin_is_refused(product, owner, gtin, words):
    with pytest.raises(ServiceError) as excinfo:
        create(product, owner, gtin=gtin)
    refused(excinfo, ErrorCode.INVALID, "gtin", gtin, *words)
    assert not ProductVariant.objects.exists()


# --- permissions ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_cannot_add_a_variant(request, product, who):
    with pytest.raises(ServiceError) as excinfo:
        create(product, outsider(request, who))
    refused(excinfo, ErrorCode.PERMISSION_DENIED, None)
    assert not ProductVariant.objects.exists()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_cannot_change_or_delete_a_variant(request, product, owner, who):
    variant = create(product, owner, price=85_000)
    actor = outsider(request, who)

    with pytest.raises(ServiceError) as excinfo:
        variants.variant_update(variant=variant, actor=actor, price=1)
    refused(excinfo, ErrorCode.PERMISSION_DENIED, None)
    with pytest.raises(ServiceError) as excinfo:
        variants.variant_delete(variant=variant, actor=actor)
    refused(excinfo, ErrorCode.PERMISSION_DENIED, None)

    assert row(variant)[2] == 85_000


def test_a_producer_cannot_add_variants_to_another_producers_product(
    other_vendor, owner, other_owner
):
    """Having a product of one's own does not open anyone else's."""
    theirs = ProductFactory(vendor=other_vendor, status=Status.DRAFT)
    with pytest.raises(ServiceError) as excinfo:
        create(theirs, owner, sku="STOLEN")
    refused(excinfo, ErrorCode.PERMISSION_DENIED, None)
    assert not ProductVariant.objects.exists()


# --- the database's own guard -----------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"price": 0},
        {"price": 85_000, "compare_at_price": 85_000},
        {"price": 85_000, "compare_at_price": 80_000},
    ],
    ids=["price 0", "compare-at equal", "compare-at below"],
)
def test_the_database_refuses_bad_prices_written_directly(product, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductVariantFactory(product=product, **fields)
    assert not ProductVariant.objects.exists()


def test_the_database_refuses_a_negative_price_written_directly(product):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductVariantFactory(product=product, price=-1)
    assert not ProductVariant.objects.exists()


def test_the_database_refuses_a_duplicate_sku_of_one_producer(product):
    ProductVariantFactory(product=product, sku="DUP-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductVariantFactory(product=product, sku="DUP-1")
    assert ProductVariant.objects.count() == 1


def test_the_database_refuses_lowering_a_price_to_zero_with_update(product):
    variant = ProductVariantFactory(product=product, price=85_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductVariant.objects.filter(pk=variant.pk).update(price=0)
    assert row(variant)[2] == 85_000


# --- concurrency (PostgreSQL) -----------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_variants_with_one_sku_created_at_once_make_one_and_a_clear_error():
    vendor = VendorFactory()
    owner = VendorMemberFactory(vendor=vendor).user
    one, two = ProductFactory.create_batch(2, vendor=vendor, status=Status.DRAFT)
    ready = threading.Event()

    results = run_in_threads(
        holding_the_transaction(lambda: create(one, owner, sku="MIEN-500"), ready),
        lambda: ready.wait(10) and create(two, owner, sku="MIEN-500"),
    )

    assert isinstance(results[0], ProductVariant), results
    assert isinstance(results[1], ServiceError), results
    assert results[1].codes == [ErrorCode.UNIQUE]
    assert results[1].errors[0].field == "sku"
    assert list(ProductVariant.objects.values_list("product", "sku")) == [(one.pk, "MIEN-500")]
