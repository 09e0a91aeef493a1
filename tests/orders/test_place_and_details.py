"""The checkout's two use cases: placing the order (completion and the payment's start in one
call) and saving the checkout page's details (email, address, deliveries) in one go."""

import pytest

from inventory.models import Stock
from marketplace.core.errors import ErrorCode, ServiceError
from orders.models import Checkout, CheckoutDelivery, Order, Payment, ShippingMethod
from orders.selectors import delivery_groups
from orders.services.checkout import LineInput, checkout_create
from orders.services.place import checkout_details_save, checkout_place
from tests.orders.helpers import hanoi, ready_checkout, variant_in_stock
from tests.orders.payment_support import (
    STRIPE_KEY,
    STRIPE_WEBHOOK_SECRET,
    VNPAY_SECRET,
    VNPAY_TMN,
    FakeStripeHTTP,
)

pytestmark = pytest.mark.django_db


def place(checkout, method, actor=None):
    return checkout_place(
        actor=actor, token=checkout.token, payment_method=method, client_ip="203.0.113.7"
    )


def fields_of(caught) -> list[tuple]:
    return [(e.code, e.field) for e in caught.value.errors]


def test_cash_on_delivery_is_placed_with_nothing_more_to_do():
    checkout = ready_checkout([(variant_in_stock(), 2)])

    done = place(checkout, "COD")

    assert done.order.status == Order.Status.PLACED and done.payment.gateway == "cod"
    assert done.payment.action is None
    assert not Checkout.objects.exists()


def test_vnpay_is_placed_unpaid_and_gives_the_signed_url(settings):
    settings.VNPAY_TMN_CODE, settings.VNPAY_HASH_SECRET = VNPAY_TMN, VNPAY_SECRET
    checkout = ready_checkout([(variant_in_stock(price=85_000), 1)])

    done = place(checkout, "vnpay")

    assert done.order.status == Order.Status.UNPAID
    assert done.payment.action.action_url.startswith(settings.VNPAY_PAYMENT_URL + "?")
    assert "vnp_IpAddr=203.0.113.7" in done.payment.action.action_url
    assert Payment.objects.get().psp_reference  # VNPay's reference was given


def test_stripe_is_placed_unpaid_and_gives_the_client_secret(settings, monkeypatch):
    import stripe

    settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = STRIPE_KEY, STRIPE_WEBHOOK_SECRET
    fake = FakeStripeHTTP()
    monkeypatch.setattr(stripe, "default_http_client", fake)
    fake.answer({"id": "pi_1", "object": "payment_intent", "client_secret": "pi_1_secret"})
    checkout = ready_checkout([(variant_in_stock(price=85_000), 1)])

    done = place(checkout, "STRIPE")

    assert done.order.status == Order.Status.UNPAID
    assert done.payment.action.client_secret == "pi_1_secret"
    assert len(fake.requests) == 1


@pytest.mark.parametrize("method", ["VNPAY", "stripe"])
def test_a_gateway_not_configured_is_refused_and_nothing_is_written(settings, method):
    settings.VNPAY_TMN_CODE = settings.VNPAY_HASH_SECRET = ""
    settings.STRIPE_SECRET_KEY = settings.STRIPE_WEBHOOK_SECRET = ""
    checkout = ready_checkout([(variant_in_stock(), 1)])

    with pytest.raises(ServiceError) as caught:
        place(checkout, method)

    assert fields_of(caught) == [(ErrorCode.INVALID, "payment_method")]
    assert "not available right now" in caught.value.errors[0].message
    assert Checkout.objects.filter(pk=checkout.pk).exists()
    assert not Order.objects.exists() and not Payment.objects.exists()
    assert set(Stock.objects.values_list("quantity_allocated", flat=True)) == {0}


