"""Row locks of the vendors app, in one place (as Saleor's lock_objects). Several rows are
always locked in primary-key order, so that concurrent transactions take turns."""

from vendors.models import OnboardingApplication, VendorMember


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
