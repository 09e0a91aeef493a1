"""What each caller may see of the inventory through the API: people, staff and devices.

A device (a showroom's LocationToken) stands where `request.user` is read; it sees public
showrooms and its own location's records, and nothing that is only a person's (memberships,
drafts); so does an app's principal, at its producer's warehouses when it has stock:write.
Everything here returns querysets, so lookups by ID and lists share one rule, and a row the
caller may not see answers exactly like an ID that names nothing.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from catalog.models import ProductVariant
from catalog.selectors import variants_visible_to
from inventory.access import is_device
from inventory.models import (
    ConsignmentAgreement,
    Location,
    LocationToken,
    PosSale,
    PosSaleLine,
    Stock,
    Transfer,
)
from inventory.selectors import locations_of, locations_visible_to
from marketplace.core.permissions import is_app, is_staff
from vendors.models import VendorMember


def person(user):
    """`user` when it is a person (or anonymous); a device reads shared data as anonymous."""
    return AnonymousUser() if is_device(user) else user


def _acts(user) -> bool:
    """A person (or a device) acting; an app reaches only the locations it works with."""
    return user is not None and user.is_authenticated and user.is_active and not is_app(user)


def _member_vendor_ids(user):
    return VendorMember.objects.filter(user=user).values("vendor_id")


def workable_locations(user) -> QuerySet[Location]:
    """Where the caller may work with stock: staff everywhere; a device its own active
    location; a producer's members its warehouses; an operator's staff its showrooms."""
    return locations_of(user)


def visible_locations(user) -> QuerySet[Location]:
    """Locations the caller may name: public showrooms, and the ones it works with."""
    own = Q(pk__in=workable_locations(user).values("pk"))
    if is_device(user):
        return Location.objects.filter(Q(kind=Location.Kind.SHOWROOM, is_active=True) | own)
    if is_staff(user):
        return Location.objects.all()
    return Location.objects.filter(Q(pk__in=locations_visible_to(user).values("pk")) | own)


def visible_stock(user) -> QuerySet[Stock]:
    return Stock.objects.filter(location__in=workable_locations(user).values("pk"))


def visible_tokens(user) -> QuerySet[LocationToken]:
    """A location's tokens, for the people who work there (only managers may change them)."""
    if is_device(user) or is_app(user):
        return LocationToken.objects.none()
    return LocationToken.objects.filter(location__in=workable_locations(user).values("pk"))


def visible_transfers(user) -> QuerySet[Transfer]:
    """The producer's members, and whoever works at either end."""
    if is_staff(user):
        return Transfer.objects.all()
    places = workable_locations(user).values("pk")
    ends = Q(source__in=places) | Q(destination__in=places)
    if is_device(user) or not _acts(user):
        return Transfer.objects.filter(ends)
    return Transfer.objects.filter(ends | Q(vendor_id__in=_member_vendor_ids(user)))


def visible_agreements(user) -> QuerySet[ConsignmentAgreement]:
    """The producer's members, and whoever works at the showroom."""
    if is_staff(user):
        return ConsignmentAgreement.objects.all()
    at_showroom = Q(showroom__in=workable_locations(user).values("pk"))
    if is_device(user) or not _acts(user):
        return ConsignmentAgreement.objects.filter(at_showroom)
    return ConsignmentAgreement.objects.filter(
        at_showroom | Q(vendor_id__in=_member_vendor_ids(user))
    )


def visible_sales(user) -> QuerySet[PosSale]:
    """The showroom's staff and devices, and the producers whose goods were sold."""
    if is_staff(user):
        return PosSale.objects.all()
    at_location = Q(location__in=workable_locations(user).values("pk"))
    if is_device(user) or not _acts(user):
        return PosSale.objects.filter(at_location)
    producers = PosSaleLine.objects.filter(vendor_id__in=_member_vendor_ids(user))
    return PosSale.objects.filter(at_location | Q(pk__in=producers.values("sale_id")))


def visible_variants(user) -> QuerySet[ProductVariant]:
    return variants_visible_to(person(user))
