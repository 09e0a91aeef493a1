"""The order page (reached by its token, as the confirmation e-mail's link is): each producer's
part with its timeline, cancelling a part the shopper may still cancel, and the confirmation
e-mail as it was sent."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontend_templates.storefront.order_timeline import (
    part_timeline,
    part_tracking_url,
    shopper_may_cancel,
)
from frontend_templates.storefront.reviews import attach_review_links
from marketplace.core.errors import ServiceError
from notifications.sending import order_placed_email
from orders.models import Order, OrderEvent, OrderLine, SentEmail, VendorOrder
from orders.services.cancellation import vendor_order_cancel
from orders.services.guest_orders import guest_orders_attach

# The guest orders this session opened: proof, at login, that they are the shopper's own.
SEEN_ORDERS_KEY = "guest_order_tokens"
SEEN_ORDERS_KEPT = 20


def orders_with_parts(queryset, *, events=False):
    """Orders with each producer's part and its lines (and, for the timelines, its transition
    events), in a fixed number of queries."""
    parts = [Prefetch("lines", queryset=OrderLine.objects.order_by("pk"))]
    if events:
        parts.append(Prefetch("events", queryset=OrderEvent.objects.order_by("pk")))
    return queryset.select_related("commune__province").prefetch_related(
        Prefetch(
            "vendor_orders",
            queryset=VendorOrder.objects.select_related(
                "vendor", "pickup_location__commune__province"
            ).prefetch_related(*parts),
        )
    )


def attach_timelines(order, user) -> None:
    for part in order.vendor_orders.all():
        part.order = order  # already loaded: the checks below read it
        part.timeline = part_timeline(part, order.created_at)
        part.tracking_url = part_tracking_url(part)
        part.may_cancel = shopper_may_cancel(part, user)


def remember_guest_order(request, order) -> None:
    seen = [t for t in request.session.get(SEEN_ORDERS_KEY, []) if t != str(order.token)]
    request.session[SEEN_ORDERS_KEY] = [*seen, str(order.token)][-SEEN_ORDERS_KEPT:]


@require_GET
def order(request, token):
    """The token is the shopper's key, so pickup codes show too. A logged-in shopper opening
    their guest order's link (same e-mail) makes it their account's."""
    found = orders_with_parts(Order.objects.filter(token=token), events=True).first()
    if found is None:
        raise Http404(_("There is no such order."))
    if found.user_id is None:
        if guest_orders_attach(user=request.user, tokens=[found.token]):
            found.user = request.user
        else:
            remember_guest_order(request, found)
    attach_review_links(found, request.user)
    attach_timelines(found, request.user)
    subject, body = order_placed_email(found)
    sent = SentEmail.objects.filter(key=f"order_placed:{found.pk}").first()
    context = {"order": found, "email_subject": subject, "email_body": body, "email_sent": sent}
    return render(request, "storefront/order.html", context)


@require_POST
def order_cancel(request, token, part_id):
    """Cancel one producer's part: the order's account, or the token holder of a guest order,
    after ticking the confirmation box. The service decides who may."""
    part = get_object_or_404(
        VendorOrder.objects.select_related("order", "vendor"), pk=part_id, order__token=token
    )
    if not request.POST.get("confirm"):
        messages.error(request, _("Tick the box to confirm the cancellation."))
        return redirect("storefront:order", token=token)
    try:
        vendor_order_cancel(
            actor=request.user,
            vendor_order=part,
            reason=request.POST.get("reason", "")[:500],
            order_token=token,
        )
    except ServiceError as error:
        for item in error.errors:
            messages.error(request, item.message)
    else:
        messages.success(
            request, _("The part from %(producer)s was cancelled.") % {"producer": part.vendor.name}
        )
    return redirect("storefront:order", token=token)
