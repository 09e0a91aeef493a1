"""Onboarding through the API: the applicant drafts, uploads and submits; staff decide."""

import graphene

from marketplace.graphql.core.ids import get_by_id
from marketplace.graphql.core.mutations import BaseMutation, user_of
from marketplace.graphql.core.types import Upload
from vendors.graphql.inputs import (
    DETAIL_ERROR_FIELDS,
    details_from_input,
    enum_value,
)
from vendors.graphql.types import (
    ApplicationDocumentKindEnum,
    ApplicationDocumentType,
    OnboardingApplicationType,
    VendorKindEnum,
    VendorType,
)
from vendors.models import OnboardingApplication
from vendors.selectors import applications_visible_to
from vendors.services import onboarding


class VendorApplicationInput(graphene.InputObjectType):
    legal_name = graphene.String(description="As on the business registration.")
    display_name = graphene.String(description="The name shoppers see.")
    kind = VendorKindEnum()
    tax_code = graphene.String(description="10 digits, or 10-3 for a branch (0100233488-001).")
    commune_code = graphene.String(description="Five-digit commune code.")
    street_address = graphene.String()
    phone = graphene.String(description="A Vietnamese phone number.")
    email = graphene.String()
    story = graphene.String(description="HTML; scripts and unknown tags are removed.")

    class Meta:
        description = (
            "Producer details. A draft may be incomplete; submitting needs the legal name, "
            "display name, kind, tax code, commune and phone. On update, fields left out stay "
            "as they are and null clears one."
        )


def _application(info, global_id: str, field: str = "id") -> OnboardingApplication:
    """An application the caller may see; others look unknown (NOT_FOUND)."""
    return get_by_id(
        applications_visible_to(user_of(info)), global_id, "OnboardingApplication", field=field
    )


class VendorApplicationCreate(BaseMutation):
    application = graphene.Field(OnboardingApplicationType)
    error_fields = DETAIL_ERROR_FIELDS

    class Arguments:
        input = VendorApplicationInput(required=True)

    class Meta:
        description = "Start an application to sell on the marketplace (logged-in users)."

    @classmethod
    def perform(cls, root, info, input):
        application = onboarding.application_create(
            applicant=user_of(info), **details_from_input(input)
        )
        return {"application": application}


class VendorApplicationUpdate(BaseMutation):
    application = graphene.Field(OnboardingApplicationType)
    error_fields = DETAIL_ERROR_FIELDS

    class Arguments:
        id = graphene.ID(required=True)
        input = VendorApplicationInput(required=True)

    class Meta:
        description = "Change a draft, or an application staff asked changes of (applicant)."

    @classmethod
    def perform(cls, root, info, id, input):
        application = _application(info, id)
        application = onboarding.application_update(
            application=application, actor=user_of(info), **details_from_input(input)
        )
        return {"application": application}


class VendorApplicationSubmit(BaseMutation):
    application = graphene.Field(OnboardingApplicationType)
    error_fields = DETAIL_ERROR_FIELDS

    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = (
            "Send the application to staff (applicant); it needs the business registration."
        )

    @classmethod
    def perform(cls, root, info, id):
        application = _application(info, id)
        application = onboarding.application_submit(application=application, actor=user_of(info))
        return {"application": application}


class VendorDocumentUpload(BaseMutation):
    document = graphene.Field(ApplicationDocumentType)
    application = graphene.Field(OnboardingApplicationType)

    class Arguments:
        application_id = graphene.ID(required=True)
        kind = ApplicationDocumentKindEnum(required=True)
        file = Upload(required=True, description="PDF, JPEG or PNG, at most 10 MB.")

    class Meta:
        description = (
            "Attach a document to an application (applicant), sent as a GraphQL multipart request."
        )

    @classmethod
    def perform(cls, root, info, application_id, kind, file):
        application = _application(info, application_id, field="application_id")
        document = onboarding.application_document_upload(
            application=application, actor=user_of(info), kind=enum_value(kind), file=file
        )
        return {"document": document, "application": document.application}


class _Decision(BaseMutation):
    """A staff decision on a submitted application, with a note for the applicant."""

    application = graphene.Field(OnboardingApplicationType)

    class Arguments:
        id = graphene.ID(required=True)
        note = graphene.String(description="Shown to the applicant.")

    class Meta:
        abstract = True

    decide = None  # the onboarding service

    @classmethod
    def perform(cls, root, info, id, note=None):
        application = _application(info, id)
        application = cls.decide(application=application, actor=user_of(info), note=note or "")
        return {"application": application}


class VendorApplicationApprove(_Decision):
    vendor = graphene.Field(VendorType, description="The producer just created.")

    class Meta:
        description = "Approve a submitted application: create the producer and its owner (staff)."

    @classmethod
    def perform(cls, root, info, id, note=None):
        application = _application(info, id)
        vendor = onboarding.application_approve(
            application=application, actor=user_of(info), note=note or ""
        )
        application.refresh_from_db()
        return {"application": application, "vendor": vendor}


class VendorApplicationReject(_Decision):
    class Meta:
        description = "Turn a submitted application down, saying why in the note (staff)."

    decide = staticmethod(onboarding.application_reject)


class VendorApplicationRequestChanges(_Decision):
    class Meta:
        description = (
            "Send a submitted application back to its applicant with the note saying what to "
            "change (staff)."
        )

    decide = staticmethod(onboarding.application_request_changes)
