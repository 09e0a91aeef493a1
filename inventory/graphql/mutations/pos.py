"""Setting a showroom up with its POS: connections, the mapping table, syncs on demand and
the counter's bank account. Credentials go in and never come out."""

import graphene

from catalog.models import ProductVariant
from inventory.graphql import lookups
from inventory.graphql.pos_types import (
    PosConnectionType,
    PosMappingEnum,
    PosProviderEnum,
    PosSkuMappingType,
    ShowroomBankAccountType,
    visible_pos_connections,
)
from inventory.models import PosSkuMapping
from inventory.services import pos_connections as services
from marketplace.graphql.core.ids import get_by_id
from marketplace.graphql.core.mutations import BaseMutation, user_of


class PosCredentialsInput(graphene.InputObjectType):
    client_id = graphene.String(description="KiotViet.")
    client_secret = graphene.String(description="KiotViet.")
    access_token = graphene.String(description="Sapo, Haravan.")
    api_key = graphene.String(description="Sapo private apps, with apiSecret.")
    api_secret = graphene.String()
    webhook_secret = graphene.String(description="The secret webhooks are signed with.")
    verify_token = graphene.String(description="Haravan's webhook verify token.")

    class Meta:
        description = (
            "Write-only: stored encrypted, never returned. An empty value keeps the one stored."
        )


def _credentials(value) -> dict:
    return {k: v for k, v in dict(value or {}).items() if v is not None}


def _value(enum_value):
    return getattr(enum_value, "value", enum_value)


def connection(info, global_id, field="id"):
    queryset = visible_pos_connections(user_of(info)).select_related("location")
    return get_by_id(queryset, global_id, "PosConnection", field=field)


class PosConnectionCreateInput(graphene.InputObjectType):
    location_id = graphene.ID(required=True, description="The showroom.")
    provider = PosProviderEnum(required=True)
    account = graphene.String(
        required=True, description="KiotViet retailer, Sapo store, Haravan shop."
    )
    branch_id = graphene.String(
        required=True, description="The POS's id of this showroom's branch."
    )
    mapping = PosMappingEnum(description="SKU unless said otherwise.")
    push_sales = graphene.Boolean(description="Take counter sales off the POS's stock too.")
    credentials = PosCredentialsInput(required=True)


class PosConnectionUpdateInput(graphene.InputObjectType):
    account = graphene.String()
    branch_id = graphene.String()
    mapping = PosMappingEnum()
    push_sales = graphene.Boolean()
    paused = graphene.Boolean(description="A paused connection neither pulls nor applies webhooks.")
    credentials = PosCredentialsInput()


class PosConnectionCreate(BaseMutation):
    pos_connection = graphene.Field(PosConnectionType)

    class Arguments:
        input = PosConnectionCreateInput(required=True)

    class Meta:
        description = (
            "Connect a showroom to its POS (its managers and staff); a first full sync follows."
        )

    @classmethod
    def perform(cls, root, info, input):
        location = lookups.location(info, input["location_id"], "locationId")
        created = services.pos_connection_create(
            actor=user_of(info),
            location=location,
            provider=_value(input["provider"]),
            account=input["account"],
            branch_id=input["branch_id"],
            credentials=_credentials(input["credentials"]),
            mapping=_value(input.get("mapping") or "sku"),
            push_sales=bool(input.get("push_sales")),
        )
        return {"pos_connection": created}


class PosConnectionUpdate(BaseMutation):
    pos_connection = graphene.Field(PosConnectionType)

    class Arguments:
        id = graphene.ID(required=True)
        input = PosConnectionUpdateInput(required=True)

    class Meta:
        description = "Change a POS connection (its showroom's managers and staff)."

    @classmethod
    def perform(cls, root, info, id, input):
        changes = {k: _value(v) for k, v in input.items() if v is not None}
        if "credentials" in changes:
            changes["credentials"] = _credentials(input["credentials"])
        updated = services.pos_connection_update(
            actor=user_of(info), connection=connection(info, id), **changes
        )
        return {"pos_connection": updated}


class PosConnectionDelete(BaseMutation):
    deleted_id = graphene.ID()

    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = "Disconnect a showroom from its POS (stock stays as it is)."

    @classmethod
    def perform(cls, root, info, id):
        services.pos_connection_delete(actor=user_of(info), connection=connection(info, id))
        return {"deleted_id": id}


class PosConnectionSyncNow(BaseMutation):
    pos_connection = graphene.Field(PosConnectionType)

    class Arguments:
        id = graphene.ID(required=True)
        full = graphene.Boolean(description="Every count, not only those changed since the last.")

    class Meta:
        description = "Pull the counts now (managers, staff, or a device of the showroom)."

    @classmethod
    def perform(cls, root, info, id, full=False):
        synced = services.pos_connection_sync_request(
            actor=user_of(info), connection=connection(info, id), full=bool(full)
        )
        return {"pos_connection": synced}


class PosSkuMappingSet(BaseMutation):
    pos_sku_mapping = graphene.Field(PosSkuMappingType)

    class Arguments:
        connection_id = graphene.ID(required=True)
        external_code = graphene.String(required=True, description="The POS's item code.")
        variant_id = graphene.ID(required=True, description="A variant held here on consignment.")

    class Meta:
        description = "Map a POS item code to one of our variants (the mapping table)."

    @classmethod
    def perform(cls, root, info, connection_id, external_code, variant_id):
        found = connection(info, connection_id, "connectionId")
        variant = get_by_id(ProductVariant.objects.all(), variant_id, "ProductVariant",
                            field="variantId")  # fmt: skip
        mapping = services.pos_mapping_set(
            actor=user_of(info), connection=found, external_code=external_code, variant=variant
        )
        return {"pos_sku_mapping": mapping}


class PosSkuMappingDelete(BaseMutation):
    deleted_id = graphene.ID()

    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = "Remove a row of the mapping table."

    @classmethod
    def perform(cls, root, info, id):
        queryset = PosSkuMapping.objects.filter(
            connection__in=visible_pos_connections(user_of(info))
        ).select_related("connection__location")
        mapping = get_by_id(queryset, id, "PosSkuMapping")
        services.pos_mapping_delete(actor=user_of(info), mapping=mapping)
        return {"deleted_id": id}


class ShowroomBankAccountSet(BaseMutation):
    bank_account = graphene.Field(ShowroomBankAccountType)

    class Arguments:
        location_id = graphene.ID(required=True)
        bank_bin = graphene.String(required=True, description="The bank's NAPAS BIN (6 digits).")
        account_number = graphene.String(required=True)
        account_name = graphene.String(required=True)

    class Meta:
        description = "Set where the counter's VietQR payments go (the showroom's managers)."

    @classmethod
    def perform(cls, root, info, location_id, bank_bin, account_number, account_name):
        location = lookups.location(info, location_id, "locationId")
        account = services.showroom_bank_account_set(
            actor=user_of(info),
            location=location,
            bank_bin=bank_bin,
            account_number=account_number,
            account_name=account_name,
        )
        return {"bank_account": account}
