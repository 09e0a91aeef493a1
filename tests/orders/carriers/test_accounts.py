"""Carrier accounts: who may connect one, what a carrier needs, that credentials never come
back out, and linking a shipping method to an account; over the services and the API."""

import json

import pytest

from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.graphql.core.ids import global_id
from orders.models import CarrierAccount, ShippingMethod
from orders.services.carrier_accounts import (
    carrier_account_connect,
    carrier_account_disconnect,
    carrier_account_update,
    masked_credentials,
)
from orders.services.shipping import shipping_method_carrier_link, shipping_method_create
from tests.factories import VendorMemberFactory

pytestmark = pytest.mark.django_db

SECRET = "ghn-token-very-secret-7788"


def codes(call):
    with pytest.raises(ServiceError) as caught:
        call()
    return [(e.code, e.field) for e in caught.value.errors]


def test_an_owner_connects_an_account_stored_encrypted_and_shown_masked(
    vendor, owner, fake_carrier
):
    account = carrier_account_connect(
        actor=owner, vendor=vendor, carrier="ghn", credentials={"token": SECRET, "shop_id": 8899}
    )
    assert CarrierAccount.objects.get(pk=account.pk).credentials == {
        "token": SECRET,
        "shop_id": "8899",
    }
    assert masked_credentials(account=account) == {"shop_id": "••••••••", "token": "••••••••7788"}
    from django.db import connection

    with connection.cursor() as cursor:  # encrypted at rest: the token is not in the row
        cursor.execute("SELECT credentials FROM orders_carrieraccount")
        assert SECRET not in str(cursor.fetchone()[0])


def test_a_missing_credential_is_named_and_nothing_is_written(vendor, owner, fake_carrier):
    assert codes(
        lambda: carrier_account_connect(
            actor=owner, vendor=vendor, carrier="ghn", credentials={"shop_id": "1"}
        )
    ) == [(ErrorCode.REQUIRED, "credentials.token")]
    assert codes(
        lambda: carrier_account_connect(
            actor=owner, vendor=vendor, carrier="viettel", credentials={"token": "x"}
        )
    ) == [(ErrorCode.INVALID, "carrier")]
    assert not CarrierAccount.objects.exists()


def test_another_producer_and_a_shop_assistant_are_refused(
    vendor, owner, other_owner, fake_carrier
):
    clerk = VendorMemberFactory(vendor=vendor, role="staff").user
    for actor in (other_owner, clerk, None):
        assert codes(
            lambda actor=actor: carrier_account_connect(
                actor=actor, vendor=vendor, carrier="ghn", credentials={"token": SECRET}
            )
        ) == [(ErrorCode.PERMISSION_DENIED, None)]
    account = carrier_account_connect(
        actor=owner, vendor=vendor, carrier="ghn", credentials={"token": SECRET}
    )
    assert codes(
        lambda: carrier_account_update(
            actor=other_owner, account=account, credentials={"token": "x"}
        )
    ) == [(ErrorCode.PERMISSION_DENIED, None)]
    assert codes(lambda: carrier_account_disconnect(actor=other_owner, account=account)) == [
        (ErrorCode.PERMISSION_DENIED, None)
    ]
    assert CarrierAccount.objects.get().credentials == {"token": SECRET}


def test_the_platform_account_is_staffs(owner, staff, fake_carrier):
    assert codes(
        lambda: carrier_account_connect(
            actor=owner, vendor=None, carrier="ghtk", credentials={"token": SECRET}
        )
    ) == [(ErrorCode.PERMISSION_DENIED, None)]
    account = carrier_account_connect(
        actor=staff, vendor=None, carrier="ghtk", credentials={"token": SECRET}
    )
    assert account.vendor_id is None and account.is_active


def test_update_keeps_what_is_left_out_and_disconnect_forgets_everything(
    vendor, owner, fake_carrier
):
    account = carrier_account_connect(
        actor=owner, vendor=vendor, carrier="ghn", credentials={"token": SECRET, "shop_id": "1"}
    )
    account = carrier_account_update(actor=owner, account=account, credentials={"shop_id": "2"})
    assert account.credentials == {"token": SECRET, "shop_id": "2"}
    account = carrier_account_disconnect(actor=owner, account=account)
    assert CarrierAccount.objects.get().credentials == {} and not account.is_active
    again = carrier_account_connect(
        actor=owner, vendor=vendor, carrier="ghn", credentials={"token": "new-token"}
    )
    assert again.pk == account.pk and again.is_active


