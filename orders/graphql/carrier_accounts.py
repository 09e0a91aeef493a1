"""Producers' accounts at parcel carriers and the shipping methods they price: thin adapters
over orders.services.carrier_accounts and orders.services.shipping. Credentials go in and
never come out: an account shows its keys with masked values."""

import graphene

from marketplace.core.errors import ServiceError
from marketplace.core.permissions import is_staff
from marketplace.graphql.core.ids import get_by_id, global_id
from marketplace.graphql.core.mutations import BaseMutation, user_of
from orders.models import CarrierAccount, CarrierCode, ShippingMethod
from orders.services import carrier_accounts, shipping
from orders.shipping_quotes import carrier_name
from vendors.access import LISTING_ROLES, require_vendor_role
from vendors.models import Vendor

CarrierCodeEnum = graphene.Enum(
    "CarrierCode", [(code.upper(), code) for code in CarrierCode.values]
)


class MaskedCredentialType(graphene.ObjectType):
    key = graphene.String(required=True, description='e.g. "token", "shop_id".')
    masked = graphene.String(required=True, description="The value masked: •••••••• or the last 4.")

    class Meta:
        name = "MaskedCredential"


class CarrierAccountType(graphene.ObjectType):
    id = graphene.ID(required=True)
    carrier = graphene.Field(CarrierCodeEnum, required=True)
    carrier_name = graphene.String(required=True)
    is_platform = graphene.Boolean(
        required=True, description="The platform's account, which producers may use."
    )
    connected = graphene.Boolean(required=True)
    credentials = graphene.List(
        graphene.NonNull(MaskedCredentialType),
        required=True,
        description="Masked; empty for the platform's account unless you are staff.",
    )

    class Meta:
        name = "CarrierAccount"
        description = "An account at a parcel carrier (GHN, GHTK) that prices shipping methods."

    @staticmethod
    def resolve_id(root, info):
        return global_id("CarrierAccount", root.pk)

    @staticmethod
    def resolve_carrier_name(root, info):
        return carrier_name(root.carrier)

    @staticmethod
    def resolve_is_platform(root, info):
        return root.vendor_id is None

    @staticmethod
    def resolve_connected(root, info):
        return root.is_active

    @staticmethod
    def resolve_credentials(root, info):
        if root.vendor_id is None and not is_staff(user_of(info)):
            return []
        masked = carrier_accounts.masked_credentials(account=root)
        return [MaskedCredentialType(key=k, masked=v) for k, v in masked.items()]


class ShippingMethodCarrierType(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    carrier_account = graphene.Field(CarrierAccountType)
    carrier_service = graphene.String(required=True)

    class Meta:
        name = "CarrierLinkedShippingMethod"
        description = "A producer's shipping method and the carrier account whose quote prices it."

    @staticmethod
    def resolve_id(root, info):
        return global_id("ShippingMethod", root.pk)


class CarrierCredentialInput(graphene.InputObjectType):
    key = graphene.String(required=True, description='"token", "shop_id"...')
    value = graphene.String(required=True)


def _credentials(items) -> dict:
    return {item.key: item.value for item in items or []}


def _account(info, id) -> CarrierAccount:
    return get_by_id(CarrierAccount.objects.select_related("vendor"), id, "CarrierAccount")


class CarrierAccountPayload(BaseMutation):
    carrier_account = graphene.Field(CarrierAccountType)

    class Meta:
        abstract = True


class CarrierAccountConnect(CarrierAccountPayload):
    class Arguments:
        vendor_id = graphene.ID(description="Omit for the platform's account (staff only).")
        carrier = graphene.Argument(CarrierCodeEnum, required=True)
        credentials = graphene.List(
            graphene.NonNull(CarrierCredentialInput),
            required=True,
            description="Write-only. GHN: token and shop_id; GHTK: token.",
        )

    class Meta:
        description = "Connect a producer's (or the platform's) account at a carrier."

    @classmethod
    def perform(cls, root, info, carrier, credentials, vendor_id=None):
        vendor = (
            get_by_id(Vendor.objects.all(), vendor_id, "Vendor", field="vendor_id")
            if vendor_id
            else None
        )
        account = carrier_accounts.carrier_account_connect(
            actor=user_of(info),
            vendor=vendor,
            carrier=getattr(carrier, "value", carrier),
            credentials=_credentials(credentials),
        )
        return {"carrier_account": account}


class CarrierAccountUpdate(CarrierAccountPayload):
    class Arguments:
        id = graphene.ID(required=True)
        credentials = graphene.List(
            graphene.NonNull(CarrierCredentialInput),
            required=True,
            description="Write-only; keys left out stay as they were.",
        )

    @classmethod
    def perform(cls, root, info, id, credentials):
        account = carrier_accounts.carrier_account_update(
            actor=user_of(info), account=_account(info, id), credentials=_credentials(credentials)
        )
        return {"carrier_account": account}


class CarrierAccountDisconnect(CarrierAccountPayload):
    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = (
            "Forget the credentials; the methods it priced are unavailable until relinked."
        )

    @classmethod
    def perform(cls, root, info, id):
        account = carrier_accounts.carrier_account_disconnect(
            actor=user_of(info), account=_account(info, id)
        )
        return {"carrier_account": account}


class ShippingMethodCarrierLink(BaseMutation):
    shipping_method = graphene.Field(ShippingMethodCarrierType)

    class Arguments:
        shipping_method_id = graphene.ID(required=True)
        carrier_account_id = graphene.ID(description="Omit to price it by its own rates again.")
        carrier_service = graphene.String(description="The carrier's service code; blank: default.")

    class Meta:
        description = "Price a shipping method by a carrier account's live quote."

    @classmethod
    def perform(cls, root, info, shipping_method_id, carrier_account_id=None, carrier_service=""):
        method = get_by_id(
            ShippingMethod.objects.select_related("vendor"),
            shipping_method_id,
            "ShippingMethod",
            field="shipping_method_id",
        )
        account = None
        if carrier_account_id:
            account = get_by_id(
                CarrierAccount.objects.all(),
                carrier_account_id,
                "CarrierAccount",
                field="carrier_account_id",
            )
        linked = shipping.shipping_method_carrier_link(
            actor=user_of(info),
            method=method,
            carrier_account=account,
            carrier_service=carrier_service or "",
        )
        return {"shipping_method": linked}


class CarrierAccountQueries(graphene.ObjectType):
    carrier_accounts = graphene.List(
        graphene.NonNull(CarrierAccountType),
        required=True,
        vendor_id=graphene.ID(required=True),
        description="A producer's carrier accounts and the platform's, for its owners and "
        "managers (and staff).",
    )

    @staticmethod
    def resolve_carrier_accounts(root, info, vendor_id):
        try:
            vendor = get_by_id(Vendor.objects.all(), vendor_id, "Vendor", field="vendor_id")
            require_vendor_role(user_of(info), vendor, LISTING_ROLES)
        except ServiceError:
            return []  # not theirs: nothing to see, not even whether it has any
        return list(CarrierAccount.objects.filter(vendor__in=[vendor.pk]) | _platform())


def _platform():
    return CarrierAccount.objects.filter(vendor__isnull=True, is_active=True)


class CarrierAccountMutations(graphene.ObjectType):
    carrier_account_connect = CarrierAccountConnect.Field()
    carrier_account_update = CarrierAccountUpdate.Field()
    carrier_account_disconnect = CarrierAccountDisconnect.Field()
    shipping_method_carrier_link = ShippingMethodCarrierLink.Field()
