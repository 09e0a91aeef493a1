"""Producers, their members, onboarding applications and OCOP certificates.

Private details resolve to null for people who may not see them (see `viewer.sees_private`);
rows they may not see at all are left out by each type's `get_queryset` and by the queries.
"""

import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from marketplace.geography.graphql.types import CommuneType, ProvinceType
from vendors import selectors
from vendors.graphql import prefetch
from vendors.graphql.viewer import absolute_url, download_url, sees_private, viewer
from vendors.models import (
    ApplicationDocument,
    ApplicationEvent,
    OcopCertificate,
    OnboardingApplication,
    Vendor,
    VendorKind,
    VendorMember,
)

VendorKindEnum = graphene.Enum.from_enum(
    VendorKind, name="VendorKind", description="The legal form of a producer."
)
VendorMemberRoleEnum = graphene.Enum.from_enum(
    VendorMember.Role,
    name="VendorMemberRole",
    description="Owners manage members; owners and managers listings and certificates; every "
    "member stock and orders.",
)
VendorStatusEnum = graphene.Enum.from_enum(
    Vendor.Status,
    name="VendorStatus",
    description="A suspended producer and its products are hidden from shoppers.",
)
ApplicationStatusEnum = graphene.Enum.from_enum(
    OnboardingApplication.Status,
    name="OnboardingApplicationStatus",
    description="Draft -> submitted -> approved, rejected or changes requested (then "
    "submitted again).",
)
ApplicationDocumentKindEnum = graphene.Enum.from_enum(
    ApplicationDocument.Kind, name="ApplicationDocumentKind"
)
CertificateLevelEnum = graphene.Enum.from_enum(
    OcopCertificate.Level,
    name="OcopCertificateLevel",
    description="Provinces recognise 3 and 4 stars, the central council 5 stars.",
)
CertificateVerificationEnum = graphene.Enum.from_enum(
    OcopCertificate.Verification,
    name="OcopCertificateVerification",
    description="Where staff's check of a recorded certificate stands.",
)


class Person(graphene.ObjectType):
    email = graphene.String(required=True)
    full_name = graphene.String(required=True)

    class Meta:
        description = "Someone named in a producer's or an application's records."


def _private(attribute: str):
    """A resolver giving `attribute` to the producer's members and staff, null to others."""

    def resolve(root, info):
        return getattr(root, attribute) if sees_private(info, root.pk) else None

    return staticmethod(resolve)


class VendorType(DjangoObjectType):
    name = graphene.String(required=True, description="Display name.")
    legal_name = graphene.String(required=True, description="Name on the business registration.")
    slug = graphene.String(required=True)
    kind = graphene.Field(VendorKindEnum, required=True)
    province = graphene.Field(ProvinceType, required=True)
    commune = graphene.Field(CommuneType, required=True)
    street_address = graphene.String(required=True)
    story = graphene.String(required=True, description="Sanitised HTML.")
    logo_url = graphene.String(description="Absolute URL of the logo, if there is one.")
    created_at = graphene.DateTime(required=True)
    # Private: null unless the viewer is a member of the producer or staff.
    tax_code = graphene.String(description="Mã số thuế. Members and staff only.")
    phone = graphene.String(description="E.164, e.g. +84912345678. Members and staff only.")
    email = graphene.String(description="Members and staff only.")
    status = graphene.Field(VendorStatusEnum, description="Members and staff only.")
    commission_rate = graphene.Decimal(
        description="The marketplace's commission, in percent. Members and staff only."
    )
    members = graphene.List(
        graphene.NonNull(lambda: VendorMemberType),
        description="Who acts for the producer. Members and staff only.",
    )

    class Meta:
        model = Vendor
        name = "Vendor"
        interfaces = (relay.Node,)
        fields = (
            "name", "legal_name", "slug", "kind", "commune", "street_address", "story",
            "created_at", "tax_code", "phone", "email", "status", "commission_rate", "members",
        )  # fmt: skip
        description = (
            "A certified OCOP producer (chủ thể OCOP). Suspended producers are visible only to "
            "their members and staff."
        )

    @classmethod
    def get_queryset(cls, queryset, info):
        return queryset.filter(
            pk__in=selectors.vendors_visible_to(viewer(info)).values("pk")
        ).select_related("commune__province")

    @staticmethod
    def resolve_province(root, info):
        return root.commune.province

    # Types as strings and the resolver's import inside it: the catalogue's types refer to
    # this module, so nothing of the catalogue is imported while it loads.
    products = relay.ConnectionField(
        "catalog.graphql.types.ProductConnection",
        search=graphene.String(
            description="Words in the name, with or without diacritics; all must appear."
        ),
        filter=graphene.Argument("catalog.graphql.filters.ProductFilterInput"),
        sort_by=graphene.Argument(
            "catalog.graphql.filters.ProductSortingInput", description="RANK when left out."
        ),
        description="The producer's published products (its members and staff may ask for "
        "others with `filter.statuses`). 20 a page unless `first` or `last` says otherwise; at "
        "most 100.",
    )

    @staticmethod
    def resolve_products(root, info, **args):
        from catalog.graphql.listing import resolve_vendor_products

        return resolve_vendor_products(root, info, **args)

    @staticmethod
    def resolve_logo_url(root, info):
        return absolute_url(info, root.logo.url) if root.logo else None

    resolve_tax_code = _private("tax_code")
    resolve_phone = _private("phone")
    resolve_email = _private("email")
    resolve_status = _private("status")
    resolve_commission_rate = _private("commission_rate")

    @staticmethod
    def resolve_members(root, info):
        return prefetch.related(root, prefetch.members()) if sees_private(info, root.pk) else None


