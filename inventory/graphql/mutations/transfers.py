"""Transfers: a producer sends goods from its warehouse; the showroom receives them."""

import graphene

from inventory.graphql import lookups
from inventory.graphql.records import TransferType
from inventory.graphql.visibility import visible_variants
from inventory.services import transfers as services
from marketplace.graphql.core.ids import decode_id
from marketplace.graphql.core.mutations import BaseMutation, user_of


class TransferLineInput(graphene.InputObjectType):
    variant_id = graphene.ID(required=True)
    quantity = graphene.Int(required=True, description="Units sent, above 0.")


class TransferCreateInput(graphene.InputObjectType):
    source_id = graphene.ID(required=True, description="The producer's warehouse.")
    destination_id = graphene.ID(
        required=True,
        description="A showroom with a consignment agreement in force, or another warehouse of "
        "the producer.",
    )
    lines = graphene.List(graphene.NonNull(TransferLineInput), required=True)
    note = graphene.String()


class TransferReceiveLineInput(graphene.InputObjectType):
    variant_id = graphene.ID(required=True)
    quantity_received = graphene.Int(required=True, description="0 to the units sent.")


class TransferPayload(BaseMutation):
    transfer = graphene.Field(TransferType)

    class Meta:
        abstract = True


class TransferCreate(TransferPayload):
    class Arguments:
        input = TransferCreateInput(required=True)

    class Meta:
        description = (
            "Send goods from a producer's warehouse (its members and staff): they leave the "
            "warehouse's stock now and are in transit until received."
        )

    @classmethod
    def perform(cls, root, info, input):
        source = lookups.location(info, input["source_id"], "sourceId")
        destination = lookups.location(info, input["destination_id"], "destinationId")
        lines = input["lines"]
        variants = lookups.rows_by_ids(
            visible_variants(user_of(info)),
            [line["variant_id"] for line in lines],
            "ProductVariant",
            "lines.{i}.variantId",
        )
        transfer = services.transfer_create(
            actor=user_of(info),
            source=source,
            destination=destination,
            lines=[
                services.TransferLineInput(variant=variant, quantity=line["quantity"])
                for variant, line in zip(variants, lines, strict=True)
            ],
            note=input.get("note") or "",
        )
        return {"transfer": transfer}


class TransferReceive(TransferPayload):
    class Arguments:
        id = graphene.ID(required=True)
        lines = graphene.List(
            graphene.NonNull(TransferReceiveLineInput),
            description="What arrived, where it differs from what was sent; lines left out "
            "arrived whole.",
        )

    class Meta:
        description = (
            "Receive a transfer at its destination (whoever works there, its devices too): "
            "the units that arrived join its stock; a shortfall is recorded."
        )

    @classmethod
    def perform(cls, root, info, id, lines=None):
        transfer = lookups.transfer(info, id)
        received = {
            decode_id(line["variant_id"], "ProductVariant", field=f"lines.{i}.variantId"): line[
                "quantity_received"
            ]
            for i, line in enumerate(lines or ())
        }
        transfer = services.transfer_receive(
            actor=user_of(info), transfer=transfer, received=received
        )
        return {"transfer": transfer}


class TransferCancel(TransferPayload):
    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = (
            "Call off a transfer still in transit (the producer's members and staff): the goods "
            "go back into the warehouse's stock."
        )

    @classmethod
    def perform(cls, root, info, id):
        transfer = lookups.transfer(info, id)
        transfer = services.transfer_cancel(actor=user_of(info), transfer=transfer)
        return {"transfer": transfer}
