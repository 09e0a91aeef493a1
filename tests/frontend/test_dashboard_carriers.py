"""The producer dashboard's carriers page: connect GHN, see it masked, link a method to it,
disconnect; another producer's account is out of reach."""

import pytest

from orders.models import CarrierAccount, ShippingMethod
from orders.views import carrier_webhook_url

pytestmark = pytest.mark.django_db
URL = "/nha-san-xuat/van-chuyen/"
SECRET = "ghn-token-abcdef-4321"


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


def test_a_producer_connects_ghn_links_a_method_and_disconnects(
    owner_client, vendor, other_vendor, fake_carrier
):
    method = ShippingMethod.objects.create(vendor=vendor, name="Giao nhanh", flat_price=30_000)
    theirs = CarrierAccount.objects.create(
        vendor=other_vendor, carrier="ghtk", credentials={"token": "theirs"}
    )
    page = owner_client.get(URL)
    assert page.status_code == 200 and "Giao nhanh" in page.content.decode()

    missing = owner_client.post(URL, {"action": "connect", "carrier": "ghn", "shop_id": "885"})
    assert missing.status_code == 400 and not CarrierAccount.objects.filter(vendor=vendor)

    done = owner_client.post(
        URL, {"action": "connect", "carrier": "ghn", "token": SECRET, "shop_id": "885"}, follow=True
    )
    html = done.content.decode()
    account = CarrierAccount.objects.get(vendor=vendor)
    assert account.credentials == {"token": SECRET, "shop_id": "885"}
    assert "••••••••4321" in html and SECRET not in html and "theirs" not in html

    owner_client.post(URL, {"action": "link", "method": method.pk, "account": account.pk})
    assert ShippingMethod.objects.get(pk=method.pk).carrier_account == account
    # Another producer's account is not among those a method may use.
    refused = owner_client.post(URL, {"action": "link", "method": method.pk, "account": theirs.pk})
    assert refused.status_code == 400
    assert ShippingMethod.objects.get(pk=method.pk).carrier_account == account
    owner_client.post(URL, {"action": "link", "method": method.pk, "account": ""})
    assert ShippingMethod.objects.get(pk=method.pk).carrier_account is None

    owner_client.post(URL, {"action": "disconnect", "account": account.pk})
    account.refresh_from_db()
    assert not account.is_active and account.credentials == {}


def test_a_shop_assistant_sees_the_page_but_cannot_connect(client, vendor, fake_carrier):
    from tests.factories import VendorMemberFactory

    clerk = VendorMemberFactory(vendor=vendor, role="staff").user
    client.force_login(clerk)
    assert client.get(URL).status_code == 200
    refused = client.post(URL, {"action": "connect", "carrier": "ghn", "token": SECRET})
    assert refused.status_code == 403 and not CarrierAccount.objects.exists()


def test_a_connected_account_shows_the_webhook_address_to_give_the_carrier(owner_client, vendor):
    account = CarrierAccount.objects.create(
        vendor=vendor, carrier="ghtk", credentials={"token": "t" * 20, "webhook_hash": "h" * 16}
    )
    html = owner_client.get(URL).content.decode()
    assert carrier_webhook_url(account) in html and account.webhook_key in html
    assert "h" * 16 not in html and "t" * 20 not in html  # secrets only masked
    assert 'name="webhook_hash"' in html
