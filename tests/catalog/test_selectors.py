import datetime

import pytest
from django.utils import timezone

from catalog.models import Category, Product, ProductMedia
from catalog.selectors import category_descendant_ids, product_sets, storefront_products
from tests.factories import (
    ProductFactory,
    ProductVariantFactory,
    VendorFactory,
    certificate_of_stars,
    commune,
    product_set,
)
from vendors.models import Vendor

pytestmark = pytest.mark.django_db

Status = Product.Status
ORIGINS = ["02155", "03980"]  # Na Rì (once Bắc Kạn, now Thái Nguyên), Mộc Châu (Sơn La)


def listing(
    vendor,
    *,
    prices=(85_000,),
    stars=None,
    status=Status.PUBLISHED,
    origin="03980",
    category="I.5.a",
    images=1,
):
    certificate = certificate_of_stars(vendor=vendor, category=category, stars=stars)
    product = ProductFactory(
        vendor=vendor,
        status=status,
        certificate=certificate,
        category=product_set(category),
        origin_commune=commune(origin),
    )
    for price in prices:
        ProductVariantFactory(product=product, price=price)
    for position in reversed(range(images)):
        ProductMedia.objects.create(
            product=product,
            image=f"products/{product.pk}/{position}.webp",
            width=800,
            height=600,
            position=position,
        )
    return product


def look_at_every_card(products):
    """Everything a product card shows."""
    cards = []
    for product in products:
        cards.append(
            (
                product.name,
                product.min_price,
                product.ocop_stars,
                [variant.price for variant in product.variants.all()],
                [media.image.name for media in product.media.all()],
                product.vendor.commune.province.short_name,
                product.origin_commune.legacy_province.name,
                product.origin_commune.province.short_name,
                product.category.parent.parent.code,
            )
        )
    return cards


def test_storefront_shows_only_published_products_of_active_producers(vendor):
    shown = listing(vendor)
    for status in (Status.DRAFT, Status.PENDING_REVIEW, Status.REJECTED, Status.ARCHIVED):
        listing(vendor, status=status)
    listing(VendorFactory(status=Vendor.Status.SUSPENDED))

    assert list(storefront_products()) == [shown]


def test_storefront_gives_the_lowest_price_and_current_stars(vendor):
    four = listing(vendor, prices=(85_000, 35_000, 150_000), stars=4)
    five = listing(vendor, prices=(120_000,), stars=5)
    unrated = listing(vendor, prices=(40_000, 40_000))
    expired = listing(vendor, stars=4)
    expired.certificate.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    expired.certificate.save()

    cards = {p.pk: (p.min_price, p.current_stars, p.ocop_stars) for p in storefront_products()}

    assert cards == {
        four.pk: (35_000, 4, 4),
        five.pk: (120_000, 5, 5),
        unrated.pk: (40_000, None, None),
        expired.pk: (85_000, None, None),
    }


def test_a_product_with_many_variants_and_images_appears_once(vendor):
    product = listing(vendor, prices=(10_000, 20_000, 30_000), images=3)
    (card,) = storefront_products()
    assert card == product
    assert [m.position for m in card.media.all()] == [0, 1, 2]
    assert [v.price for v in card.variants.all()] == [10_000, 20_000, 30_000]


def test_storefront_can_be_sorted_by_stars_and_price(vendor):
    cheap = listing(vendor, prices=(20_000,))
    rated = listing(vendor, prices=(90_000,), stars=4)
    ordered = storefront_products().order_by("min_price")
    assert list(ordered) == [cheap, rated]
    assert list(storefront_products().filter(current_stars__gte=4)) == [rated]


@pytest.mark.parametrize("count", [1, 3, 12])
def test_storefront_query_count_does_not_grow_with_the_number_of_products(
    django_assert_max_num_queries, count
):
    vendors = [VendorFactory(commune=commune(code)) for code in ORIGINS]
    for n in range(count):
        listing(
            vendors[n % 2],
            prices=(50_000 + n, 70_000 + n),
            stars=(None, 3, 4, 5)[n % 4],
            origin=ORIGINS[n % 2],
            category=("I.5.a", "I.6", "II.1.a")[n % 3],
            images=2,
        )

    # One query for the products, one for their variants, one for their images.
    with django_assert_max_num_queries(3):
        cards = look_at_every_card(storefront_products())

    assert len(cards) == count
    assert all(len(card[3]) == 2 and len(card[4]) == 2 for card in cards)
    assert {card[6] for card in cards} == ({"Bắc Kạn", "Sơn La"} if count > 1 else {"Bắc Kạn"})


def test_category_descendants_of_a_sector_group_and_product_set():
    food = Category.objects.get(level=1, code="I")
    tea = Category.objects.get(level=2, code="I.5")
    coffee_group = Category.objects.get(level=2, code="I.6")
    green_tea = product_set("I.5.a")

    sector_ids = category_descendant_ids(food)
    assert sector_ids[0] == food.pk
    assert len(sector_ids) == len(set(sector_ids)) == 1 + 6 + 13
    assert set(sector_ids) == {food.pk} | set(
        Category.objects.filter(parent=food).values_list("pk", flat=True)
    ) | set(Category.objects.filter(parent__parent=food).values_list("pk", flat=True))

    assert set(category_descendant_ids(tea)) == {
        tea.pk,
        green_tea.pk,
        product_set("I.5.b").pk,
    }
    assert set(category_descendant_ids(coffee_group)) == {coffee_group.pk, product_set("I.6").pk}
    assert category_descendant_ids(green_tea) == [green_tea.pk]


def test_browsing_a_sector_finds_products_of_all_its_sets(vendor):
    tea = listing(vendor, category="I.5.a")
    coffee = listing(vendor, category="I.6")
    spirit = listing(vendor, category="II.1.a")

    def browse(level, code):
        ids = category_descendant_ids(Category.objects.get(level=level, code=code))
        return set(storefront_products().filter(category_id__in=ids))

    assert browse(1, "I") == {tea, coffee}
    assert browse(2, "I.5") == {tea}
    assert browse(3, "I.6") == {coffee}
    assert browse(1, "II") == {spirit}
    assert browse(1, "V") == set()


def test_product_sets_are_the_26_leaves_with_their_ancestors(django_assert_num_queries):
    with django_assert_num_queries(1):
        sets = [(c.code, c.parent.code, c.parent.parent.code) for c in product_sets()]
    assert len(sets) == 26
    assert ("I.5.a", "I.5", "I") in sets
