"""Permission-matrix rows of carrier accounts and the shipping methods they price: producer
A's owners and managers (and staff) manage them; its shop assistants, other producers,
shoppers and visitors are refused."""

from graphql_relay import to_global_id

from orders.models import CarrierAccount, ShippingMethod
from tests.graphql.permission_support import (
    ALLOWED,
    DENIED,
    MutationRow,
    World,
    expect,
    mutation_op,
    roles,
)

A, D = ALLOWED, DENIED
ACCOUNT = "carrierAccount { id }"
CREDENTIALS = [{"key": "token", "value": "matrix-token-0001"}]


def _account(w: World) -> CarrierAccount:
    return CarrierAccount.objects.create(
        vendor=w.vendor_a, carrier="ghn", credentials={"token": "a-token"}
    )


def _connect(w: World) -> dict:
    return {
        "vendor": to_global_id("Vendor", w.vendor_a.pk),
        "carrier": "GHTK",
        "credentials": CREDENTIALS,
    }


def _update(w: World) -> dict:
    return {"id": to_global_id("CarrierAccount", _account(w).pk), "credentials": CREDENTIALS}


def _disconnect(w: World) -> dict:
    return {"id": to_global_id("CarrierAccount", _account(w).pk)}


def _link(w: World) -> dict:
    method = ShippingMethod.objects.create(vendor=w.vendor_a, name="GHN", flat_price=30_000)
    return {
        "method": to_global_id("ShippingMethod", method.pk),
        "account": to_global_id("CarrierAccount", _account(w).pk),
    }


MANAGERS = expect(D, D, D, A, A)

ROWS = [
    MutationRow(
        "carrierAccountConnect[A]",
        "carrierAccountConnect",
        mutation_op(
            "$vendor: ID, $carrier: CarrierCode!, $credentials: [CarrierCredentialInput!]!",
            "carrierAccountConnect",
            "vendorId: $vendor, carrier: $carrier, credentials: $credentials",
            ACCOUNT,
        ),
        _connect,
        MANAGERS,
        payload="carrierAccount",
        target=None,
        roles=roles(A, D),
    ),
    MutationRow(
        "carrierAccountUpdate[A]",
        "carrierAccountUpdate",
        mutation_op(
            "$id: ID!, $credentials: [CarrierCredentialInput!]!",
            "carrierAccountUpdate",
            "id: $id, credentials: $credentials",
            ACCOUNT,
        ),
        _update,
        MANAGERS,
        payload="carrierAccount",
        target=None,
        roles=roles(A, D),
    ),
    MutationRow(
        "carrierAccountDisconnect[A]",
        "carrierAccountDisconnect",
        mutation_op("$id: ID!", "carrierAccountDisconnect", "id: $id", ACCOUNT),
        _disconnect,
        MANAGERS,
        payload="carrierAccount",
        target=None,
        roles=roles(A, D),
    ),
    MutationRow(
        "shippingMethodCarrierLink[A]",
        "shippingMethodCarrierLink",
        mutation_op(
            "$method: ID!, $account: ID",
            "shippingMethodCarrierLink",
            "shippingMethodId: $method, carrierAccountId: $account",
            "shippingMethod { id }",
        ),
        _link,
        MANAGERS,
        payload="shippingMethod",
        target=None,
        roles=roles(A, D),
    ),
]
