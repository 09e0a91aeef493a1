"""Every vendor mutation, for the root schema."""

import graphene

from vendors.graphql.mutations_certificates import (
    OcopCertificateCreate,
    OcopCertificateReject,
    OcopCertificateRevoke,
    OcopCertificateVerify,
)
from vendors.graphql.mutations_onboarding import (
    VendorApplicationApprove,
    VendorApplicationCreate,
    VendorApplicationReject,
    VendorApplicationRequestChanges,
    VendorApplicationSubmit,
    VendorApplicationUpdate,
    VendorDocumentUpload,
)
from vendors.graphql.mutations_vendors import VendorMemberAdd, VendorMemberRemove, VendorUpdate


class VendorMutations(graphene.ObjectType):
    # The applicant
    vendor_application_create = VendorApplicationCreate.Field()
    vendor_application_update = VendorApplicationUpdate.Field()
    vendor_application_submit = VendorApplicationSubmit.Field()
    vendor_document_upload = VendorDocumentUpload.Field()
    # Producers
    vendor_update = VendorUpdate.Field()
    vendor_member_add = VendorMemberAdd.Field()
    vendor_member_remove = VendorMemberRemove.Field()
    ocop_certificate_create = OcopCertificateCreate.Field()
    # Staff
    vendor_application_approve = VendorApplicationApprove.Field()
    vendor_application_reject = VendorApplicationReject.Field()
    vendor_application_request_changes = VendorApplicationRequestChanges.Field()
    ocop_certificate_verify = OcopCertificateVerify.Field()
    ocop_certificate_reject = OcopCertificateReject.Field()
    ocop_certificate_revoke = OcopCertificateRevoke.Field()
