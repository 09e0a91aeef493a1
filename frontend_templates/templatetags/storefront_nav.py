"""The storefront shell (cart count, links by role, the sector menu) and small display helpers
of the browse pages."""

from django import template
from django.utils.translation import gettext as _

from frontend_templates.selectors import cart_quantity, member_roles
from frontend_templates.shell import sectors
from frontend_templates.storefront.catalogue import url_or

register = template.Library()

CHECKOUT_SESSION_KEY = "checkout_token"  # where the cart pages keep the shopper's checkout


def _shell(context) -> dict:
    """The header's state, worked out once per request (the header, the phone's bottom bar and
    the account page all show it)."""
    request = context.get("request")
    cached = getattr(request, "_storefront_shell", None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    # Only a session that already exists is read: creating one for every anonymous visitor
    # would cost a write per page view.
    token = session.get(CHECKOUT_SESSION_KEY) if session is not None else None
    is_producer, is_operator = member_roles(user) if user is not None else (False, False)
    url_name = getattr(getattr(request, "resolver_match", None), "view_name", "")
    state = {
        "request": request,
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "home_url": url_or("storefront:home", "/"),
        "products_url": url_or("storefront:products", "/san-pham/"),
        "categories_url": url_or("categories", "/danh-muc/"),
        "account_url": url_or("account", "/tai-khoan/"),
        "cart_url": url_or("storefront:cart", "/gio-hang/"),
        "cart_quantity": cart_quantity(token) if token else 0,
        "orders_url": url_or("storefront:my-orders", "/tai-khoan/don-hang/"),
        "dashboard_url": url_or("dashboard:home", "/nha-san-xuat/") if is_producer else "",
        "showroom_url": url_or("showroom:index", "/showroom/") if is_operator else "",
        "sectors": sectors(),
        "current": url_name,
    }
    if request is not None:
        request._storefront_shell = state
    return state


@register.simple_tag(takes_context=True)
def shell_state(context) -> dict:
    """{% shell_state as shell %}: the cart count, the role links and the sectors."""
    return _shell(context)


@register.inclusion_tag("storefront/_nav.html", takes_context=True)
def site_nav(context):
    return {"shell": _shell(context), "csrf_token": context.get("csrf_token")}


def _ranges(months: list[int]) -> list[tuple[int, int]]:
    """[11, 12, 1, 2, 6] -> [(11, 2), (6, 6)]: consecutive months, wrapping over the new year."""
    runs: list[list[int]] = []
    for month in sorted(months):
        if runs and runs[-1][1] == month - 1:
            runs[-1][1] = month
        else:
            runs.append([month, month])
    if len(runs) > 1 and runs[0][0] == 1 and runs[-1][1] == 12:
        runs[0][0] = runs.pop()[0]
    return [(first, last) for first, last in runs]


@register.filter
def season_label(product) -> str:
    """ "Months 11–2, 6" or "All year round"."""
    months = product.season_months
    if not months or len(months) == 12:
        return _("All year round")
    text = ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in _ranges(months))
    return _("Months %(months)s") % {"months": text}
