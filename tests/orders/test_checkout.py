import uuid

import pytest

from inventory.models import Stock
from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.geography.models import Commune
from orders.models import Checkout, CheckoutLine, ShippingMethod
from orders.selectors import PICKUP, SHIPPING, checkout_totals, delivery_groups
from orders.services.checkout import (
    LineInput,
    checkout_create,
    checkout_delivery_method_update,
    checkout_for,
    checkout_lines_add,
    checkout_lines_update,
    checkout_shipping_address_update,
)
from tests.factories import (
    AgreementFactory,
    ProductVariantFactory,
    ShowroomFactory,
    StockFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def variant_in_stock(quantity=10, **fields):
    stock = StockFactory(quantity=quantity, variant=ProductVariantFactory(**fields))
    return stock.variant


def error_of(call) -> tuple[ErrorCode, str]:
    with pytest.raises(ServiceError) as caught:
        call()
    return caught.value.errors[0].code, caught.value.errors[0].field


def hanoi():
    return Commune.objects.filter(province_id="01").order_by("code").first()


def address(checkout, commune=None):
    return checkout_shipping_address_update(
        actor=None,
        checkout=checkout,
        full_name="Nguyễn Thị Lan",
        phone="0912 345 678",
        street_address="12 Phố Huế",
        commune=commune or hanoi(),
    )


def test_create_and_add_merges_quantities_of_the_same_variant():
    variant = variant_in_stock()
    checkout = checkout_create(actor=None, email="Lan@Example.vn", lines=[LineInput(variant.pk, 2)])
    checkout_lines_add(actor=None, checkout=checkout, lines=[LineInput(variant.pk, 3)])
    assert checkout.email == "lan@example.vn"
    assert list(checkout.lines.values_list("quantity", flat=True)) == [5]


def test_update_to_zero_removes_the_line():
    a, b = variant_in_stock(), variant_in_stock()
    checkout = checkout_create(actor=None, lines=[LineInput(a.pk, 1), LineInput(b.pk, 1)])
    checkout_lines_update(actor=None, checkout=checkout, lines=[LineInput(a.pk, 0)])
    assert list(checkout.lines.values_list("variant_id", flat=True)) == [b.pk]


@pytest.mark.parametrize("quantity", [0, -1, 1.5, True])
def test_a_bad_quantity_is_refused_and_nothing_is_created(quantity):
    variant = variant_in_stock()
    code, field = error_of(
        lambda: checkout_create(actor=None, lines=[LineInput(variant.pk, quantity)])
    )
    assert (code, field) == (ErrorCode.INVALID, "lines.0.quantity")
    assert not Checkout.objects.exists()


def test_more_than_available_is_insufficient_stock_naming_the_line():
    variant = variant_in_stock(quantity=3)
    Stock.objects.filter(variant=variant).update(quantity_allocated=1)
    checkout = checkout_create(actor=None, lines=[LineInput(variant.pk, 2)])
    code, field = error_of(
        lambda: checkout_lines_add(actor=None, checkout=checkout, lines=[LineInput(variant.pk, 1)])
    )
    assert (code, field) == (ErrorCode.INSUFFICIENT_STOCK, "lines.0.quantity")
    assert checkout.lines.get().quantity == 2


def test_at_most_999_of_one_item():
    variant = variant_in_stock(quantity=5000)
    code, _ = error_of(lambda: checkout_create(actor=None, lines=[LineInput(variant.pk, 1000)]))
    assert code == ErrorCode.INVALID


def test_unpublished_products_cannot_be_bought():
    variant = variant_in_stock(product__status="draft")
    code, field = error_of(lambda: checkout_create(actor=None, lines=[LineInput(variant.pk, 1)]))
    assert (code, field) == (ErrorCode.NOT_FOUND, "lines.0.variant_id")


def test_a_shoppers_checkout_is_theirs_only():
    lan, other = UserFactory(), UserFactory()
    checkout = checkout_create(actor=lan, lines=[LineInput(variant_in_stock().pk, 1)])
    assert checkout.email == lan.email
    assert checkout_for(actor=lan, token=checkout.token) == checkout
    for intruder in (None, other):
        code, _ = error_of(lambda u=intruder: checkout_for(actor=u, token=checkout.token))
        assert code == ErrorCode.PERMISSION_DENIED


def test_an_unknown_or_expired_token_is_not_found():
    checkout = checkout_create(actor=None, lines=[LineInput(variant_in_stock().pk, 1)])
    assert error_of(lambda: checkout_for(actor=None, token=uuid.uuid4()))[0] == ErrorCode.NOT_FOUND
    Checkout.objects.update(expires_at=checkout.created_at)
    assert error_of(lambda: checkout_for(actor=None, token=checkout.token))[0] == (
        ErrorCode.NOT_FOUND
    )


def test_address_errors_are_reported_together_and_nothing_saved():
    checkout = checkout_create(actor=None, lines=[LineInput(variant_in_stock().pk, 1)])
    with pytest.raises(ServiceError) as caught:
        checkout_shipping_address_update(
            actor=None,
            checkout=checkout,
            full_name="",
            phone="123",
            street_address="",
            commune=None,
        )
    assert {e.field for e in caught.value.errors} == {
        "full_name",
        "phone",
        "street_address",
        "commune_code",
    }
    checkout.refresh_from_db()
    assert not checkout.has_address
    checkout = address(checkout)
    checkout.refresh_from_db()
    assert checkout.phone == "+84912345678" and checkout.has_address


def test_lines_are_grouped_per_producer_with_shipping_by_zone_weight_and_threshold():
    tea = variant_in_stock(price=100_000, weight_grams=500)
    honey = variant_in_stock(price=250_000, weight_grams=1200)
    nationwide = ShippingMethod.objects.create(
        vendor=tea.vendor, name="Toàn quốc", flat_price=30_000, free_above=300_000
    )
    by_weight = ShippingMethod.objects.create(
        vendor=honey.vendor,
        name="Theo cân",
        is_nationwide=False,
        weight_brackets=[[1000, 20_000], [3000, 35_000]],
    )
    by_weight.provinces.add("01")
    checkout = checkout_create(actor=None, lines=[LineInput(tea.pk, 2), LineInput(honey.pk, 1)])

    groups = delivery_groups(checkout)
    assert [g.vendor for g in groups] == [tea.vendor, honey.vendor]
    assert [o.target for o in groups[0].options] == [nationwide]
    assert groups[1].options == []  # zoned: no address yet

    checkout = address(checkout)
    groups = delivery_groups(checkout)
    assert [(o.kind, o.price) for o in groups[1].options] == [(SHIPPING, 35_000)]
    checkout = checkout_lines_add(actor=None, checkout=checkout, lines=[LineInput(tea.pk, 1)])
    assert delivery_groups(checkout)[0].options[0].price == 0  # 300.000 ₫ ships free

    checkout = checkout_lines_add(actor=None, checkout=checkout, lines=[LineInput(honey.pk, 2)])
    assert delivery_groups(checkout)[1].options == []  # 3.6 kg: too heavy for every bracket


def test_a_zone_elsewhere_is_not_offered():
    variant = variant_in_stock()
    method = ShippingMethod.objects.create(
        vendor=variant.vendor, name="Nội tỉnh", is_nationwide=False
    )
    method.provinces.add(variant.vendor.commune.province_id)
    checkout = checkout_create(actor=None, lines=[LineInput(variant.pk, 1)])
    checkout = address(checkout)  # Hà Nội
    assert delivery_groups(checkout)[0].options == []


def test_pickup_is_offered_where_a_consigning_showroom_holds_every_line():
    a = variant_in_stock()
    b = ProductVariantFactory(product__vendor=a.vendor)
    StockFactory(variant=b, location=a.stocks.get().location)
    holds_all, holds_some, no_agreement = ShowroomFactory(), ShowroomFactory(), ShowroomFactory()
    AgreementFactory(vendor=a.vendor, showroom=holds_all)
    AgreementFactory(vendor=a.vendor, showroom=holds_some)
    for showroom, variants in ((holds_all, [a, b]), (holds_some, [a]), (no_agreement, [a, b])):
        for variant in variants:
            StockFactory(variant=variant, location=showroom, quantity=5)
    checkout = checkout_create(actor=None, lines=[LineInput(a.pk, 2), LineInput(b.pk, 2)])

    pickups = [o for o in delivery_groups(checkout)[0].options if o.kind == PICKUP]
    assert [o.location for o in pickups] == [holds_all]
    assert pickups[0].price == 0


def test_choosing_a_delivery_method_and_totals():
    variant = variant_in_stock(price=120_000)
    method = ShippingMethod.objects.create(vendor=variant.vendor, name="GHN", flat_price=25_000)
    other = ShippingMethod.objects.create(vendor=variant_in_stock().vendor, name="Khác")
    checkout = checkout_create(actor=None, lines=[LineInput(variant.pk, 2)])
    checkout = address(checkout)

    code, field = error_of(
        lambda: checkout_delivery_method_update(
            actor=None, checkout=checkout, vendor_id=variant.vendor_id, method=other
        )
    )
    assert (code, field) == (ErrorCode.INVALID, "delivery_method_id")
    checkout = checkout_delivery_method_update(
        actor=None, checkout=checkout, vendor_id=variant.vendor_id, method=method
    )
    groups = delivery_groups(checkout)
    assert groups[0].chosen.target == method
    totals = checkout_totals(groups)
    assert (totals.subtotal, totals.shipping, totals.total) == (240_000, 25_000, 265_000)


def test_a_choice_that_stops_being_available_is_dropped():
    variant = variant_in_stock()
    showroom = ShowroomFactory()
    AgreementFactory(vendor=variant.vendor, showroom=showroom)
    StockFactory(variant=variant, location=showroom, quantity=2)
    checkout = checkout_create(actor=None, lines=[LineInput(variant.pk, 2)])
    checkout = checkout_delivery_method_update(
        actor=None, checkout=checkout, vendor_id=variant.vendor_id, method=showroom
    )
    assert delivery_groups(checkout)[0].chosen.location == showroom
    checkout = checkout_lines_add(actor=None, checkout=checkout, lines=[LineInput(variant.pk, 1)])
    assert delivery_groups(checkout)[0].chosen is None  # the showroom has only 2


def test_grouping_does_not_grow_queries_with_lines(django_assert_max_num_queries):
    variants = [variant_in_stock() for _ in range(6)]
    for variant in variants:
        ShippingMethod.objects.create(vendor=variant.vendor, name="GHTK", flat_price=20_000)
    checkout = checkout_create(actor=None, lines=[LineInput(v.pk, 1) for v in variants])
    checkout = address(checkout)
    checkout = Checkout.objects.get(pk=checkout.pk)
    with django_assert_max_num_queries(7):
        groups = delivery_groups(checkout)
    assert len(groups) == 6 and all(len(g.options) == 1 for g in groups)
    assert CheckoutLine.objects.count() == 6


def test_an_order_worth_more_than_a_billion_dong_is_refused():
    variant = variant_in_stock(quantity=999, price=2_000_000)
    checkout = checkout_create(actor=None, lines=[LineInput(variant.pk, 400)])
    code, field = error_of(
        lambda: checkout_lines_update(
            actor=None, checkout=checkout, lines=[LineInput(variant.pk, 501)]
        )
    )
    assert (code, field) == (ErrorCode.INVALID, "lines")
    assert checkout.lines.get().quantity == 400