class VendorMemberType(DjangoObjectType):
    vendor = graphene.Field(VendorType, required=True)
    role = graphene.Field(VendorMemberRoleEnum, required=True)
    user = graphene.Field(Person, required=True)
    created_at = graphene.DateTime(required=True)

    class Meta:
        model = VendorMember
        name = "VendorMembership"
        interfaces = (relay.Node,)
        fields = ("vendor", "role", "user", "created_at")
        description = "Someone's role in a producer."

    @classmethod
    def get_queryset(cls, queryset, info):
        return queryset.filter(
            pk__in=selectors.memberships_visible_to(viewer(info)).values("pk")
        ).select_related("user", "vendor__commune__province")

    @staticmethod
    def resolve_user(root, info):
        return Person(email=root.user.email, full_name=root.user.full_name)


class ApplicationDocumentType(DjangoObjectType):
    kind = graphene.Field(ApplicationDocumentKindEnum, required=True)
    original_name = graphene.String(required=True, description="The name it was uploaded with.")
    content_type = graphene.String(required=True, description="Judged by the content.")
    size = graphene.Int(required=True, description="Bytes.")
    uploaded_at = graphene.DateTime(required=True)
    url = graphene.String(
        required=True,
        description="Download link; it serves the file only to the applicant and staff.",
    )

    class Meta:
        model = ApplicationDocument
        name = "ApplicationDocument"
        interfaces = (relay.Node,)
        fields = ("kind", "original_name", "content_type", "size", "uploaded_at")
        description = "A document supporting an onboarding application."

    @classmethod
    def get_queryset(cls, queryset, info):
        return queryset.filter(
            pk__in=selectors.application_documents_visible_to(viewer(info)).values("pk")
        )

    @staticmethod
    def resolve_url(root, info):
        return download_url(info, "vendors:application-document", root.pk)


class ApplicationEventType(graphene.ObjectType):
    from_status = graphene.Field(
        ApplicationStatusEnum, description="Null for the event that created the application."
    )
    to_status = graphene.Field(ApplicationStatusEnum, required=True)
    actor = graphene.Field(Person, required=True)
    note = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)

    class Meta:
        name = "ApplicationEvent"
        description = "One move of an application: from, to, who, when and why."

    @staticmethod
    def resolve_from_status(root: ApplicationEvent, info):
        return root.from_status or None

    @staticmethod
    def resolve_actor(root: ApplicationEvent, info):
        return Person(email=root.actor.email, full_name=root.actor.full_name)


