"""Reads of stock, locations and consignment agreements that pages, the API and services
share."""

import copy
import datetime

from django.db.models import Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from inventory.models import ConsignmentAgreement, Location, ShowroomOperatorMember, Stock
from marketplace.core.permissions import AppScope, app_producer_id, is_app, is_staff
from marketplace.core.text import fold
from vendors.models import VendorMember
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


def _is_device(actor) -> bool:
    return bool(getattr(actor, "is_device", False))


def locations_of(actor) -> QuerySet[Location]:
    """Locations an actor may work with: a device its own; an app with stock:write its
    producer's warehouses; a person the warehouses of their producers and the showrooms of
    their operators; staff all."""
    if _is_device(actor):
        if not actor.is_active:
            return Location.objects.none()
        return Location.objects.filter(pk=actor.location_id, is_active=True)
    if is_app(actor):
        producer_id = app_producer_id(actor, AppScope.STOCK_WRITE)
        if producer_id is None:
            return Location.objects.none()
        return Location.objects.filter(
            kind=Location.Kind.WAREHOUSE, is_active=True, vendor_id=producer_id
        )
    if is_staff(actor):
        return Location.objects.all()
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return Location.objects.none()
    return Location.objects.filter(
        Q(
            kind=Location.Kind.WAREHOUSE,
            vendor_id__in=VendorMember.objects.filter(user=actor).values("vendor_id"),
        )
        | Q(
            kind=Location.Kind.SHOWROOM,
            operator_id__in=ShowroomOperatorMember.objects.filter(user=actor).values("operator_id"),
        )
    )


def stock_levels(location, *, search: str | None = None, low_stock: bool = False):
    """A location's stock rows with their variant and product, by SKU.

    `search` finds rows whose SKU, variant name or product name holds every word, the product
    name with or without diacritics ("che tuyet" finds "Chè Shan tuyết"), or whose barcode
    (GTIN) is exactly it."""
    queryset = (
        Stock.objects.filter(location=location)
        .select_related("variant__product")
        .order_by("variant__sku", "pk")
    )
    search = (search or "").strip()[:100]
    if search:
        words = Q()
        for word in search.split()[:8]:
            words &= (
                Q(variant__sku__icontains=word)
                | Q(variant__name__icontains=word)
                | Q(variant__product__name_folded__contains=fold(word))
            )
        queryset = queryset.filter(words | Q(variant__gtin=search))
    if low_stock:
        queryset = queryset.filter(quantity__lte=F("quantity_allocated") + F("low_stock_threshold"))
    return queryset


def _availability_rows(product_ids):
    return (
        _sellable_stock()
        .filter(variant__product_id__in=product_ids)
        .order_by()
        .values("variant__product_id", "location_id")
        .annotate(available=Sum(F("quantity") - F("quantity_allocated")))
    )


def availability_by_product(product_ids) -> dict[int, list[Location]]:
    """product_id → active locations holding some of it, each with `.quantity` (units
    available, summed over the product's variants); showrooms first, then by name. Two
    queries for any number of products (for a dataloader)."""
    rows = list(_availability_rows(list(product_ids)))
    locations = Location.objects.select_related("commune__province").in_bulk(
        {row["location_id"] for row in rows}
    )
    result: dict[int, list[Location]] = {}
    for row in rows:
        location = copy.copy(locations[row["location_id"]])  # one `.quantity` per product
        location.quantity = row["available"]
        result.setdefault(row["variant__product_id"], []).append(location)
    for locations_of_product in result.values():
        locations_of_product.sort(key=lambda loc: (loc.kind != Location.Kind.SHOWROOM, loc.name))
    return result


def product_availability(product) -> list[Location]:
    """Active showrooms and warehouses with some of the product available, with `.quantity`."""
    return availability_by_product([product.pk]).get(product.pk, [])


# --- consignment agreements ---------------------------------------------------------------


def in_force_q(on: datetime.date | None = None, prefix: str = "") -> Q:
    """Agreements in force on `on` (today): active, started, not yet ended."""
    day = on or timezone.localdate()
    return Q(
        **{f"{prefix}is_active": True, f"{prefix}starts_on__lte": day},
    ) & (Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": day}))


def agreement_in_force(*, vendor_id, showroom_id, on=None) -> ConsignmentAgreement | None:
    return (
        ConsignmentAgreement.objects.filter(
            in_force_q(on), vendor_id=vendor_id, showroom_id=showroom_id
        )
        .order_by("-starts_on", "pk")
        .first()
    )


def agreements_in_force(location, on=None) -> dict[int, ConsignmentAgreement]:
    """vendor_id → agreement in force at a showroom."""
    if location.kind != Location.Kind.SHOWROOM:
        return {}
    agreements = ConsignmentAgreement.objects.filter(in_force_q(on), showroom=location)
    return {a.vendor_id: a for a in agreements}


def consigned_vendor_ids(location, on=None) -> set[int]:
    """The producers whose goods `location` may hold: a warehouse its own producer's, a
    showroom those with an agreement in force."""
    if location.kind == Location.Kind.WAREHOUSE:
        return {location.vendor_id}
    return set(
        ConsignmentAgreement.objects.filter(in_force_q(on), showroom=location).values_list(
            "vendor_id", flat=True
        )
    )
