"""Inventory: where goods are (producers' warehouses, OCOP showrooms), how many, and every
change to that, with the consignment agreements, transfers, device tokens and over-the-counter
sales that move them."""

from inventory.models.connections import (
    PosConnection,
    PosItem,
    PosSalePush,
    PosSkuMapping,
    PosWebhookEvent,
    ShowroomBankAccount,
)
from inventory.models.consignment import ConsignmentAgreement
from inventory.models.devices import LocationToken
from inventory.models.locations import Location, ShowroomOperator, ShowroomOperatorMember
from inventory.models.sales import PosSale, PosSaleLine
from inventory.models.stock import Stock, StockMovement, StockSyncRequest
from inventory.models.transfers import Transfer, TransferLine

__all__ = [
    "ConsignmentAgreement",
    "Location",
    "LocationToken",
    "PosConnection",
    "PosItem",
    "PosSale",
    "PosSaleLine",
    "PosSalePush",
    "PosSkuMapping",
    "PosWebhookEvent",
    "ShowroomBankAccount",
    "ShowroomOperator",
    "ShowroomOperatorMember",
    "Stock",
    "StockMovement",
    "StockSyncRequest",
    "Transfer",
    "TransferLine",
]
