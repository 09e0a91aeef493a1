"""Reads about producers that several callers share."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from marketplace.core.permissions import is_app, is_staff
from vendors.models import (
    ApplicationDocument,
    OcopCertificate,
    OnboardingApplication,
    Vendor,
    VendorMember,
)


def member_role(user, vendor: Vendor) -> str | None:
    """The user's role in the producer, or None (always for a device's or an app's token: not
    a person)."""
    if user is None or not user.is_authenticated or vendor is None or _not_a_person(user):
        return None
    return (
        VendorMember.objects.filter(user=user, vendor=vendor).values_list("role", flat=True).first()
    )


def vendors_of(user) -> QuerySet[Vendor]:
    if user is None or not user.is_authenticated or _not_a_person(user):
        return Vendor.objects.none()
    return Vendor.objects.filter(members__user=user)


def active_vendors() -> QuerySet[Vendor]:
    return Vendor.objects.filter(status=Vendor.Status.ACTIVE).select_related("commune__province")


def current_certificates(vendor: Vendor | None = None, *, on=None) -> QuerySet[OcopCertificate]:
    """Verified, unrevoked, unexpired certificates."""
    queryset = OcopCertificate.objects.filter(
        verification_status=OcopCertificate.Verification.VERIFIED,
        revoked=False,
        valid_until__gte=on or timezone.localdate(),
    )
    if vendor is not None:
        queryset = queryset.filter(vendor=vendor)
    return queryset


# What a person may see. Everything outside these querysets must look unknown to them (not
# listed, null, NOT_FOUND), so that nobody learns that another producer's draft exists.


def _not_a_person(user) -> bool:
    """A showroom device's LocationToken or an app's principal stands in request.user but never
    acts as a person (an app reaches a producer's data through its scopes, not membership)."""
    return bool(getattr(user, "is_device", False)) or is_app(user)


def _acts_for_vendors(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active and not _not_a_person(user)


def member_vendor_ids(user) -> set[int]:
    """The producers the user is a member of (any role); none for a deactivated account."""
    if not _acts_for_vendors(user):
        return set()
    return set(VendorMember.objects.filter(user=user).values_list("vendor_id", flat=True))


def vendors_visible_to(user) -> QuerySet[Vendor]:
    """Active producers for everyone; suspended ones too for their members and staff."""
    if is_staff(user):
        return Vendor.objects.all()
    if not _acts_for_vendors(user):
        return Vendor.objects.filter(status=Vendor.Status.ACTIVE)
    return Vendor.objects.filter(
        Q(status=Vendor.Status.ACTIVE) | Q(pk__in=_member_vendor_ids_subquery(user))
    )


def applications_visible_to(user) -> QuerySet[OnboardingApplication]:
    """Staff see every application; a person their own; anonymous visitors none."""
    if is_staff(user):
        return OnboardingApplication.objects.all()
    if not _acts_for_vendors(user):
        return OnboardingApplication.objects.none()
    return OnboardingApplication.objects.filter(applicant=user)


def application_documents_visible_to(user) -> QuerySet[ApplicationDocument]:
    return ApplicationDocument.objects.filter(application__in=applications_visible_to(user))


def certificates_visible_to(user) -> QuerySet[OcopCertificate]:
    """Verified, unrevoked certificates of active producers are public (the star badges rest on
    them); pending, rejected and revoked ones only their producer's members and staff see."""
    if is_staff(user):
        return OcopCertificate.objects.all()
    public = Q(
        verification_status=OcopCertificate.Verification.VERIFIED,
        revoked=False,
        vendor__status=Vendor.Status.ACTIVE,
    )
    if _acts_for_vendors(user):
        # A subquery, not a join on members: joining would repeat a public certificate once
        # for every member of its producer.
        public |= Q(vendor_id__in=_member_vendor_ids_subquery(user))
    return OcopCertificate.objects.filter(public)


def memberships_visible_to(user) -> QuerySet[VendorMember]:
    """Staff see every membership; members those of their producers."""
    if is_staff(user):
        return VendorMember.objects.all()
    if not _acts_for_vendors(user):
        return VendorMember.objects.none()
    return VendorMember.objects.filter(vendor_id__in=_member_vendor_ids_subquery(user))


def _member_vendor_ids_subquery(user) -> QuerySet:
    return VendorMember.objects.filter(user=user).values("vendor_id")


def manager_emails(vendor: Vendor) -> list[str]:
    """Where a producer's business mail goes (statements, certificate reminders): its active
    owners and managers, else the producer's own address."""
    emails = VendorMember.objects.filter(
        vendor=vendor,
        role__in=[VendorMember.Role.OWNER, VendorMember.Role.MANAGER],
        user__is_active=True,
    ).values_list("user__email", flat=True)
    return sorted(email for email in emails if email) or [vendor.email]
