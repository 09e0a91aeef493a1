"""Rendering and sending one notice of an order's change (the outbox handlers call these; see
the package docstring). The e-mail is Vietnamese, text with an HTML alternative, built from the
order as it is when the handler runs; each goes out once, claimed in `orders.SentEmail`."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from marketplace.core.money import format_vnd
from marketplace.outbox.services import enqueue
from notifications import sms
from notifications.services import is_muted
from notifications.tokens import mute_token
from orders.carriers.tracking_pages import tracking_link
from orders.models import Order, OrderEvent, OrderLine, Refund, SentEmail, VendorOrder
from orders.services.notifications import Kind, notice_message

logger = logging.getLogger("marketplace.notifications")
LANGUAGE = "vi"
SMS_HANDLER = "notifications.order_sms"

SUBJECTS = {
    Kind.PLACED: "Đã nhận đơn hàng {number} – Sàn OCOP",
    Kind.PAID: "Đã nhận thanh toán đơn hàng {number}",
    Kind.PAYMENT_FAILED: "Thanh toán đơn hàng {number} chưa thành công",
    Kind.EXPIRED: "Đơn hàng {number} đã bị huỷ vì quá hạn thanh toán",
    Kind.CONFIRMED: "{vendor} đã xác nhận đơn hàng {number}",
    Kind.READY_FOR_PICKUP: "Đơn hàng {number} đã sẵn sàng để nhận tại điểm bán",
    Kind.SHIPPED: "Đơn hàng {number} đã được giao cho đơn vị vận chuyển",
    Kind.DELIVERED: "Đơn hàng {number} đã được giao thành công",
    Kind.PICKED_UP: "Bạn đã nhận hàng của đơn {number}",
    Kind.CANCELLED: "Phần hàng của {vendor} trong đơn {number} đã bị huỷ",
    Kind.ORDER_CANCELLED: "Đơn hàng {number} đã bị huỷ",
    Kind.RETURNED: "Đã nhận trả hàng của đơn {number}",
    Kind.REFUNDED: "Đã hoàn tiền {amount} cho đơn hàng {number}",
}
UNPAID_SUBJECT = "Đơn hàng {number} đang chờ thanh toán – Sàn OCOP"


def _money(amount: int) -> str:
    return format_vnd(amount, language=LANGUAGE)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def order_url(order: Order) -> str:
    """The order page by its token: a guest's only way in, and a signed-in shopper's too."""
    return _absolute(reverse("storefront:order", args=[order.token]))


def mute_url(order: Order) -> str:
    return _absolute(reverse("notifications:order", args=[mute_token(order.pk)]))


def _place(vendor_order: VendorOrder) -> str:
    location = vendor_order.pickup_location
    if location is None:
        return ""
    where = [location.name, location.street_address, location.commune.name]
    return ", ".join(w for w in [*where, location.commune.province.name] if w)


def _part(vendor_order: VendorOrder) -> dict:
    return {
        "pk": vendor_order.pk,
        "vendor": vendor_order.vendor.name,
        "delivery": vendor_order.delivery_name,
        "is_pickup": vendor_order.delivery_kind == VendorOrder.DeliveryKind.PICKUP,
        "place": _place(vendor_order),
        "opening_hours": vendor_order.pickup_location.opening_hours
        if vendor_order.pickup_location
        else "",
        "pickup_code": vendor_order.pickup_code,
        "subtotal": _money(vendor_order.subtotal),
        "shipping": _money(vendor_order.shipping_price),
        "discount": _money(vendor_order.discount) if vendor_order.discount else "",
        "total": _money(vendor_order.total),
        "carrier": vendor_order.carrier,
        "tracking_number": vendor_order.tracking_number,
        "tracking_url": tracking_link(vendor_order.carrier, vendor_order.tracking_number),
        "note": vendor_order.note,
        "lines": [
            {
                "name": f"{line.product_name} – {line.variant_name}",
                "quantity": line.quantity,
                "unit_price": _money(line.unit_price),
                "total": _money(line.line_total),
            }
            for line in vendor_order.lines.all()
        ],
    }


def _invoice(order: Order) -> dict | None:
    if not order.invoice_company_name:
        return None
    return {
        "company": order.invoice_company_name,
        "tax_code": order.invoice_tax_code,
        "email": order.invoice_email,
        "address": order.invoice_address,
    }


def _context(
    order: Order, kind: Kind, part: VendorOrder | None, refund: Refund | None, reason: str = ""
) -> dict:
    parts = list(order.vendor_orders.all())
    return {
        "kind": kind.value,
        "order": order,
        "number": order.number,
        "unpaid": order.status == Order.Status.UNPAID,
        "payment_method": order.get_payment_method_display(),
        "subtotal": _money(order.subtotal),
        "shipping": _money(order.shipping_total),
        "discount": _money(order.discount_total) if order.discount_total else "",
        "total": _money(order.total),
        "parts": [_part(vo) for vo in parts],
        "part": _part(part) if part is not None else None,
        "invoice": _invoice(order),
        "refund": {"amount": _money(refund.amount), "reason": refund.reason} if refund else None,
        "reason": reason,
        "order_url": order_url(order),
        "mute_url": mute_url(order),
        "site_url": settings.SITE_URL,
    }


def _subject(kind: Kind, context: dict) -> str:
    template = UNPAID_SUBJECT if kind == Kind.PLACED and context["unpaid"] else SUBJECTS[kind]
    part, refund = context["part"] or {}, context["refund"] or {}
    return template.format(
        number=context["number"], vendor=part.get("vendor", ""), amount=refund.get("amount", "")
    )


def render(kind: Kind, context: dict) -> tuple[str, str, str]:
    """(subject, text, html) of the notice, in Vietnamese."""
    with translation.override(LANGUAGE):
        context = {**context, "subject": _subject(kind, context)}
        text = render_to_string(f"notifications/email/{kind.value}.txt", context)
        html = render_to_string(f"notifications/email/{kind.value}.html", context)
    return context["subject"], text.strip() + "\n", html


def claim_key(*, kind: Kind, order_id: int, vendor_order_id=None, ref=None) -> str:
    if kind == Kind.PLACED:
        return f"order_placed:{order_id}"  # the key the order page reads
    return f"notify:{kind.value}:{order_id}:{vendor_order_id or '-'}:{ref or '-'}"


def _orders():
    parts = VendorOrder.objects.select_related(
        "vendor", "pickup_location__commune__province"
    ).prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("pk")))
    return Order.objects.select_related("commune__province").prefetch_related(
        Prefetch("vendor_orders", queryset=parts)
    )


def _part_of(order: Order, vendor_order_id) -> VendorOrder | None:
    return next((vo for vo in order.vendor_orders.all() if vo.pk == vendor_order_id), None)


def _reason(kind: Kind, part: VendorOrder | None) -> str:
    """Why a part was cancelled or returned, as its transition event recorded it."""
    if part is None or kind not in (Kind.CANCELLED, Kind.ORDER_CANCELLED, Kind.RETURNED):
        return ""
    data = (
        OrderEvent.objects.filter(vendor_order=part, kind=part.status)
        .order_by("-pk")
        .values_list("data", flat=True)
        .first()
    )
    return str((data or {}).get("reason") or "")


def order_placed_email(order: Order) -> tuple[str, str]:
    """(subject, text) of the confirmation as it is sent, for the order page to show; `order`
    comes with its parts as `_orders()` loads them."""
    with translation.override(LANGUAGE):
        context = _context(order, Kind.PLACED, None, None)
    subject, text, _html = render(Kind.PLACED, context)
    return subject, text


def send_order_notice(*, order_id: int, kind: str, vendor_order_id=None, ref=None) -> bool:
    """E-mail the shopper the notice of `kind`, once; then record its SMS if it has one.
    False when nothing was sent: muted, sent already, the order or its part is gone."""
    kind = Kind(kind)
    order = _orders().filter(pk=order_id).first()
    if order is None or not order.email or is_muted(order_id=order.pk):
        return False
    part = _part_of(order, vendor_order_id) if vendor_order_id else None
    if vendor_order_id and part is None:
        return False
    refund = Refund.objects.filter(pk=ref).first() if kind == Kind.REFUNDED else None
    with translation.override(LANGUAGE):  # the choices' labels (payment method) in Vietnamese
        context = _context(order, kind, part, refund, _reason(kind, part))
    key = claim_key(kind=kind, order_id=order.pk, vendor_order_id=vendor_order_id, ref=ref)
    with transaction.atomic():
        _claim, created = SentEmail.objects.get_or_create(
            key=key, defaults={"order": order, "recipients": [order.email]}
        )
        if not created:
            return False
        subject, text, html = render(kind, context)
        message = EmailMultiAlternatives(
            subject,
            text,
            settings.DEFAULT_FROM_EMAIL,
            [order.email],
            headers={
                # RFC 2369 and RFC 8058: mail clients offer a one-click "unsubscribe" that
                # POSTs "List-Unsubscribe=One-Click" to this address.
                "List-Unsubscribe": f"<{context['mute_url']}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(html, "text/html")
        message.send()
        if kind in sms.SMS_KINDS and order.phone:
            _notice, payload = notice_message(
                order_id=order.pk, vendor_order_id=vendor_order_id, kind=kind, ref=ref
            )
            enqueue(handler=SMS_HANDLER, payload=payload)
    return True


def sms_params(order: Order, part: VendorOrder | None) -> dict:
    tracking = tracking_link(part.carrier, part.tracking_number) if part else ""
    return {
        "number": order.number,
        "vendor": part.vendor.name if part else "",
        "carrier": part.carrier if part else "",
        "waybill": part.tracking_number if part else "",
        "place": _place(part) if part else "",
        "code": part.pickup_code if part else "",
        "url": tracking or order_url(order),
    }


def send_order_sms(*, order_id: int, kind: str, vendor_order_id=None, ref=None) -> bool:
    """Text the shopper the notice of `kind` through the configured backend, once. A refusal
    by the provider is logged and not retried; an exception is (by the outbox)."""
    kind = Kind(kind)
    if kind not in sms.SMS_KINDS:
        return False
    order = Order.objects.filter(pk=order_id).first()
    if order is None or not order.phone or is_muted(order_id=order.pk):
        return False
    part = None
    if vendor_order_id:
        part = (
            VendorOrder.objects.select_related("vendor", "pickup_location__commune__province")
            .filter(pk=vendor_order_id, order=order)
            .first()
        )
        if part is None:
            return False
    key = f"sms:{kind.value}:{order.pk}:{vendor_order_id or '-'}"
    with transaction.atomic():
        _claim, created = SentEmail.objects.get_or_create(
            key=key, defaults={"order": order, "recipients": [sms.mask_phone(order.phone)]}
        )
        if not created:
            return False
        result = sms.get_backend().send(
            phone=order.phone, template=kind.value, params=sms_params(order, part)
        )
    if not result.accepted:
        logger.warning(
            "SMS %s to %s refused: %s", kind.value, sms.mask_phone(order.phone), result.error
        )
    return result.accepted
