"""The back offices' shared layout (seller centre and showroom console): the section a page
belongs to, marked aria-current in the navigation; the other back office the person may
switch to; and the tone of a status badge."""

from django import template

from frontend_templates.selectors import member_roles
from frontend_templates.storefront.catalogue import url_or

register = template.Library()

# The navigation section of each page, by its URL name: a product's edit page is under
# "Products", a certificate's form under "Certificates".
SECTIONS = {
    "dashboard:home": "home",
    "dashboard:apply": "apply",
    "dashboard:products": "products",
    "dashboard:product-new": "products",
    "dashboard:product-edit": "products",
    "dashboard:labels": "labels",
    "dashboard:certificates": "certificates",
    "dashboard:certificate-new": "certificates",
    "dashboard:stock": "stock",
    "dashboard:orders": "orders",
    "dashboard:reviews": "reviews",
    "dashboard:earnings": "earnings",
    "dashboard:vouchers": "vouchers",
    "dashboard:carriers": "carriers",
    "showroom:index": "locations",
    "showroom:stock": "stock",
    "showroom:import": "import",
    "showroom:sale": "sale",
    "showroom:receipt": "sale",
    "showroom:pickups": "pickups",
    "showroom:report": "report",
    "showroom:settings": "settings",
}

# A status value's badge tone (.badge-<tone>), whatever it is the status of: products,
# producers' order parts, certificates, applications, sync rows.
TONES = {
    "draft": "muted",
    "pending_review": "warning",
    "published": "success",
    "rejected": "danger",
    "archived": "muted",
    "unconfirmed": "warning",
    "confirmed": "info",
    "shipped": "info",
    "delivered": "success",
    "cancelled": "danger",
    "returned": "muted",
    "pending": "warning",
    "verified": "success",
    "revoked": "danger",
    "expired": "muted",
    "submitted": "info",
    "changes_requested": "warning",
    "approved": "success",
    "active": "success",
    "suspended": "danger",
    "applied": "success",
    "stale": "warning",
    "unknown_sku": "danger",
    "not_consigned": "danger",
    "would_go_negative": "danger",
    "invalid": "danger",
    "low": "warning",
    "paused": "muted",
    "failing": "danger",
    "failed": "danger",
}


@register.simple_tag(takes_context=True)
def console_section(context) -> str:
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    return SECTIONS.get(f"{match.namespace}:{match.url_name}", "")


@register.simple_tag(takes_context=True)
def console_switch(context) -> dict:
    """Links to the back offices the person belongs to (a producer's member may also run a
    showroom), read with the same two membership checks as the storefront's header."""
    user = context.get("user")
    is_producer, is_operator = member_roles(user) if user is not None else (False, False)
    return {
        "shop_url": url_or("storefront:home", "/"),
        "dashboard_url": url_or("dashboard:home", "/nha-san-xuat/") if is_producer else "",
        "showroom_url": url_or("showroom:index", "/showroom/") if is_operator else "",
    }


@register.filter
def status_tone(status) -> str:
    return TONES.get(str(status).lower(), "muted")


@register.filter
def page_numbers(page):
    """The page numbers to link, with "…" for the runs left out: 1 … 4 5 [6] 7 8 … 20."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


@register.simple_tag
def page_href(query: str, number) -> str:
    """A page's link keeping the list's filters; the first page is the list itself."""
    parts = [query] if query else []
    if str(number) != "1":
        parts.append(f"page={number}")
    return "?" + "&".join(parts)
