"""Every inventory mutation, for the root schema."""

import graphene

from inventory.graphql.mutations.consignment import ConsignmentAgreementCreate
from inventory.graphql.mutations.devices import LocationTokenCreate, LocationTokenRevoke
from inventory.graphql.mutations.pos import (
    PosConnectionCreate,
    PosConnectionDelete,
    PosConnectionSyncNow,
    PosConnectionUpdate,
    PosSkuMappingDelete,
    PosSkuMappingSet,
    ShowroomBankAccountSet,
)
from inventory.graphql.mutations.sales import PosSaleRecord
from inventory.graphql.mutations.stock import StockAdjust, StockSync
from inventory.graphql.mutations.transfers import TransferCancel, TransferCreate, TransferReceive


class InventoryMutations(graphene.ObjectType):
    # Showroom devices and whoever works at a location
    stock_sync = StockSync.Field()
    stock_adjust = StockAdjust.Field()
    pos_sale_record = PosSaleRecord.Field()
    transfer_receive = TransferReceive.Field()
    # Managers of a location
    location_token_create = LocationTokenCreate.Field()
    location_token_revoke = LocationTokenRevoke.Field()
    pos_connection_create = PosConnectionCreate.Field()
    pos_connection_update = PosConnectionUpdate.Field()
    pos_connection_delete = PosConnectionDelete.Field()
    pos_sku_mapping_set = PosSkuMappingSet.Field()
    pos_sku_mapping_delete = PosSkuMappingDelete.Field()
    showroom_bank_account_set = ShowroomBankAccountSet.Field()
    # Managers, staff and the showroom's devices
    pos_connection_sync_now = PosConnectionSyncNow.Field()
    # Producers
    transfer_create = TransferCreate.Field()
    transfer_cancel = TransferCancel.Field()
    # Staff
    consignment_agreement_create = ConsignmentAgreementCreate.Field()
