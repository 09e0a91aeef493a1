"""A producer's own details and its members."""

import graphene

from marketplace.graphql.core.ids import get_by_id, global_id
from marketplace.graphql.core.mutations import BaseMutation, user_of
from marketplace.graphql.core.types import Upload
from vendors.graphql.inputs import (
    DETAIL_ERROR_FIELDS,
    details_from_input,
    enum_value,
)
from vendors.graphql.types import VendorMemberRoleEnum, VendorMemberType, VendorType
from vendors.graphql.viewer import forget_memberships
from vendors.models import Vendor
from vendors.selectors import memberships_visible_to, vendors_visible_to
from vendors.services import vendors as vendor_services


class VendorUpdateInput(graphene.InputObjectType):
    display_name = graphene.String()
    commune_code = graphene.String(description="Five-digit commune code.")
    street_address = graphene.String()
    phone = graphene.String(description="A Vietnamese phone number.")
    email = graphene.String()
    story = graphene.String(description="HTML; scripts and unknown tags are removed.")
    logo = Upload(description="JPEG, PNG or WebP; sent as a GraphQL multipart request.")

    class Meta:
        description = (
            "What a producer changes itself; the legal name, tax code and kind change through "
            "staff. Fields left out stay as they are."
        )


def _vendor(info, id_: str, field: str) -> Vendor:
    return get_by_id(vendors_visible_to(user_of(info)), id_, "Vendor", field=field)


class VendorUpdate(BaseMutation):
    vendor = graphene.Field(VendorType)
    error_fields = DETAIL_ERROR_FIELDS

    class Arguments:
        id = graphene.ID(required=True)
        input = VendorUpdateInput(required=True)

    class Meta:
        description = "Change a producer's public details (owners, managers and staff)."

    @classmethod
    def perform(cls, root, info, id, input):
        vendor = _vendor(info, id, "id")
        details = dict(input)
        logo = details.pop("logo", None)
        vendor = vendor_services.vendor_update(
            vendor=vendor, actor=user_of(info), logo=logo, **details_from_input(details)
        )
        return {"vendor": vendor}


class VendorMemberAdd(BaseMutation):
    membership = graphene.Field(VendorMemberType)

    class Arguments:
        vendor_id = graphene.ID(required=True)
        email = graphene.String(required=True, description="Of someone who has an account.")
        role = VendorMemberRoleEnum(required=True)

    class Meta:
        description = "Let someone with an account act for the producer (owners)."

    @classmethod
    def perform(cls, root, info, vendor_id, email, role):
        vendor = _vendor(info, vendor_id, "vendor_id")
        membership = vendor_services.member_add_by_email(
            vendor=vendor, actor=user_of(info), email=email, role=enum_value(role)
        )
        forget_memberships(info)
        return {"membership": membership}


class VendorMemberRemove(BaseMutation):
    vendor = graphene.Field(VendorType)
    removed_membership_id = graphene.ID(description="The ID of the membership removed.")
    error_fields = {"member": "membershipId"}

    class Arguments:
        membership_id = graphene.ID(required=True)

    class Meta:
        description = "Stop someone acting for the producer (owners; one owner always stays)."

    @classmethod
    def perform(cls, root, info, membership_id):
        membership = get_by_id(
            memberships_visible_to(user_of(info)).select_related("vendor"),
            membership_id,
            "VendorMembership",
            field="membership_id",
        )
        vendor_services.member_remove(member=membership, actor=user_of(info))
        forget_memberships(info)
        return {
            "vendor": membership.vendor,
            "removed_membership_id": global_id("VendorMembership", membership.pk),
        }
