"""Changing a producer: its details, its status and its members."""

from dataclasses import replace

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.core.errors import ErrorCode, FieldError, ServiceError
from marketplace.core.files import check_image
from marketplace.core.permissions import require_staff
from marketplace.core.statistics_cache import statistics_changed
from vendors.access import OWNER_ONLY, require_vendor_role
from vendors.details import DETAIL_FIELDS, clean_details
from vendors.lock_objects import lock_owners, lock_vendor
from vendors.models import Vendor, VendorMember

# Fields a producer edits itself; legal identity (legal name, tax code, kind) changes through
# staff, since it was what the onboarding review checked.
SELF_SERVICE_FIELDS = ("display_name", "commune", "street_address", "phone", "email", "story")
SELF_SERVICE_REQUIRED = ("display_name", "commune", "phone")


def vendor_update(*, vendor, actor, logo=None, **details) -> Vendor:
    require_vendor_role(actor, vendor)
    not_allowed = set(details) - set(SELF_SERVICE_FIELDS)
    if not_allowed:
        raise ServiceError(
            FieldError(
                ErrorCode.PERMISSION_DENIED,
                _("Ask the marketplace staff to change the legal details."),
                field,
            )
            if field in DETAIL_FIELDS
            else FieldError(ErrorCode.INVALID, _("Unknown field."), field)
            for field in sorted(not_allowed)
        )
    cleaned = clean_details(details)
    # A producer always keeps a display name, a commune and a phone number.
    cleared = [field for field in SELF_SERVICE_REQUIRED if field in cleaned and not cleaned[field]]
    if cleared:
        raise ServiceError(
            FieldError(ErrorCode.REQUIRED, _("This field is required."), field) for field in cleared
        )
    checked = check_image(logo, field="logo") if logo is not None else None
    with transaction.atomic():
        vendor = lock_vendor(vendor)
        for field, value in cleaned.items():
            setattr(vendor, "name" if field == "display_name" else field, value)
        if checked is not None:
            vendor.logo.save(f"{vendor.slug}.{checked.extension}", logo, save=False)
        vendor.save()
        Vendor.mark_for_reindex([vendor])  # its name and place are in its products' documents
    return vendor


def vendor_set_status(*, vendor, actor, status: str) -> Vendor:
    """Suspend or reactivate a producer (staff). A suspended producer's products disappear."""
    require_staff(actor)
    if status not in Vendor.Status.values:
        raise ServiceError.single(ErrorCode.INVALID, _("Unknown status."), "status")
    with transaction.atomic():
        vendor = lock_vendor(vendor)
        vendor.status = status
        vendor.save(update_fields=["status", "updated_at"])
        Vendor.mark_for_reindex([vendor])  # a suspended producer's products leave the index
        statistics_changed()
    return vendor


def member_add(*, vendor, actor, user, role: str) -> VendorMember:
    require_vendor_role(actor, vendor, OWNER_ONLY)
    if role not in VendorMember.Role.values:
        raise ServiceError.single(ErrorCode.INVALID, _("Unknown role."), "role")
    with transaction.atomic():
        member, created = VendorMember.objects.get_or_create(
            vendor=vendor, user=user, defaults={"role": role}
        )
        if not created:
            raise ServiceError.single(
                ErrorCode.UNIQUE, _("%(user)s is already a member.") % {"user": user}, "user"
            )
    return member


def member_add_by_email(*, vendor, actor, email: str, role: str) -> VendorMember:
    """Add the person who has an account with `email`. The owner check comes before the look-up,
    so that only a producer's owners can learn whether an address has an account."""
    require_vendor_role(actor, vendor, OWNER_ONLY)
    email = (email or "").strip()
    if not email:
        raise ServiceError.single(ErrorCode.REQUIRED, _("Give the person's email."), "email")
    user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        raise ServiceError.single(
            ErrorCode.NOT_FOUND,
            _("Nobody has an account with %(email)s; ask them to register first.")
            % {"email": email},
            "email",
        )
    try:
        return member_add(vendor=vendor, actor=actor, user=user, role=role)
    except ServiceError as exc:
        # The caller named the person by email: point the errors there.
        raise ServiceError(
            replace(error, field="email") if error.field == "user" else error
            for error in exc.errors
        ) from None


def member_remove(*, member, actor) -> None:
    vendor = member.vendor
    require_vendor_role(actor, vendor, OWNER_ONLY)
    with transaction.atomic():
        # Lock the owners in a fixed order, so that two owners removing each other at the same
        # time take turns and one owner always stays.
        owners = lock_owners(vendor)
        require_vendor_role(actor, vendor, OWNER_ONLY)  # still an owner, now that we hold them
        member = VendorMember.objects.filter(pk=member.pk).first()
        if member is None:
            raise ServiceError.single(
                ErrorCode.NOT_FOUND, _("This person is no longer a member."), "member"
            )
        if member.role == VendorMember.Role.OWNER and len(owners) <= 1:
            raise ServiceError.single(
                ErrorCode.INVALID,
                _("A producer keeps at least one owner; add another owner first."),
                "member",
            )
        member.delete()
