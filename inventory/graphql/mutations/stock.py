"""Counting and correcting stock: syncs from devices and spreadsheets, manual adjustments."""

import graphene

from catalog.models import ProductVariant
from inventory.access import require_location_access
from inventory.graphql import lookups
from inventory.graphql.records import StockSyncModeEnum, StockSyncResult
from inventory.graphql.types import StockType
from inventory.selectors import consigned_vendor_ids
from inventory.services import ledger
from inventory.services import sync as services
from marketplace.core.permissions import AppScope
from marketplace.graphql.core.ids import get_by_id
from marketplace.graphql.core.mutations import BaseMutation, user_of


class StockSyncItemInput(graphene.InputObjectType):
    sku = graphene.String(required=True)
    quantity = graphene.Int(
        description="SET: the units counted (0 to 1,000,000). ADJUST: units to add (negative "
        "to remove)."
    )
    expected_quantity = graphene.Int(
        description="SET only: apply only if the stored quantity is still this "
        "(compare-and-set); otherwise the line is STALE."
    )


class StockSyncInput(graphene.InputObjectType):
    location_id = graphene.ID(required=True)
    mode = StockSyncModeEnum(required=True)
    idempotency_key = graphene.String(
        required=True,
        description="Chosen by the client, one per sync (1 to 128 characters): sending the same "
        "sync again returns the first call's results and changes nothing.",
    )
    items = graphene.List(
        graphene.NonNull(StockSyncItemInput),
        required=True,
        description=f"At most {services.MAX_SYNC_ITEMS:,} lines, each SKU once.",
    )
    reason = graphene.String(description="Recorded with the movements.")


class StockSync(BaseMutation):
    app_scope = AppScope.STOCK_WRITE
    results = graphene.List(
        graphene.NonNull(StockSyncResult), description="One per item, in the order sent."
    )
    replayed = graphene.Boolean(
        description="True when this idempotency key was already used: the results are the "
        "first call's and nothing was applied now."
    )

    class Arguments:
        input = StockSyncInput(required=True)

    class Meta:
        description = (
            "Set or adjust a location's stock from a count, in one transaction. Lines that "
            "cannot apply (unknown SKU, not consigned here, stale, would go negative, invalid) "
            "are reported and never block the others."
        )

    @classmethod
    def perform(cls, root, info, input):
        location = lookups.location(info, input["location_id"], "locationId")
        items = [
            services.SyncItem(
                sku=item["sku"],
                quantity=item.get("quantity"),
                expected_quantity=item.get("expected_quantity"),
            )
            for item in input["items"]
        ]
        outcome = services.stock_sync(
            actor=user_of(info),
            location=location,
            mode=services.SyncMode(_value(input["mode"])),
            idempotency_key=input["idempotency_key"],
            items=items,
            reason=input.get("reason") or "",
        )
        return {"results": outcome.results, "replayed": outcome.replayed}


class StockAdjustInput(graphene.InputObjectType):
    location_id = graphene.ID(required=True)
    variant_id = graphene.ID(required=True)
    delta = graphene.Int(required=True, description="Units to add (negative to remove).")
    reason = graphene.String(required=True, description='e.g. "Vỡ khi vận chuyển".')


class StockAdjust(BaseMutation):
    app_scope = AppScope.STOCK_WRITE
    stock = graphene.Field(StockType)
    # The ledger names the stock's quantity; here the client sent it as `delta`.
    error_fields = {"variant": "variantId", "location": "locationId", "quantity": "delta"}

    class Arguments:
        input = StockAdjustInput(required=True)

    class Meta:
        description = (
            "Add or remove units of one variant at a location, with the reason; never below "
            "what orders have been allocated."
        )

    @classmethod
    def perform(cls, root, info, input):
        actor = user_of(info)
        location = lookups.location(info, input["location_id"], "locationId")
        # Only those who work here learn which variants the location may hold.
        require_location_access(actor, location)
        variants = ProductVariant.objects.filter(
            vendor_id__in=consigned_vendor_ids(location=location)
        ).select_related("product")
        variant = get_by_id(variants, input["variant_id"], "ProductVariant", field="variantId")
        stock = ledger.stock_adjust(
            actor=actor,
            location=location,
            variant=variant,
            delta=input["delta"],
            reason=input["reason"],
        )
        return {"stock": stock}


def _value(choice):
    """An enum argument's value (graphene hands over the enum member or the value)."""
    return getattr(choice, "value", choice)
