"""The producer's part of each order: confirm, ship (carrier and tracking number), mark
delivered, or cancel with a reason; where its shipping method books with a carrier account,
create the shipment ("Tạo vận đơn"), print its label, cancel it before pickup (the carrier's
webhooks then ship and deliver the part). The services check the member, the payment and the
transition; the page only shows the buttons that make sense now."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from frontend_templates.dashboard.common import (
    denied_as_403,
    field_errors,
    require_member,
    shown_errors,
    vendor_page,
)
from marketplace.core.errors import ServiceError
from orders.exports import vendor_orders_csv
from orders.models import Order, OrderLine, Shipment, VendorOrder
from orders.services.cancellation import vendor_order_cancel
from orders.services.fulfilment import (
    vendor_order_confirm,
    vendor_order_mark_delivered,
    vendor_order_ship,
)
from orders.services.shipments import (
    shipment_cancel,
    shipment_create,
    shipment_label_pdf,
    shipment_label_url,
)
from orders.shipment_selectors import bookable_account

S = VendorOrder.Status
PAGE_SIZE = 25
FILTERS = {
    "": (S.UNCONFIRMED, S.CONFIRMED, S.SHIPPED),  # what needs doing
    "done": (S.DELIVERED, S.CANCELLED, S.RETURNED),
}


def orders_of(vendor, statuses):
    # The live shipment's id and status ride in the parts' own query (no query more per page).
    live = Shipment.objects.filter(vendor_order=OuterRef("pk")).exclude(
        status=Shipment.Status.CANCELLED
    )
    return (
        VendorOrder.objects.filter(vendor=vendor, status__in=statuses)
        .exclude(order__status__in=[Order.Status.UNPAID, Order.Status.EXPIRED])
        .select_related(
            "order__commune__province", "pickup_location", "shipping_method__carrier_account"
        )
        .annotate(
            shipment_id=Subquery(live.values("pk")[:1]),
            shipment_status=Subquery(live.values("status")[:1]),
        )
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("pk")))
        .order_by("-created_at", "-pk")
    )


@require_GET
@vendor_page
def order_list(request, vendor):
    return render_orders(request, vendor)


@require_GET
@vendor_page
def order_csv(request, vendor):
    """The tab's parts (all of them, not one page) as a spreadsheet."""
    show = request.GET.get("show", "")
    parts = orders_of(vendor, FILTERS[show if show in FILTERS else ""])
    # The byte-order mark makes Excel read the Vietnamese as UTF-8.
    body = "\ufeff" + vendor_orders_csv(parts=parts.prefetch_related(None))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="don-hang-{vendor.pk}.csv"'
    return response


def render_orders(request, vendor, errors=None, failed=None, typed=None, status=200):
    show = request.GET.get("show", "")
    show = show if show in FILTERS else ""
    page = Paginator(orders_of(vendor, FILTERS[show]), PAGE_SIZE).get_page(request.GET.get("page"))
    for part in page.object_list:
        part.errors = errors if part.pk == failed else {}
        part.typed = typed if part.pk == failed else {}
        part.may_book = (
            part.status == S.CONFIRMED
            and part.delivery_kind == VendorOrder.DeliveryKind.SHIPPING
            and part.shipment_id is None
            and bookable_account(part) is not None
        )
    context = {
        "vendor": vendor,
        "page": page,
        "show": show,
        "page_query": urlencode({"show": show}) if show else "",
    }
    return render(request, "dashboard/orders.html", context, status=status)


def _act(request, pk: int, action):
    part = get_object_or_404(VendorOrder.objects.select_related("vendor", "order"), pk=pk)
    require_member(request.user, part.vendor)
    try:
        with denied_as_403():
            action(part)
    except ServiceError as error:
        # The list is drawn again, with the errors and what was typed on this order.
        return render_orders(
            request,
            part.vendor,
            errors=shown_errors(
                field_errors(error),
                ("carrier", "tracking_number", "reason"),
            ),
            failed=part.pk,
            typed=request.POST.dict(),
            status=400,
        )
    return redirect(f"{reverse('dashboard:orders')}#order-{part.pk}")


@require_POST
@login_required
def order_confirm(request, pk: int):
    return _act(request, pk, lambda p: vendor_order_confirm(actor=request.user, vendor_order=p))


@require_POST
@login_required
def order_ship(request, pk: int):
    return _act(
        request,
        pk,
        lambda p: vendor_order_ship(
            actor=request.user,
            vendor_order=p,
            carrier=request.POST.get("carrier", ""),
            tracking_number=request.POST.get("tracking_number", ""),
        ),
    )


@require_POST
@login_required
def order_deliver(request, pk: int):
    return _act(
        request, pk, lambda p: vendor_order_mark_delivered(actor=request.user, vendor_order=p)
    )


@require_POST
@login_required
def order_cancel(request, pk: int):
    return _act(
        request,
        pk,
        lambda p: vendor_order_cancel(
            actor=request.user, vendor_order=p, reason=request.POST.get("reason", "")
        ),
    )


@require_POST
@login_required
def order_shipment_create(request, pk: int):
    return _act(request, pk, lambda p: shipment_create(actor=request.user, vendor_order=p))


def _shipment_of(request, pk: int, shipment_pk: int) -> Shipment:
    shipment = get_object_or_404(
        Shipment.objects.select_related("vendor_order__vendor", "account"),
        pk=shipment_pk,
        vendor_order_id=pk,
    )
    require_member(request.user, shipment.vendor_order.vendor)
    return shipment


@require_POST
@login_required
def order_shipment_cancel(request, pk: int, shipment_pk: int):
    shipment = _shipment_of(request, pk, shipment_pk)
    return _act(request, pk, lambda p: shipment_cancel(actor=request.user, shipment=shipment))


@require_GET
@login_required
def order_shipment_label(request, pk: int, shipment_pk: int):
    """The carrier's label: its PDF streamed when only our token opens it (GHTK), else the
    producer is sent to the carrier's print page (GHN)."""
    shipment = _shipment_of(request, pk, shipment_pk)
    label = {}

    def fetch(part):
        label["pdf"] = shipment_label_pdf(actor=request.user, shipment=shipment)
        if label["pdf"] is None:
            label["url"] = shipment_label_url(actor=request.user, shipment=shipment)

    response = _act(request, pk, fetch)
    if label.get("pdf"):
        pdf = HttpResponse(label["pdf"], content_type="application/pdf")
        pdf["Content-Disposition"] = f'inline; filename="{shipment.waybill}.pdf"'
        pdf["Cache-Control"] = "private, no-store"
        return pdf
    return redirect(label["url"]) if label.get("url") else response