def test_a_method_links_to_its_own_or_the_platform_account_only(
    vendor, owner, other_vendor, staff, fake_carrier
):
    own = CarrierAccount.objects.create(vendor=vendor, carrier="ghn", credentials={"token": "a"})
    theirs = CarrierAccount.objects.create(
        vendor=other_vendor, carrier="ghn", credentials={"token": "b"}
    )
    platform = CarrierAccount.objects.create(carrier="ghtk", credentials={"token": "c"})
    method = shipping_method_create(
        actor=owner, vendor=vendor, name="GHN", carrier_account=own, carrier_service=""
    )
    assert (method.carrier_account, method.carrier_service) == (own, "")  # the default
    assert codes(
        lambda: shipping_method_carrier_link(actor=owner, method=method, carrier_account=theirs)
    ) == [(ErrorCode.INVALID, "carrier_account_id")]
    assert codes(
        lambda: shipping_method_carrier_link(
            actor=owner, method=method, carrier_account=own, carrier_service="express-99"
        )
    ) == [(ErrorCode.INVALID, "carrier_service")]
    assert ShippingMethod.objects.get().carrier_account == own
    linked = shipping_method_carrier_link(actor=owner, method=method, carrier_account=platform)
    assert linked.carrier_account == platform
    unlinked = shipping_method_carrier_link(actor=owner, method=method, carrier_account=None)
    assert unlinked.carrier_account is None


CONNECT = """
mutation($vendor: ID, $carrier: CarrierCode!, $credentials: [CarrierCredentialInput!]!) {
  carrierAccountConnect(vendorId: $vendor, carrier: $carrier, credentials: $credentials) {
    carrierAccount { id carrier carrierName isPlatform connected credentials { key masked } }
    errors { field code message }
  }
}"""
ACCOUNTS = """query($vendor: ID!) {
  carrierAccounts(vendorId: $vendor) { id carrier connected credentials { key masked } }
}"""
DISCONNECT = """mutation($id: ID!) {
  carrierAccountDisconnect(id: $id) { carrierAccount { connected } errors { field code } }
}"""
LINK = """mutation($method: ID!, $account: ID) {
  shippingMethodCarrierLink(shippingMethodId: $method, carrierAccountId: $account) {
    shippingMethod { name carrierService carrierAccount { carrier } }
    errors { field code }
  }
}"""


def test_the_api_connects_lists_links_and_never_shows_a_credential(
    gql, vendor, owner, other_owner, fake_carrier
):
    vendor_id = global_id("Vendor", vendor.pk)
    credentials = [{"key": "token", "value": SECRET}, {"key": "shop_id", "value": "123456"}]
    answer = gql(owner).execute(
        CONNECT, {"vendor": vendor_id, "carrier": "GHN", "credentials": credentials}
    )
    connected = answer["carrierAccountConnect"]
    assert connected["errors"] == []
    account = connected["carrierAccount"]
    assert (account["carrier"], account["carrierName"], account["connected"]) == (
        "GHN",
        "GHN",
        True,
    )
    assert account["credentials"] == [
        {"key": "shop_id", "masked": "••••••••"},
        {"key": "token", "masked": "••••••••7788"},
    ]
    listed = gql(owner).execute(ACCOUNTS, {"vendor": vendor_id})
    assert [a["id"] for a in listed["carrierAccounts"]] == [account["id"]]
    assert gql(other_owner).execute(ACCOUNTS, {"vendor": vendor_id}) == {"carrierAccounts": []}
    for shown in (answer, listed):
        assert SECRET not in json.dumps(shown) and "123456" not in json.dumps(shown)

    refused = gql(other_owner).execute(
        CONNECT, {"vendor": vendor_id, "carrier": "GHTK", "credentials": credentials}
    )["carrierAccountConnect"]
    assert refused["carrierAccount"] is None
    assert [e["code"] for e in refused["errors"]] == ["PERMISSION_DENIED"]
    missing = gql(owner).execute(
        CONNECT, {"vendor": vendor_id, "carrier": "GHTK", "credentials": []}
    )["carrierAccountConnect"]
    assert [(e["field"], e["code"]) for e in missing["errors"]] == [
        ("credentials.token", "REQUIRED")
    ]

    method = ShippingMethod.objects.create(vendor=vendor, name="Giao nhanh", flat_price=1)
    link = {"method": global_id("ShippingMethod", method.pk), "account": account["id"]}
    assert gql(other_owner).execute(LINK, link)["shippingMethodCarrierLink"]["errors"] == [
        {"field": None, "code": "PERMISSION_DENIED"}
    ]
    linked = gql(owner).execute(LINK, link)["shippingMethodCarrierLink"]
    assert linked == {
        "shippingMethod": {
            "name": "Giao nhanh",
            "carrierService": "",
            "carrierAccount": {"carrier": "GHN"},
        },
        "errors": [],
    }
    gone = gql(owner).execute(DISCONNECT, {"id": account["id"]})
    assert gone["carrierAccountDisconnect"] == {
        "carrierAccount": {"connected": False},
        "errors": [],
    }
