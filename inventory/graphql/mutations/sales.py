"""Over-the-counter sales at showrooms, recorded exactly once per device sale id."""

import graphene

from inventory.graphql import lookups
from inventory.graphql.records import PosPaymentMethodEnum, PosSaleType
from inventory.services.pos import PosLine
from marketplace.graphql.core.mutations import BaseMutation, user_of
from orders.services.counter_sales import counter_sale_record


class PosSaleLineInput(graphene.InputObjectType):
    sku = graphene.String(required=True)
    quantity = graphene.Int(required=True, description="Above 0.")
    unit_price = graphene.Int(required=True, description="Whole đồng, as charged.")


class PosSaleInput(graphene.InputObjectType):
    location_id = graphene.ID(required=True, description="The showroom.")
    client_sale_id = graphene.String(
        required=True,
        description="The device's own id for the sale (1 to 128 characters): sending it again "
        "returns the sale already recorded.",
    )
    lines = graphene.List(graphene.NonNull(PosSaleLineInput), required=True)
    paid_with = PosPaymentMethodEnum(required=True)


class PosSaleRecord(BaseMutation):
    sale = graphene.Field(PosSaleType)
    replayed = graphene.Boolean(
        description="True when this sale was recorded before: nothing was taken again."
    )

    class Arguments:
        input = PosSaleInput(required=True)

    class Meta:
        description = (
            "Record a sale over the counter at a showroom: takes the stock and records each "
            "line for its producer, with the showroom's commission from their agreement, in "
            "the producer's earnings as a sale the showroom collected."
        )

    @classmethod
    def perform(cls, root, info, input):
        location = lookups.location(info, input["location_id"], "locationId")
        outcome = counter_sale_record(
            actor=user_of(info),
            location=location,
            client_sale_id=input["client_sale_id"],
            lines=[
                PosLine(sku=line["sku"], quantity=line["quantity"], unit_price=line["unit_price"])
                for line in input["lines"]
            ],
            paid_with=getattr(input["paid_with"], "value", input["paid_with"]),
        )
        return {"sale": outcome.sale, "replayed": outcome.replayed}