class OnboardingApplicationType(DjangoObjectType):
    status = graphene.Field(ApplicationStatusEnum, required=True)
    is_editable = graphene.Boolean(
        required=True, description="The applicant may change it (a draft, or changes requested)."
    )
    applicant = graphene.Field(Person, required=True)
    legal_name = graphene.String(required=True)
    display_name = graphene.String(required=True)
    kind = graphene.Field(VendorKindEnum)
    tax_code = graphene.String(required=True)
    commune = graphene.Field(CommuneType)
    street_address = graphene.String(required=True)
    phone = graphene.String(required=True)
    email = graphene.String(required=True)
    story = graphene.String(required=True, description="Sanitised HTML.")
    documents = graphene.List(graphene.NonNull(ApplicationDocumentType), required=True)
    events = graphene.List(
        graphene.NonNull(ApplicationEventType), required=True, description="Oldest first."
    )
    vendor = graphene.Field(VendorType, description="The producer, once approved.")
    created_at = graphene.DateTime(required=True)
    submitted_at = graphene.DateTime(description="The last submission.")
    decided_at = graphene.DateTime(description="When it was approved or rejected.")

    class Meta:
        model = OnboardingApplication
        name = "OnboardingApplication"
        interfaces = (relay.Node,)
        fields = (
            "status", "legal_name", "display_name", "kind", "tax_code", "commune",
            "street_address", "phone", "email", "story", "documents", "events", "vendor",
            "created_at", "submitted_at", "decided_at",
        )  # fmt: skip
        description = (
            "A request to join the marketplace as a producer. Only its applicant and staff see it."
        )

    @classmethod
    def get_queryset(cls, queryset, info):
        return queryset.filter(
            pk__in=selectors.applications_visible_to(viewer(info)).values("pk")
        ).select_related("applicant", "commune__province", "vendor__commune__province")

    @staticmethod
    def resolve_applicant(root, info):
        return Person(email=root.applicant.email, full_name=root.applicant.full_name)

    @staticmethod
    def resolve_kind(root, info):
        return root.kind or None

    @staticmethod
    def resolve_documents(root, info):
        return prefetch.related(root, prefetch.documents())

    @staticmethod
    def resolve_events(root, info):
        return prefetch.related(root, prefetch.events())


class OcopCertificateType(DjangoObjectType):
    vendor = graphene.Field(VendorType, required=True)
    product_name = graphene.String(required=True, description="The product it recognises.")
    product_set = graphene.Field(
        "catalog.graphql.types.CategoryType",
        required=True,
        description="The product set (bộ sản phẩm) of the taxonomy it was scored in.",
    )
    decision_number = graphene.String(required=True)
    decision_date = graphene.Date(required=True)
    issuing_body = graphene.String(required=True)
    level = graphene.Field(CertificateLevelEnum, required=True)
    stars = graphene.Int(required=True, description="3, 4 or 5.")
    score = graphene.Int(required=True, description="Out of 100.")
    valid_until = graphene.Date(required=True, description="36 months after the decision.")
    verification_status = graphene.Field(CertificateVerificationEnum, required=True)
    is_current = graphene.Boolean(
        required=True,
        description="Verified, not revoked and not expired: products show its stars.",
    )
    revoked = graphene.Boolean(required=True, description="The decision was withdrawn.")
    # Private: null unless the viewer is a member of the producer or staff.
    review_note = graphene.String(description="Staff's note. Members and staff only.")
    revoked_reason = graphene.String(description="Members and staff only.")
    document_url = graphene.String(
        description="Download link of the scanned decision. Members and staff only."
    )
    created_at = graphene.DateTime(required=True)

    class Meta:
        model = OcopCertificate
        name = "OcopCertificate"
        interfaces = (relay.Node,)
        fields = (
            "vendor", "product_name", "product_set", "decision_number", "decision_date",
            "issuing_body", "level", "stars", "score", "valid_until", "verification_status",
            "revoked", "review_note", "revoked_reason", "created_at",
        )  # fmt: skip
        description = (
            "An OCOP recognition decision for one product of a producer. Verified ones are "
            "public; pending, rejected and revoked ones only their producer's members and staff "
            "see."
        )

    @classmethod
    def get_queryset(cls, queryset, info):
        return queryset.filter(
            pk__in=selectors.certificates_visible_to(viewer(info)).values("pk")
        ).select_related("vendor__commune__province", "product_set__parent__parent")

    @staticmethod
    def resolve_is_current(root, info):
        return root.is_current()

    @staticmethod
    def resolve_review_note(root, info):
        return root.review_note if sees_private(info, root.vendor_id) else None

    @staticmethod
    def resolve_revoked_reason(root, info):
        return root.revoked_reason if sees_private(info, root.vendor_id) else None

    @staticmethod
    def resolve_document_url(root, info):
        if not root.document or not sees_private(info, root.vendor_id):
            return None
        return download_url(info, "vendors:certificate-document", root.pk)
