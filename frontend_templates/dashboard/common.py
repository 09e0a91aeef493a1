"""What every dashboard page shares: which producer the person acts for, and how service
errors become a 403/404 or messages next to form fields."""

from collections import defaultdict
from contextlib import contextmanager
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from frontend_templates.numbers import typed_whole_number
from marketplace.core.errors import PermissionDeniedError, ServiceError
from marketplace.geography.models import Commune, Province
from marketplace.geography.selectors import communes_of
from vendors.access import ALL_ROLES, require_vendor_role
from vendors.models import Vendor
from vendors.selectors import vendors_of

SESSION_KEY = "dashboard_vendor"


class ChooseVendor(Exception):
    """The person belongs to several producers and has not said which one."""


def vendor_for(request) -> Vendor | None:
    """The producer chosen by ?vendor=<slug> (remembered in the session), else the only one.

    None when the person is a member of no producer; ChooseVendor when of several."""
    if request.GET.get("vendor") == "":
        request.session.pop(SESSION_KEY, None)  # "switch producer": ask again
    slug = request.GET.get("vendor") or request.session.get(SESSION_KEY)
    if slug:
        vendor = Vendor.objects.select_related("commune__province").filter(slug=slug).first()
        if vendor is not None:
            try:
                require_vendor_role(request.user, vendor, ALL_ROLES)
            except PermissionDeniedError:
                vendor = None
        if vendor is None and request.GET.get("vendor"):
            raise Http404  # someone else's producer looks unknown
        if vendor is not None:
            request.session[SESSION_KEY] = vendor.slug
            return vendor
    mine = list(vendors_of(request.user).select_related("commune__province")[:2])
    if len(mine) > 1:
        raise ChooseVendor
    return mine[0] if mine else None


def choose_vendor_page(request):
    vendors = vendors_of(request.user).order_by("name")
    return render(request, "dashboard/choose.html", {"vendors": vendors})


def require_member(user, vendor, roles=ALL_ROLES) -> None:
    """Reading a producer's thing: someone else's must look like it does not exist."""
    try:
        require_vendor_role(user, vendor, roles)
    except PermissionDeniedError:
        raise Http404 from None


@contextmanager
def denied_as_403():
    """A write the service refuses for want of permission answers 403."""
    try:
        yield
    except PermissionDeniedError as error:
        raise PermissionDenied(error.errors[0].message) from None


def field_errors(error: ServiceError, aliases: dict | None = None) -> dict[str, list[str]]:
    """{field: [message]}; errors of fields the form does not show go under "general"."""
    aliases = aliases or {}
    errors: dict[str, list[str]] = defaultdict(list)
    for item in error.errors:
        errors[aliases.get(item.field, item.field) or "general"].append(item.message)
    return dict(errors)


def shown_errors(errors: dict, fields) -> dict:
    """Move errors of fields that a form does not have under "general", so none is lost."""
    result: dict[str, list[str]] = defaultdict(list)
    for field, messages in errors.items():
        result[field if field in fields else "general"].extend(messages)
    return dict(result)


def parse_int(value, default=None):
    """A whole number typed in a form (dots, commas or spaces between thousands), or
    `default` so that the service reports the field as invalid: "1.5" is not 15."""
    number = typed_whole_number(value)
    return default if number is None else number


def vendor_page(view):
    """Log in first; then call view(request, vendor, ...) for the producer acted for. A person
    of no producer is sent to the application wizard; one of several chooses first."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            vendor = vendor_for(request)
        except ChooseVendor:
            return choose_vendor_page(request)
        if vendor is None:
            return redirect("dashboard:apply")
        request.dashboard_vendor = vendor
        return view(request, vendor, *args, **kwargs)

    return wrapper


def commune_picker(request, commune_code) -> dict:
    """The province → commune picker's lists: the province chosen in the form (or the one of
    the commune), and its communes. Without JavaScript the "Show its communes" button sends
    the form back with action=province, and the page is drawn again with the list."""
    code = str(commune_code or "")
    province = request.POST.get("province") or request.GET.get("province") or ""
    if not province and code:
        province = Commune.objects.filter(pk=code).values_list("province_id", flat=True).first()
    return {
        "provinces": Province.objects.order_by("name_folded"),
        "province_code": province or "",
        "communes": communes_of(province) if province else [],
    }


def wants_communes(request) -> bool:
    """The form was sent back only to list a province's communes: save nothing."""
    return request.POST.get("action") == "province"
