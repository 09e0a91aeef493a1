"""Consignment agreements between producers and showrooms (staff)."""

import graphene

from inventory.graphql import lookups
from inventory.graphql.records import ConsignmentAgreementType
from inventory.graphql.visibility import person
from inventory.services import consignment as services
from marketplace.graphql.core.ids import get_by_id
from marketplace.graphql.core.mutations import BaseMutation, user_of
from vendors.selectors import vendors_visible_to


class ConsignmentAgreementCreateInput(graphene.InputObjectType):
    vendor_id = graphene.ID(required=True)
    showroom_id = graphene.ID(required=True)
    commission_rate = graphene.Decimal(required=True, description="The showroom's, 0 to 100 %.")
    starts_on = graphene.Date(required=True)
    ends_on = graphene.Date(description="Open-ended when left out.")


class ConsignmentAgreementCreate(BaseMutation):
    agreement = graphene.Field(ConsignmentAgreementType)

    class Arguments:
        input = ConsignmentAgreementCreateInput(required=True)

    class Meta:
        description = (
            "Let a showroom hold a producer's goods on consignment for an agreed commission "
            "(staff). One agreement in force per producer and showroom."
        )

    @classmethod
    def perform(cls, root, info, input):
        actor = user_of(info)
        vendor = get_by_id(
            vendors_visible_to(person(actor)), input["vendor_id"], "Vendor", field="vendorId"
        )
        showroom = lookups.location(info, input["showroom_id"], "showroomId")
        agreement = services.consignment_agreement_create(
            actor=actor,
            vendor=vendor,
            showroom=showroom,
            commission_rate=input["commission_rate"],
            starts_on=input["starts_on"],
            ends_on=input.get("ends_on"),
        )
        return {"agreement": agreement}
