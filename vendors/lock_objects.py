"""Row locks of the vendors app, in one place (as Saleor's lock_objects). Several rows are
always locked in primary-key order, so that concurrent transactions take turns."""

from vendors.models import (
    NationalCheckFinding,
    OcopCertificate,
    OnboardingApplication,
    Vendor,
    VendorMember,
)


def lock_owners(vendor) -> list[VendorMember]:
    """The producer's owners, locked in primary-key order."""
    return list(
        VendorMember.objects.select_for_update()
        .filter(vendor=vendor, role=VendorMember.Role.OWNER)
        .order_by("pk")
    )


def lock_onboarding_application(application) -> OnboardingApplication:
    """The application, re-read under its row lock, so that concurrent decisions serialise."""
    return OnboardingApplication.objects.select_for_update().get(pk=application.pk)


def lock_vendor(vendor) -> Vendor:
    """The producer, re-read under its row lock, so that concurrent changes serialise."""
    return Vendor.objects.select_for_update().get(pk=vendor.pk)


def lock_certificate(certificate) -> OcopCertificate:
    """The certificate, re-read under its row lock, so that concurrent decisions serialise."""
    return OcopCertificate.objects.select_for_update().get(pk=certificate.pk)


def lock_open_finding_of(certificate) -> NationalCheckFinding | None:
    """The certificate's open finding (one at most), locked; None when there is none."""
    return (
        NationalCheckFinding.objects.select_for_update()
        .filter(certificate=certificate, status=NationalCheckFinding.Status.OPEN)
        .first()
    )


def lock_finding(finding) -> NationalCheckFinding:
    """The finding, re-read under its row lock, so that concurrent resolutions serialise."""
    return NationalCheckFinding.objects.select_for_update().get(pk=finding.pk)
