"""Reads of apps."""

from django.db.models import Prefetch, QuerySet

from integrations.models import App, AppToken
from marketplace.core.permissions import is_person, is_staff
from vendors.models import VendorMember


def apps_visible_to(user) -> QuerySet[App]:
    """Staff see every app; a producer's owners the apps of that producer; nobody else any
    (an app does not see apps, not even itself)."""
    if is_staff(user):
        return App.objects.all()
    if not is_person(user):
        return App.objects.none()
    owned = VendorMember.objects.filter(user=user, role=VendorMember.Role.OWNER)
    return App.objects.filter(producer__in=owned.values("vendor_id"))


def with_tokens(queryset: QuerySet[App]) -> QuerySet[App]:
    return queryset.select_related("producer").prefetch_related(
        Prefetch("tokens", queryset=AppToken.objects.order_by("-created_at", "pk"))
    )
