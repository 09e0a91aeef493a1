"""Reading producers, onboarding applications and OCOP certificates.

What a viewer may not see is left out exactly as if it did not exist: lists skip it and single
look-ups return null. An anonymous visitor asking for applications gets an empty list.
"""

import graphene
from django.db.models import Q
from django.utils.translation import gettext as _
from graphql import GraphQLError

from marketplace.core.errors import ServiceError
from marketplace.core.permissions import is_staff
from marketplace.core.text import fold
from marketplace.geography.selectors import resolve_provinces
from marketplace.graphql.core.connections import connection_field, connection_type, paginate
from marketplace.graphql.core.ids import decode_id
from vendors import selectors
from vendors.graphql import prefetch
from vendors.graphql.inputs import enum_value
from vendors.graphql.types import (
    ApplicationStatusEnum,
    CertificateVerificationEnum,
    OcopCertificateType,
    OnboardingApplicationType,
    VendorKindEnum,
    VendorStatusEnum,
    VendorType,
)
from vendors.graphql.viewer import viewer
from vendors.models import Vendor

VendorConnection = connection_type(VendorType)
OnboardingApplicationConnection = connection_type(OnboardingApplicationType)
OcopCertificateConnection = connection_type(OcopCertificateType)


class VendorFilterInput(graphene.InputObjectType):
    search = graphene.String(
        description="Part of the display or legal name, with or without diacritics."
    )
    provinces = graphene.List(
        graphene.NonNull(graphene.String),
        description='Province codes or names, current or pre-2025 ("06", "Bắc Kạn").',
    )
    kinds = graphene.List(graphene.NonNull(VendorKindEnum))
    statuses = graphene.List(
        graphene.NonNull(VendorStatusEnum),
        description="Staff only; active producers unless given. Others always get active ones.",
    )


class VendorApplicationFilterInput(graphene.InputObjectType):
    status = ApplicationStatusEnum()


class OcopCertificateFilterInput(graphene.InputObjectType):
    vendor = graphene.ID(description="A producer's ID.")
    verification_status = CertificateVerificationEnum()
    current = graphene.Boolean(
        description="true: verified, unrevoked and unexpired only; false: the others."
    )


def _pk(global_id: str, type_name: str, argument: str) -> int:
    """A malformed or wrong-type ID in a query is the client's mistake: a GraphQL error."""
    try:
        return decode_id(global_id, type_name, field=argument)
    except ServiceError as exc:
        error = exc.errors[0]
        raise GraphQLError(
            f"`{argument}`: {error.message}", extensions={"code": error.code.value}
        ) from None


def filter_vendors(queryset, filters, *, staff: bool):
    statuses = [enum_value(s) for s in filters.get("statuses") or ()] or [Vendor.Status.ACTIVE]
    if not staff:
        # The directory is of active producers; members find their suspended one through `me`.
        statuses = [s for s in statuses if s == Vendor.Status.ACTIVE]
    queryset = queryset.filter(status__in=statuses)
    search = fold(filters.get("search") or "")
    if search:
        queryset = queryset.filter(
            Q(name_folded__contains=search) | Q(legal_name_folded__contains=search)
        )
    if filters.get("provinces"):
        # Unknown provinces are dropped: a list of only unknown ones matches nothing.
        codes = [province.code for province in resolve_provinces(filters["provinces"])]
        queryset = queryset.filter(commune__province_id__in=codes)
    if filters.get("kinds"):
        queryset = queryset.filter(kind__in=[enum_value(kind) for kind in filters["kinds"]])
    return queryset


def filter_certificates(queryset, filters):
    if filters.get("vendor"):
        queryset = queryset.filter(vendor_id=_pk(filters["vendor"], "Vendor", "filter.vendor"))
    if filters.get("verification_status"):
        queryset = queryset.filter(verification_status=enum_value(filters["verification_status"]))
    if filters.get("current") is not None:
        current = selectors.current_certificates().values("pk")
        queryset = (
            queryset.filter(pk__in=current)
            if filters["current"]
            else queryset.exclude(pk__in=current)
        )
    return queryset


class VendorQueries(graphene.ObjectType):
    vendors = connection_field(
        VendorConnection,
        "Active producers, alphabetically (ignoring diacritics).",
        filter=VendorFilterInput(),
    )
    vendor = graphene.Field(
        VendorType,
        id=graphene.ID(),
        slug=graphene.String(),
        description="A producer by ID or slug (give one); null when there is none to see.",
    )
    vendor_applications = connection_field(
        OnboardingApplicationConnection,
        "Onboarding applications, newest first: all of them for staff, one's own for others "
        "(none for anonymous visitors).",
        filter=VendorApplicationFilterInput(),
    )
    vendor_application = graphene.Field(
        OnboardingApplicationType,
        id=graphene.ID(required=True),
        description="An application its applicant or staff may see; null otherwise.",
    )
    ocop_certificates = connection_field(
        OcopCertificateConnection,
        "OCOP certificates, latest decision first: verified ones for everyone, all of their "
        "producers' for members, every one for staff.",
        filter=OcopCertificateFilterInput(),
    )

    @staticmethod
    def resolve_vendors(root, info, filter=None, **args):
        user = viewer(info)
        queryset = filter_vendors(
            selectors.vendors_visible_to(user), filter or {}, staff=is_staff(user)
        )
        # By the folded name: Vietnamese readers file "Đ" with "D", not after "Z".
        queryset = queryset.select_related("commune__province").order_by(
            "name_folded", "name", "pk"
        )
        return paginate(
            queryset, info, args, VendorConnection, prefetch=prefetch.prefetch_vendors(info)
        )

    @staticmethod
    def resolve_vendor(root, info, id=None, slug=None):
        if (id is None) == (slug is None):
            raise GraphQLError(_("Give either `id` or `slug`, not both."))
        queryset = selectors.vendors_visible_to(viewer(info)).select_related("commune__province")
        if id is not None:
            return queryset.filter(pk=_pk(id, "Vendor", "id")).first()
        return queryset.filter(slug=slug).first()

    @staticmethod
    def resolve_vendor_applications(root, info, filter=None, **args):
        queryset = selectors.applications_visible_to(viewer(info))
        if filter and filter.get("status"):
            queryset = queryset.filter(status=enum_value(filter["status"]))
        queryset = queryset.select_related(
            "applicant", "commune__province", "vendor__commune__province"
        ).order_by("-created_at", "-pk")
        return paginate(
            queryset,
            info,
            args,
            OnboardingApplicationConnection,
            prefetch=prefetch.prefetch_applications(info),
        )

    @staticmethod
    def resolve_vendor_application(root, info, id):
        pk = _pk(id, "OnboardingApplication", "id")
        return (
            selectors.applications_visible_to(viewer(info))
            .select_related("applicant", "commune__province", "vendor__commune__province")
            .filter(pk=pk)
            .first()
        )

    @staticmethod
    def resolve_ocop_certificates(root, info, filter=None, **args):
        queryset = filter_certificates(
            selectors.certificates_visible_to(viewer(info)), filter or {}
        )
        queryset = queryset.select_related(
            "vendor__commune__province", "product_set__parent__parent"
        ).order_by("-decision_date", "-pk")
        return paginate(
            queryset,
            info,
            args,
            OcopCertificateConnection,
            prefetch=prefetch.prefetch_certificates(info),
        )
