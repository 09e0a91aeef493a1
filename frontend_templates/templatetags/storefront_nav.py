"""The storefront header (cart count, links by role) and small display helpers of the
browse pages."""

from django import template
from django.utils.translation import gettext as _

from frontend_templates.selectors import cart_quantity, member_roles
from frontend_templates.storefront.catalogue import url_or

register = template.Library()

CHECKOUT_SESSION_KEY = "checkout_token"  # where the cart pages keep the shopper's checkout


@register.inclusion_tag("storefront/_nav.html", takes_context=True)
def site_nav(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    # Only a session that already exists is read: creating one for every anonymous visitor
    # would cost a write per page view.
    token = session.get(CHECKOUT_SESSION_KEY) if session is not None else None
    is_producer, is_operator = member_roles(user) if user is not None else (False, False)
    return {
        "request": request,
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "cart_url": url_or("storefront:cart", "/gio-hang/"),
        "cart_quantity": cart_quantity(token) if token else 0,
        "orders_url": url_or("storefront:my-orders", "/tai-khoan/don-hang/"),
        "dashboard_url": url_or("dashboard:home", "/nha-san-xuat/") if is_producer else "",
        "showroom_url": url_or("showroom:index", "/showroom/") if is_operator else "",
    }


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
