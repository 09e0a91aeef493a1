"""A producer's order parts as a spreadsheet (CSV): one row per part, amounts in whole đồng,
with the shopper's note and the VAT e-invoice request the producer issues."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from orders.services.payouts import _cell as spreadsheet_text


def _columns() -> list[str]:
    return [
        _("Order"),
        _("Placed on"),
        _("Status"),
        _("Recipient"),
        _("Phone"),
        _("Address"),
        _("Delivery"),
        _("Goods"),
        _("Shipping"),
        _("Total"),
        _("Message to the seller"),
        _("Company name"),
        _("Tax code"),
        _("Email for the invoice"),
        _("Company address"),
    ]


def vendor_orders_csv(*, parts) -> str:
    """`parts`: VendorOrders with their order, commune and province loaded."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_columns())
    for part in parts:
        order = part.order
        row = [
            order.number,
            timezone.localtime(part.created_at).strftime("%d/%m/%Y %H:%M"),
            part.get_status_display(),
            order.full_name,
            order.phone,
            f"{order.street_address}, {order.commune.name}, {order.commune.province.name}",
            part.delivery_name,
            part.subtotal,
            part.shipping_price,
            part.total,
            part.note,
            order.invoice_company_name,
            order.invoice_tax_code,
            order.invoice_email,
            order.invoice_address,
        ]
        writer.writerow([spreadsheet_text(value) for value in row])
    return buffer.getvalue()
