"""A guest order placed with an account's e-mail joins that account only when its token proves
the account's holder placed it (accounts have no e-mail verification): registering someone
else's address shows their guest orders read-only, never their links, and gives no way to act
on them."""

import pytest
from django.test import Client
from django.urls import reverse

from orders.models import Order
from orders.services.guest_orders import guest_orders_attach
from tests.factories import PASSWORD, UserFactory
from tests.orders.fulfilment_support import part, place, variant

pytestmark = pytest.mark.django_db

EMAIL = "lan@example.vn"  # the e-mail `place` orders with


def english_client():
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def register(client, email):
    response = client.post(
        reverse("storefront:register"),
        {"email": email, "full_name": "Nguyễn Thị Lan", "password": PASSWORD,
         "password_again": PASSWORD},
    )  # fmt: skip
    assert response.status_code == 302


def test_attach_needs_the_token_and_the_same_email():
    lan, other = UserFactory(email=EMAIL), UserFactory(email="hoa@example.vn")
    tea = variant()
    first, second, owned = place([(tea, 1)]), place([(tea, 1)]), place([(tea, 1)], actor=other)

    assert guest_orders_attach(user=other, tokens=[first.token]) == 0  # another e-mail
    assert guest_orders_attach(user=lan, tokens=[owned.token, "not-a-token"]) == 0
    assert guest_orders_attach(user=lan, tokens=[str(first.token)]) == 1

    assert Order.objects.get(pk=first.pk).user == lan
    assert Order.objects.get(pk=second.pk).user is None  # its token was not shown
    assert Order.objects.get(pk=owned.pk).user == other


def test_the_shopper_who_opened_the_order_registers_and_finds_it_in_my_orders():
    order = place([(variant(), 1)])
    client = english_client()
    client.get(reverse("storefront:order", args=[order.token]))  # right after placing it

    register(client, "Lan@Example.vn")

    order.refresh_from_db()
    assert order.user is not None and order.user.email == EMAIL
    html = client.get(reverse("storefront:my-orders")).content.decode()
    assert reverse("storefront:order", args=[order.token]) in html


def test_logging_in_attaches_the_orders_this_browser_opened():
    lan = UserFactory(email=EMAIL)
    seen, unseen = place([(variant(), 1)]), place([(variant(), 1)])
    client = english_client()
    client.get(reverse("storefront:order", args=[seen.token]))

    assert (
        client.post(reverse("login"), {"username": EMAIL, "password": PASSWORD}).status_code == 302
    )

    seen.refresh_from_db()
    unseen.refresh_from_db()
    assert seen.user == lan and unseen.user is None
    html = client.get(reverse("storefront:my-orders")).content.decode()
    assert reverse("storefront:order", args=[seen.token]) in html
    # The other one is listed, read-only: its number, not its link.
    assert unseen.number in html and str(unseen.token) not in html


def test_opening_the_emails_link_while_logged_in_attaches_it():
    lan = UserFactory(email=EMAIL)
    order = place([(variant(), 1)])
    client = english_client()
    client.force_login(lan)

    client.get(reverse("storefront:order", args=[order.token]))

    order.refresh_from_db()
    assert order.user == lan


def test_registering_someone_elses_email_gives_no_link_and_no_actions():
    tea = variant()
    order = place([(tea, 1)])
    victim_part = part(order, tea)
    attacker = english_client()

    register(attacker, EMAIL)

    order.refresh_from_db()
    assert order.user is None
    html = attacker.get(reverse("storefront:my-orders")).content.decode()
    assert order.number in html  # listed read-only
    assert str(order.token) not in html and order.street_address not in html
    assert victim_part.pickup_code == "" or victim_part.pickup_code not in html

    # Nothing to act with but the token, which the attacker does not have; and acting on
    # another of the victim's parts by guessing fails.
    response = attacker.post(
        reverse(
            "storefront:order-cancel", args=["00000000-0000-4000-8000-000000000000", victim_part.pk]
        ),
        {"confirm": "1"},
    )
    assert response.status_code == 404
    victim_part.refresh_from_db()
    assert victim_part.status == "unconfirmed"


def test_a_logged_in_stranger_with_the_link_does_not_take_the_order():
    order = place([(variant(), 1)])
    stranger = english_client()
    stranger.force_login(UserFactory(email="hoa@example.vn"))

    stranger.get(reverse("storefront:order", args=[order.token]))

    order.refresh_from_db()
    assert order.user is None
