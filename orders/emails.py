"""Order emails to the producers, in Vietnamese: a new order to each producer's members (the
shopper's notices, the confirmation among them, are the `notifications` app's). Each email goes
out once: its key is claimed in the same transaction as the sending, so a repeated task finds
it claimed and a failed one can retry."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from marketplace.core.money import format_vnd
from orders.models import Order, SentEmail, VendorOrder
from vendors.models import VendorMember

LANGUAGE = "vi"


def render(name: str, context: dict) -> tuple[str, str]:
    """(subject, body) of `orders/email/<name>_subject.txt` and `<name>.txt`, in Vietnamese."""
    with translation.override(LANGUAGE):
        subject = render_to_string(f"orders/email/{name}_subject.txt", context)
        body = render_to_string(f"orders/email/{name}.txt", context)
    return " ".join(subject.split()), body


def _send_once(key: str, order: Order, recipients: list[str], name: str, context) -> bool:
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return False
    with transaction.atomic():
        _claim, created = SentEmail.objects.get_or_create(
            key=key, defaults={"order": order, "recipients": recipients}
        )
        if not created:
            return False
        subject, body = render(name, context)
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients).send()
    return True


def _money(amount: int) -> str:
    return format_vnd(amount, language=LANGUAGE)


def _part(vendor_order: VendorOrder) -> dict:
    return {
        "vendor": vendor_order.vendor.name,
        "delivery": vendor_order.delivery_name,
        "is_pickup": vendor_order.delivery_kind == VendorOrder.DeliveryKind.PICKUP,
        "pickup_code": vendor_order.pickup_code,
        "subtotal": _money(vendor_order.subtotal),
        "shipping": _money(vendor_order.shipping_price),
        "total": _money(vendor_order.total),
        "carrier": vendor_order.carrier,
        "tracking_number": vendor_order.tracking_number,
        "lines": [
            {
                "name": f"{line.product_name} – {line.variant_name}",
                "sku": line.sku,
                "quantity": line.quantity,
                "unit_price": _money(line.unit_price),
                "total": _money(line.line_total),
            }
            for line in vendor_order.lines.all()
        ],
    }


def _order_context(order: Order) -> dict:
    return {
        "order": order,
        "number": order.number,
        "unpaid": order.status == Order.Status.UNPAID,
        "payment_method": order.get_payment_method_display(),
        "subtotal": _money(order.subtotal),
        "shipping": _money(order.shipping_total),
        "total": _money(order.total),
        "site_url": settings.SITE_URL,
    }


def _orders_with_parts(queryset):
    return queryset.select_related("commune__province").prefetch_related(
        "vendor_orders__vendor", "vendor_orders__lines"
    )


NOT_PAID = (Order.Status.UNPAID, Order.Status.EXPIRED, Order.Status.CANCELLED)


def member_emails(vendor_id: int) -> list[str]:
    return list(
        VendorMember.objects.filter(vendor_id=vendor_id, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def send_order_placed(order_id: int) -> int:
    """Once the order is paid or cash on delivery, a new order email to each producer. Call
    again when an online payment arrives: what was sent is not sent again. Returns how many
    emails went out."""
    order = _orders_with_parts(Order.objects.filter(pk=order_id)).first()
    if order is None or order.status in NOT_PAID:
        return 0
    context = _order_context(order)
    sent = 0
    for vendor_order in order.vendor_orders.all():
        if vendor_order.status == VendorOrder.Status.CANCELLED:
            continue
        sent += _send_once(
            f"new_order:{vendor_order.pk}",
            order,
            member_emails(vendor_order.vendor_id) or [vendor_order.vendor.email],
            "new_order",
            {**context, "part": _part(vendor_order)},
        )
    return sent
