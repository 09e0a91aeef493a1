"""OCOP certificates through the API: producers record them with their scan; staff verify,
reject or revoke them."""

import graphene

from catalog.models import Category
from marketplace.graphql.core.ids import get_by_id
from marketplace.graphql.core.mutations import BaseMutation, user_of
from marketplace.graphql.core.types import Upload
from vendors.graphql.inputs import enum_value
from vendors.graphql.types import CertificateLevelEnum, OcopCertificateType
from vendors.models import OcopCertificate
from vendors.selectors import certificates_visible_to, vendors_visible_to
from vendors.services import certificates


class OcopCertificateCreateInput(graphene.InputObjectType):
    vendor_id = graphene.ID(required=True, description="The producer it was issued to.")
    product_name = graphene.String(required=True, description="The product it recognises.")
    product_set_id = graphene.ID(
        required=True, description="A product set (the most detailed level of the taxonomy)."
    )
    decision_number = graphene.String(required=True, description='e.g. "1234/QĐ-UBND".')
    decision_date = graphene.Date(required=True)
    issuing_body = graphene.String(required=True, description='e.g. "UBND tỉnh Sơn La".')
    level = CertificateLevelEnum(required=True)
    stars = graphene.Int(required=True, description="3 or 4 (province), 5 (central).")
    score = graphene.Int(required=True, description="Out of 100, inside the stars' band.")
    document = Upload(required=True, description="The scanned decision: PDF, JPEG or PNG.")


def _certificate(info, global_id: str) -> OcopCertificate:
    """A certificate the caller may see; others look unknown (NOT_FOUND)."""
    return get_by_id(certificates_visible_to(user_of(info)), global_id, "OcopCertificate")


class OcopCertificateCreate(BaseMutation):
    certificate = graphene.Field(OcopCertificateType)
    error_fields = {"product_set": "productSetId"}

    class Arguments:
        input = OcopCertificateCreateInput(required=True)

    class Meta:
        description = (
            "Record a producer's OCOP recognition decision with its scan (owners and managers); "
            "staff then verify it. Sent as a GraphQL multipart request."
        )

    @classmethod
    def perform(cls, root, info, input):
        actor = user_of(info)
        vendor = get_by_id(vendors_visible_to(actor), input.vendor_id, "Vendor", field="vendor_id")
        product_set = get_by_id(
            Category.objects.all(), input.product_set_id, "Category", field="product_set_id"
        )
        certificate = certificates.certificate_create(
            vendor=vendor,
            actor=actor,
            product_name=input.product_name,
            product_set=product_set,
            decision_number=input.decision_number,
            decision_date=input.decision_date,
            issuing_body=input.issuing_body,
            level=enum_value(input.level),
            stars=input.stars,
            score=input.score,
            document=input.document,
        )
        return {"certificate": certificate}


class _Review(BaseMutation):
    certificate = graphene.Field(OcopCertificateType)

    class Arguments:
        id = graphene.ID(required=True)
        note = graphene.String(description="Shown to the producer.")

    class Meta:
        abstract = True

    review = None  # the certificates service

    @classmethod
    def perform(cls, root, info, id, note=None):
        certificate = cls.review(
            certificate=_certificate(info, id), actor=user_of(info), note=note or ""
        )
        return {"certificate": certificate}


class OcopCertificateVerify(_Review):
    class Meta:
        description = "Confirm a pending certificate against the decision: its stars show (staff)."

    review = staticmethod(certificates.certificate_verify)


class OcopCertificateReject(_Review):
    class Meta:
        description = "Refuse a pending certificate, saying why in the note (staff)."

    review = staticmethod(certificates.certificate_reject)


class OcopCertificateRevoke(BaseMutation):
    certificate = graphene.Field(OcopCertificateType)

    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String(description="Why the decision no longer holds.")

    class Meta:
        description = "Withdraw a certificate whose decision was annulled: products lose its stars."

    @classmethod
    def perform(cls, root, info, id, reason=None):
        certificate = certificates.certificate_revoke(
            certificate=_certificate(info, id), actor=user_of(info), reason=reason or ""
        )
        return {"certificate": certificate}
