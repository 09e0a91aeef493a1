"""Checkout delivery options priced by a carrier's live quote (the fake carrier stands in for
GHN/GHTK): per address, cached, left out when the carrier fails, re-checked at completion."""

import dataclasses

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import translation

from inventory.models import Stock, StockMovement
from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.geography.models import Commune
from orders.carriers.base import CarrierError, CarrierErrorCode
from orders.models import (
    Allocation,
    CarrierAccount,
    Checkout,
    CheckoutDelivery,
    Order,
    ShippingMethod,
)
from orders.selectors import delivery_groups
from orders.services.checkout import (
    LineInput,
    checkout_create,
    checkout_delivery_method_update,
    checkout_for,
    checkout_shipping_address_update,
)
from orders.services.complete import checkout_complete
from tests.orders.helpers import hanoi, variant_in_stock

pytestmark = pytest.mark.django_db


def can_tho():
    return Commune.objects.filter(province__name__icontains="Cần Thơ").order_by("code").first()


@pytest.fixture
def carrier_shop(fake_carrier):
    """A producer with a GHN-quoted method and its own flat-rate one; 2 × 600 g at 100.000 ₫."""
    variant = variant_in_stock(price=100_000, weight_grams=600)
    account = CarrierAccount.objects.create(
        vendor=variant.vendor, carrier="ghn", credentials={"token": "tok-secret-0001"}
    )
    ghn = ShippingMethod.objects.create(
        vendor=variant.vendor, name="GHN Chuẩn", carrier_account=account, carrier_service="2"
    )
    flat = ShippingMethod.objects.create(vendor=variant.vendor, name="Tự giao", flat_price=50_000)
    return variant, ghn, flat


def checkout_to(variant, commune, quantity=2):
    checkout = checkout_create(
        actor=None, email="lan@example.vn", lines=[LineInput(variant.pk, quantity)]
    )
    return checkout_shipping_address_update(
        actor=None,
        checkout=checkout,
        full_name="Nguyễn Thị Lan",
        phone="0912345678",
        street_address="12 Phố Huế",
        commune=commune,
    )


def fresh(checkout):
    return checkout_for(actor=None, token=checkout.token)


def options(checkout):
    (group,) = delivery_groups(fresh(checkout), fetch_quotes=True)
    return {o.name: o for o in group.options}


def quotes_asked(fake_carrier):
    return [args for kind, args in fake_carrier.calls if kind == "quote"]


def test_a_shopper_in_can_tho_and_one_in_hanoi_see_different_quotes(carrier_shop, fake_carrier):
    variant, _ghn, _flat = carrier_shop
    fake_carrier.fees = {can_tho().province.name: 42_000, hanoi().province.name: 25_000}
    in_can_tho = options(checkout_to(variant, can_tho()))["GHN Chuẩn"]
    in_hanoi = options(checkout_to(variant, hanoi()))["GHN Chuẩn"]
    # The fake adds 1 đồng per 100 g: the parcel weighs the variants' 2 × 600 g.
    assert (in_can_tho.price, in_hanoi.price) == (42_012, 25_012)
    assert (in_hanoi.carrier, in_hanoi.carrier_name) == ("ghn", "GHN")
    assert (in_hanoi.min_days, in_hanoi.max_days) == (1, 3)
    assert quotes_asked(fake_carrier) == [
        (can_tho().province.name, 1_200),
        (hanoi().province.name, 1_200),
    ]


def test_the_quote_is_asked_once_per_address_and_weight(carrier_shop, fake_carrier):
    variant, _ghn, _flat = carrier_shop
    checkout = checkout_to(variant, hanoi())
    first = options(checkout)["GHN Chuẩn"].price
    second = options(checkout)["GHN Chuẩn"].price  # another request: the cache answers
    assert first == second and len(quotes_asked(fake_carrier)) == 1
    options(checkout_to(variant, hanoi(), quantity=3))  # heavier: a new quote
    assert len(quotes_asked(fake_carrier)) == 2


def test_reading_without_fetching_never_calls_the_carrier(carrier_shop, fake_carrier):
    variant, ghn, _flat = carrier_shop
    (group,) = delivery_groups(fresh(checkout_to(variant, hanoi())))
    assert [o.name for o in group.options] == ["Tự giao"] and ghn.pk in group.unquoted
    assert quotes_asked(fake_carrier) == []


def test_a_carrier_that_is_down_leaves_its_method_out_and_the_others_remain(
    carrier_shop, fake_carrier, caplog
):
    variant, _ghn, _flat = carrier_shop
    fake_carrier.error = CarrierError(CarrierErrorCode.UNAVAILABLE, "502 from the carrier")
    assert list(options(checkout_to(variant, hanoi()))) == ["Tự giao"]
    assert "carrier quote failed" in caplog.text and "tok-secret" not in caplog.text


def test_free_above_still_applies_to_a_carrier_method(carrier_shop, fake_carrier):
    variant, ghn, _flat = carrier_shop
    ShippingMethod.objects.filter(pk=ghn.pk).update(free_above=200_000)
    assert options(checkout_to(variant, hanoi(), quantity=1))["GHN Chuẩn"].price == 30_006
    assert options(checkout_to(variant, hanoi(), quantity=2))["GHN Chuẩn"].price == 0


