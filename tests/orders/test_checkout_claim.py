"""checkout_claim: the cart a shopper filled before logging in becomes theirs."""

import uuid

import pytest

from catalog.models import Product
from marketplace.core.errors import ErrorCode, ServiceError
from orders.models import Checkout
from orders.services.checkout import LineInput, checkout_claim, checkout_create
from tests.factories import UserFactory
from tests.orders.helpers import variant_in_stock

pytestmark = pytest.mark.django_db


def guest_cart(*lines, email="khach@example.vn"):
    return checkout_create(actor=None, email=email, lines=[LineInput(v.pk, q) for v, q in lines])


def test_a_guest_cart_becomes_a_new_checkout_of_the_shopper_with_the_same_lines():
    tea, honey = variant_in_stock(), variant_in_stock()
    guest = guest_cart((tea, 2), (honey, 1))
    shopper = UserFactory()

    own = checkout_claim(user=shopper, token=guest.token)

    assert own.pk != guest.pk and own.user == shopper
    assert own.email == "khach@example.vn"
    assert sorted(own.lines.values_list("variant_id", "quantity")) == sorted(
        [(tea.pk, 2), (honey.pk, 1)]
    )
    assert Checkout.objects.get(pk=guest.pk).user is None  # the guest cart is left as it was


def test_a_checkout_already_theirs_is_given_back_unchanged():
    shopper = UserFactory()
    own = checkout_create(actor=shopper, lines=[LineInput(variant_in_stock().pk, 1)])

    assert checkout_claim(user=shopper, token=own.token).pk == own.pk
    assert Checkout.objects.count() == 1


def test_lines_no_longer_for_sale_leave_the_guest_cart_as_it_is():
    tea = variant_in_stock()
    guest = guest_cart((tea, 1))
    Product.objects.filter(pk=tea.product_id).update(status=Product.Status.DRAFT)

    claimed = checkout_claim(user=UserFactory(), token=guest.token)

    assert claimed.pk == guest.pk and claimed.user_id is None
    assert Checkout.objects.count() == 1


def test_another_shoppers_checkout_or_an_unknown_token_cannot_be_claimed():
    theirs = checkout_create(actor=UserFactory(), lines=[LineInput(variant_in_stock().pk, 1)])
    with pytest.raises(ServiceError) as caught:
        checkout_claim(user=UserFactory(), token=theirs.token)
    assert caught.value.codes == [ErrorCode.PERMISSION_DENIED]
    with pytest.raises(ServiceError) as caught:
        checkout_claim(user=UserFactory(), token=uuid.uuid4())
    assert [(e.code, e.field) for e in caught.value.errors] == [(ErrorCode.NOT_FOUND, "token")]
