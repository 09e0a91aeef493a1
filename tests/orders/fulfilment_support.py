"""Orders placed and moved along for the fulfilment, earnings and payout tests."""

from decimal import Decimal

from inventory.models import Stock
from orders.lock_objects import lock_payment
from orders.models import Order, Payment, VendorOrder
from orders.payments.outcomes import record_capture
from orders.services import fulfilment
from orders.services.complete import checkout_complete
from tests.factories import (
    AgreementFactory,
    ShowroomFactory,
    StaffFactory,
    StockFactory,
    VendorFactory,
    VendorMemberFactory,
)
from tests.orders.helpers import ready_checkout, variant_in_stock


def place(lines, *, method="COD", actor=None, pickup=None) -> Order:
    checkout = ready_checkout(lines, actor=actor, pickup=pickup)
    return checkout_complete(actor=actor, checkout=checkout, payment_method=method).order


def pay(order: Order) -> Order:
    """What a valid VNPay IPN or Stripe webhook does to an online order."""
    payment = Payment.objects.get(order=order)
    locked_order, payment = lock_payment(payment.pk)
    record_capture(locked_order, payment, amount=payment.amount)
    order.refresh_from_db()
    return order


def part(order: Order, variant) -> VendorOrder:
    return VendorOrder.objects.select_related("order", "vendor").get(
        order=order, vendor=variant.vendor
    )


def member(vendor, role="owner"):
    return VendorMemberFactory(vendor=vendor, role=role).user


def variant(price=100_000, *, quantity=10, vendor=None, kind="cooperative", rate="10.00"):
    """A variant with `quantity` in stock at a warehouse of `vendor` (or of a new producer of
    `kind` with commission `rate` percent)."""
    vendor = vendor or VendorFactory(kind=kind, commission_rate=Decimal(rate))
    return variant_in_stock(quantity, product__vendor=vendor, price=price)


def consigned(variant, quantity=10):
    """A pickup-enabled showroom holding `variant` on consignment."""
    showroom = ShowroomFactory()
    AgreementFactory(vendor=variant.vendor, showroom=showroom)
    StockFactory(variant=variant, location=showroom, quantity=quantity)
    return showroom


def advance(vendor_order: VendorOrder, to: str, *, actor=None) -> VendorOrder:
    """Move a shipping part along the happy path up to `to` (as staff unless told)."""
    actor = actor or StaffFactory()
    path = ["unconfirmed", "confirmed", "shipped", "delivered"]
    for step in path[path.index(vendor_order.status) + 1 : path.index(to) + 1]:
        if step == "confirmed":
            vendor_order = fulfilment.vendor_order_confirm(actor=actor, vendor_order=vendor_order)
        elif step == "shipped":
            vendor_order = fulfilment.vendor_order_ship(
                actor=actor, vendor_order=vendor_order, carrier="GHTK", tracking_number="S1"
            )
        else:
            vendor_order = fulfilment.vendor_order_mark_delivered(
                actor=actor, vendor_order=vendor_order
            )
    return vendor_order


def stock_of(variant, location=None) -> tuple[int, int]:
    stock = Stock.objects.get(variant=variant, **({"location": location} if location else {}))
    return stock.quantity, stock.quantity_allocated
