"""Reads of stock and locations that pages and the API share."""

from django.db.models import Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from inventory.models import Location, Stock
from marketplace.core.permissions import is_staff
from vendors.selectors import vendors_of


def _sellable_stock() -> QuerySet[Stock]:
    """Stock rows that can be sold: at an active location, with something not yet allocated."""
    return Stock.objects.filter(location__is_active=True, quantity__gt=F("quantity_allocated"))


def quantity_available():
    """For a variant (OuterRef "pk"): units not yet allocated at its active locations, summed.

    A correlated subquery, so that annotating one page of variants sums only their rows."""
    total = (
        Stock.objects.filter(variant_id=OuterRef("pk"), location__is_active=True)
        .order_by()
        .values("variant_id")
        .annotate(total=Sum(F("quantity") - F("quantity_allocated")))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=IntegerField()), 0)


def product_in_stock():
    """For a product (OuterRef "pk"): whether some variant has stock available to sell."""
    return Exists(_sellable_stock().filter(variant__product_id=OuterRef("pk")))


def active_showrooms() -> QuerySet[Location]:
    return Location.objects.filter(kind=Location.Kind.SHOWROOM, is_active=True)


def locations_visible_to(user) -> QuerySet[Location]:
    """Active showrooms are public; a warehouse only to its producer's members and staff."""
    if is_staff(user):
        return Location.objects.all()
    public = Q(kind=Location.Kind.SHOWROOM, is_active=True)
    if user is None or not user.is_authenticated or not user.is_active:
        return Location.objects.filter(public)
    return Location.objects.filter(public | Q(vendor__in=vendors_of(user).values("pk")))