@pytest.mark.parametrize(
    ("method", "code"), [("", ErrorCode.REQUIRED), ("cheque", ErrorCode.INVALID)]
)
def test_a_missing_or_unknown_payment_method_is_refused(method, code):
    checkout = ready_checkout([(variant_in_stock(), 1)])
    with pytest.raises(ServiceError) as caught:
        place(checkout, method)
    assert fields_of(caught) == [(code, "payment_method")]
    assert not Order.objects.exists()


def test_an_unknown_checkout_is_not_found():
    checkout = ready_checkout([(variant_in_stock(), 1)])
    Checkout.objects.all().delete()
    with pytest.raises(ServiceError) as caught:
        place(checkout, "COD")
    assert fields_of(caught) == [(ErrorCode.NOT_FOUND, "token")]


def test_completion_errors_come_back_in_domain_terms():
    checkout = checkout_create(actor=None, lines=[LineInput(variant_in_stock().pk, 1)])
    with pytest.raises(ServiceError) as caught:
        place(checkout, "COD")
    assert {e.field for e in caught.value.errors} == {
        "email",
        "shipping_address",
        "delivery_method",
    }


# checkout_details_save


def fresh_checkout():
    variant = variant_in_stock()
    ShippingMethod.objects.create(vendor=variant.vendor, name="GHTK", flat_price=30_000)
    return checkout_create(actor=None, lines=[LineInput(variant.pk, 1)]), variant.vendor


def details(checkout, **overrides):
    commune = hanoi()
    values = {
        "email": "Lan@Example.vn",
        "full_name": "Nguyễn Thị Lan",
        "phone": "0912 345 678",
        "street_address": "12 Phố Huế",
        "commune_code": commune.code,
        "province_code": commune.province_id,
        "deliveries": {},
        **overrides,
    }
    return checkout_details_save(actor=None, checkout=checkout, **values)


def test_details_are_saved_together_with_the_delivery_chosen():
    checkout, vendor = fresh_checkout()
    method = ShippingMethod.objects.get(vendor=vendor)

    saved = details(checkout, deliveries={vendor.pk: f"shipping-{method.pk}"})

    checkout.refresh_from_db()
    assert (checkout.email, checkout.full_name, checkout.phone) == (
        "lan@example.vn",
        "Nguyễn Thị Lan",
        "+84912345678",
    )
    assert checkout.commune == hanoi()
    assert CheckoutDelivery.objects.get(checkout=checkout).shipping_method == method
    assert delivery_groups(saved)[0].chosen.target == method


def test_an_unknown_commune_is_an_error_on_commune_code_and_nothing_is_half_written():
    checkout, vendor = fresh_checkout()
    method = ShippingMethod.objects.get(vendor=vendor)

    with pytest.raises(ServiceError) as caught:
        details(checkout, commune_code="99999", deliveries={vendor.pk: f"shipping-{method.pk}"})

    assert fields_of(caught) == [(ErrorCode.NOT_FOUND, "commune_code")]
    checkout.refresh_from_db()
    assert (checkout.email, checkout.full_name, checkout.commune_id) == ("", "", None)
    assert not CheckoutDelivery.objects.exists()


def test_a_commune_of_another_province_counts_as_not_chosen():
    checkout, _vendor = fresh_checkout()
    with pytest.raises(ServiceError) as caught:
        details(checkout, province_code="79")  # the commune list did not follow the province
    assert fields_of(caught) == [(ErrorCode.REQUIRED, "commune_code")]
    checkout.refresh_from_db()
    assert checkout.email == ""  # valid, but not saved alone


def test_every_error_comes_back_at_once():
    checkout, vendor = fresh_checkout()
    with pytest.raises(ServiceError) as caught:
        details(
            checkout,
            email="lan@",
            full_name="",
            phone="123",
            street_address="",
            commune_code="",
            deliveries={vendor.pk: "shipping-0"},
        )
    assert {e.field for e in caught.value.errors} == {
        "email",
        "full_name",
        "phone",
        "street_address",
        "commune_code",
        f"deliveries.{vendor.pk}",
    }
    checkout.refresh_from_db()
    assert checkout.full_name == "" and checkout.commune_id is None
