"""Where the login page sends each kind of member when no `next` says otherwise."""

import pytest
from django.urls import reverse

from tests.factories import (
    PASSWORD,
    OperatorMemberFactory,
    StaffFactory,
    UserFactory,
    VendorMemberFactory,
)

pytestmark = pytest.mark.django_db


def log_in(client, user, next_url: str = ""):
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    response = client.post(url, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


@pytest.mark.parametrize(
    ("member", "landing"),
    [
        (lambda: UserFactory(), "storefront:home"),
        (lambda: VendorMemberFactory().user, "dashboard:home"),
        (lambda: OperatorMemberFactory().user, "showroom:index"),
        (lambda: StaffFactory(), "admin:index"),
    ],
    ids=["shopper", "producer member", "showroom member", "staff"],
)
def test_each_member_lands_where_their_work_is(client, member, landing):
    assert log_in(client, member()) == reverse(landing)


def test_a_member_of_a_producer_and_a_showroom_lands_in_the_seller_centre(client):
    member = VendorMemberFactory().user
    OperatorMemberFactory(user=member)
    assert log_in(client, member) == reverse("dashboard:home")


def test_next_wins_over_the_landing_but_never_leaves_the_site(client):
    producer = VendorMemberFactory().user
    assert log_in(client, producer, "/tai-khoan/don-hang/") == reverse("storefront:my-orders")
    client.logout()
    assert log_in(client, producer, "https://evil.example/") == reverse("dashboard:home")


def test_a_logged_in_member_opening_the_login_page_goes_to_their_landing(client):
    producer = VendorMemberFactory().user
    client.force_login(producer)
    response = client.get(reverse("login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:home")
