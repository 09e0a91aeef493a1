"""A confirmed delivery part whose shipping method books with a carrier account, for the
shipment and tracking-webhook tests (the carrier is `fake_carrier`)."""

import json
from itertools import count

from django.urls import reverse

from orders.models import CarrierAccount, ShippingMethod
from orders.services import fulfilment
from tests.orders.fulfilment_support import member, part, pay, place, variant

_ids = count(1)


def carrier_part(*, method="COD", carrier="ghn", secret=""):
    """(part, producer member, account): a confirmed part of a new order, its method linked to
    the producer's own account at `carrier` (linked after the order is placed: the price the
    shopper paid is not what these tests are about)."""
    tea = variant(120_000)
    order = place([(tea, 2)], method=method)
    if method != "COD":
        pay(order)
    owner = member(tea.vendor)
    vendor_order = fulfilment.vendor_order_confirm(actor=owner, vendor_order=part(order, tea))
    account = CarrierAccount.objects.create(
        vendor=tea.vendor,
        carrier=carrier,
        credentials={"token": "t", "webhook_secret": secret} if secret else {"token": "t"},
    )
    ShippingMethod.objects.filter(pk=vendor_order.shipping_method_id).update(
        carrier_account=account, carrier_service="2"
    )
    return part(order, tea), owner, account


def webhook_url(account) -> str:
    return reverse("carrier-webhook", args=[account.carrier, account.webhook_key])


def events_body(*events) -> str:
    """[(waybill, status) or (waybill, status, event id, at)] as the fake carrier reads them."""
    rows = []
    for event in events:
        waybill, status, *rest = event
        row = {"waybill": waybill, "status": status, "id": rest[0] if rest else next(_ids)}
        if len(rest) > 1:
            row["at"] = rest[1]
        rows.append(row)
    return json.dumps({"events": rows})