def test_a_disconnected_account_prices_nothing(carrier_shop, fake_carrier):
    variant, ghn, _flat = carrier_shop
    CarrierAccount.objects.filter(pk=ghn.carrier_account_id).update(is_active=False)
    assert list(options(checkout_to(variant, hanoi()))) == ["Tự giao"]


def choose(checkout, method):
    return checkout_delivery_method_update(
        actor=None, checkout=fresh(checkout), vendor_id=method.vendor_id, method=method
    )


def test_choosing_records_the_price_shown(carrier_shop, fake_carrier):
    variant, ghn, _flat = carrier_shop
    checkout = choose(checkout_to(variant, hanoi()), ghn)
    assert CheckoutDelivery.objects.get(checkout=checkout).shown_price == 30_012
    assert delivery_groups(checkout)[0].chosen.price == 30_012


def refused(checkout):
    """The errors of completing `checkout`, in Vietnamese, no-break spaces as spaces."""
    with translation.override("vi"), pytest.raises(ServiceError) as caught:
        checkout_complete(actor=None, checkout=checkout, payment_method="COD")
    return [
        dataclasses.replace(e, message=e.message.replace("\xa0", " ")) for e in caught.value.errors
    ]


def test_a_quote_that_moved_is_refused_with_the_new_price_then_placed(
    carrier_shop, fake_carrier, monkeypatch
):
    variant, ghn, _flat = carrier_shop
    checkout = choose(checkout_to(variant, hanoi()), ghn)
    cache.clear()  # ten minutes later: the carrier quotes again, higher
    monkeypatch.setattr(fake_carrier, "default_fee", 34_988)
    (error,) = refused(checkout)
    assert (error.code, error.field) == (ErrorCode.SHIPPING_CHANGED, "delivery_method_id")
    assert "35.000 ₫" in error.message and "30.012 ₫" in error.message
    assert error.message.startswith("Phí giao hàng của")
    # Nothing half-written: no order, no allocation, the stock untouched, the checkout kept.
    assert not Order.objects.exists() and not Allocation.objects.exists()
    assert not StockMovement.objects.exists()
    assert Stock.objects.get(variant=variant).quantity_allocated == 0
    assert Checkout.objects.filter(pk=checkout.pk).exists()
    # The shopper has now seen 35.000 ₫: the second attempt places the order at it.
    assert CheckoutDelivery.objects.get(checkout=checkout).shown_price == 35_000
    done = checkout_complete(actor=None, checkout=checkout, payment_method="COD")
    assert (done.order.shipping_total, done.order.total) == (35_000, 235_000)
    assert len(quotes_asked(fake_carrier)) == 2  # completion took the cached quote


def test_a_flat_price_that_changed_after_it_was_shown_is_refused_too(carrier_shop):
    variant, _ghn, flat = carrier_shop
    checkout = choose(checkout_to(variant, hanoi()), flat)
    ShippingMethod.objects.filter(pk=flat.pk).update(flat_price=60_000)
    (error,) = refused(checkout)
    assert error.code == ErrorCode.SHIPPING_CHANGED and "60.000 ₫" in error.message
    assert not Order.objects.exists()


def test_a_chosen_carrier_that_cannot_quote_at_completion_is_named(carrier_shop, fake_carrier):
    variant, ghn, _flat = carrier_shop
    checkout = choose(checkout_to(variant, hanoi()), ghn)
    cache.clear()
    fake_carrier.error = CarrierError(CarrierErrorCode.TIMEOUT, "no answer in 8 s")
    assert [(e.code, e.field) for e in refused(checkout)] == [
        (ErrorCode.CARRIER_UNAVAILABLE, "delivery_method_id")
    ]
    assert not Order.objects.exists() and not Allocation.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_quote_is_asked_inside_a_transaction(carrier_shop, fake_carrier, monkeypatch):
    """Without the test's own transaction around it: choosing and completing (after the
    cached quote expired) ask the carrier only outside their transactions."""
    variant, ghn, _flat = carrier_shop
    inside = []
    real_quote = fake_carrier.quote

    def watched(self, **kwargs):
        inside.append(connection.in_atomic_block)
        return real_quote(self, **kwargs)

    monkeypatch.setattr(fake_carrier, "quote", watched)
    checkout = choose(checkout_to(variant, hanoi()), ghn)
    cache.clear()
    done = checkout_complete(actor=None, checkout=checkout, payment_method="COD")
    assert done.order.shipping_total == 30_012
    assert inside == [False, False]


def test_showing_the_delivery_price_counts_only_for_the_delivery(carrier_shop):
    from orders.services.checkout import checkout_prices_shown

    variant, _ghn, flat = carrier_shop
    checkout = choose(checkout_to(variant, hanoi()), flat)
    ShippingMethod.objects.filter(pk=flat.pk).update(flat_price=55_000)
    checkout_prices_shown(actor=None, checkout=fresh(checkout), lines=True, deliveries=False)
    assert CheckoutDelivery.objects.get().shown_price == 50_000  # the lines were shown only
    checkout_prices_shown(actor=None, checkout=fresh(checkout), lines=False, deliveries=True)
    assert CheckoutDelivery.objects.get().shown_price == 55_000
    done = checkout_complete(actor=None, checkout=checkout, payment_method="COD")
    assert done.order.shipping_total == 55_000
