"""Shipments booked with a carrier ("Tạo vận đơn") for a producer's part, cancelled while they
wait for pickup, and their labels. The carrier's tracking webhooks are applied in
`orders.services.tracking`.

The carrier account is the one the part's shipping method names (`ShippingMethod.
carrier_account`, the producer's own or the platform's): the method the shopper chose and paid
for is the carrier that carries it. A method without an account is shipped the old way (the
producer types the carrier and waybill).

The carrier is called outside any transaction: the part is checked under its row lock, the
lock released, the carrier called, then the shipment recorded under the lock again after
checking once more. Two producers' members pressing the button together both reach the
carrier; the reference (order number and part) makes a real carrier refuse the second booking,
and should it not, the loser finds the winner's shipment at the re-check, cancels its own
waybill and is refused; `shipment_one_live_per_part` is the last guard."""

import logging

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from marketplace.core.errors import ErrorCode, ServiceError
from orders.carriers.addresses import carrier_address, producer_address
from orders.carriers.base import (
    CarrierError,
    CarrierErrorCode,
    Parcel,
    ShipmentItem,
    ShipmentRequest,
)
from orders.carriers.registry import carrier_for
from orders.fulfilment_rules import require_paid, require_producer
from orders.lock_objects import lock_vendor_order
from orders.models import CarrierAccount, OrderLine, PaymentMethod, Shipment, VendorOrder
from orders.services.fulfilment import record_event
from orders.shipment_selectors import bookable_account, live_shipment
from vendors.models import Vendor

logger = logging.getLogger("marketplace.carriers")
S = VendorOrder.Status
FIELD = "vendor_order_id"


def _carrier_error(error: CarrierError) -> ServiceError:
    """What the producer reads when the carrier refused or did not answer (nothing written)."""
    if error.code == CarrierErrorCode.INVALID_ADDRESS:
        return ServiceError.single(
            ErrorCode.INVALID,
            _("The carrier does not deliver to this address or to your pickup address."),
            FIELD,
        )
    if error.code == CarrierErrorCode.OVERWEIGHT:
        return ServiceError.single(
            ErrorCode.INVALID, _("The parcel is too heavy for this carrier's service."), FIELD
        )
    if error.code == CarrierErrorCode.AUTH:
        message = _("The carrier refused the account's token or shop id: check the account.")
    elif error.code == CarrierErrorCode.REFUSED:
        message = _("The carrier refused: %(reason)s") % {"reason": error.message}
    else:
        message = _("The carrier could not be reached. Try again in a few minutes.")
    return ServiceError.single(ErrorCode.CARRIER_UNAVAILABLE, message, FIELD)


def _check_bookable(vendor_order: VendorOrder) -> CarrierAccount:
    """A locked part: confirmed (paid), delivered by a method linked to a carrier account, with
    no live shipment yet."""
    require_paid(vendor_order)
    if vendor_order.delivery_kind != VendorOrder.DeliveryKind.SHIPPING:
        raise ServiceError.single(
            ErrorCode.INVALID, _("A pickup order is not sent by carrier."), FIELD
        )
    if vendor_order.status != S.CONFIRMED:
        raise ServiceError.single(
            ErrorCode.INVALID_TRANSITION,
            _("Confirm the order before creating its shipment; a shipped order has one."),
            FIELD,
        )
    if live_shipment(vendor_order) is not None:
        raise ServiceError.single(
            ErrorCode.INVALID_TRANSITION, _("This order already has a shipment."), FIELD
        )
    account = bookable_account(vendor_order)
    if account is None:
        raise ServiceError.single(
            ErrorCode.INVALID,
            _("This delivery method is not linked to a carrier account."),
            FIELD,
        )
    return account


def _shipment_request(vendor_order: VendorOrder, account: CarrierAccount) -> ShipmentRequest:
    order, vendor = vendor_order.order, vendor_order.vendor
    if vendor.commune_id is None or not vendor.street_address:
        raise ServiceError.single(
            ErrorCode.INVALID,
            _("Add your pickup address (street and commune) to your profile first."),
            FIELD,
        )
    lines = list(
        OrderLine.objects.filter(vendor_order=vendor_order).select_related("variant").order_by("pk")
    )
    items = [
        ShipmentItem(
            name=f"{line.product_name} – {line.variant_name}",
            quantity=line.quantity,
            weight_grams=line.variant.weight_grams if line.variant else 0,
            sku=line.sku,
        )
        for line in lines
    ]
    weight = sum(item.weight_grams * item.quantity for item in items)
    if weight <= 0:
        raise ServiceError.single(
            ErrorCode.INVALID,
            _("Enter the weight of these products (in grams) before creating the shipment."),
            FIELD,
        )
    cod = vendor_order.total if order.payment_method == PaymentMethod.COD else 0
    return ShipmentRequest(
        reference=f"{order.number}-{vendor_order.pk}",
        sender=producer_address(vendor),
        recipient=carrier_address(
            commune=order.commune,
            name=order.full_name,
            phone=order.phone,
            street=order.street_address,
        ),
        parcel=Parcel(weight_grams=weight, declared_value=vendor_order.subtotal, cod_amount=cod),
        items=items,
        service=vendor_order.shipping_method.carrier_service,
        note=vendor_order.note,
    )


def _lock(vendor_order: VendorOrder) -> VendorOrder:
    """The part under its row lock, with the rows the checks and the request read."""
    part = lock_vendor_order(vendor_order)
    part.vendor = Vendor.objects.select_related("commune__province").get(pk=part.vendor_id)
    return part


def shipment_create(*, actor, vendor_order: VendorOrder) -> Shipment:
    """ "Tạo vận đơn": book the part's parcel with its method's carrier. The waybill becomes the
    part's tracking number; the part stays confirmed until the carrier reports the pickup."""
    with transaction.atomic():
        part = _lock(vendor_order)
        require_producer(actor, part)
        account = _check_bookable(part)
        request = _shipment_request(part, account)
    carrier = carrier_for(account)
    try:
        created = carrier.create_shipment(request)
    except CarrierError as error:
        logger.warning("Shipment %s not booked: %s", request.reference, error.code)
        raise _carrier_error(error) from error
    try:
        with transaction.atomic():
            part = lock_vendor_order(vendor_order)
            if _check_bookable(part) != account:
                raise ServiceError.single(
                    ErrorCode.INVALID, _("The delivery method changed meanwhile."), FIELD
                )
            shipment = Shipment.objects.create(
                vendor_order=part,
                account=account,
                carrier=account.carrier,
                service=request.service,
                waybill=created.waybill,
                fee=created.fee,
                cod_amount=request.parcel.cod_amount,
                expected_delivery=created.expected_delivery,
            )
            part.carrier, part.tracking_number = carrier.name, created.waybill
            part.save(update_fields=["carrier", "tracking_number", "updated_at"])
            record_event(
                vendor_order=part,
                kind="shipment_created",
                actor=actor,
                carrier=account.carrier,
                waybill=created.waybill,
                fee=created.fee,
                cod_amount=request.parcel.cod_amount,
            )
    except (ServiceError, IntegrityError) as error:
        # Booked at the carrier but not ours to keep (another booking won): give it back.
        _cancel_quietly(carrier, created.waybill)
        if isinstance(error, ServiceError):
            raise
        raise ServiceError.single(
            ErrorCode.INVALID_TRANSITION, _("This order already has a shipment."), FIELD
        ) from error
    return shipment


def _cancel_quietly(carrier, waybill: str) -> None:
    try:
        carrier.cancel(waybill=waybill)
    except CarrierError as error:
        logger.error("Orphan waybill %s not cancelled at the carrier: %s", waybill, error.code)


def _locked_shipment(shipment: Shipment) -> tuple[VendorOrder, Shipment]:
    part = lock_vendor_order(shipment.vendor_order)
    return part, Shipment.objects.select_related("account").get(pk=shipment.pk)


def shipment_cancel(*, actor, shipment: Shipment) -> Shipment:
    """Cancel a shipment still waiting for pickup: at the carrier first, then here. The part
    stays confirmed: the producer books again or ships the old way."""
    with transaction.atomic():
        part, shipment = _locked_shipment(shipment)
        require_producer(actor, part)
        _require_waiting(shipment)
    try:
        carrier_for(shipment.account).cancel(waybill=shipment.waybill)
    except CarrierError as error:
        raise _carrier_error(error) from error
    with transaction.atomic():
        part, shipment = _locked_shipment(shipment)
        _require_waiting(shipment)  # a pickup reported meanwhile: the carrier refused anyway
        shipment.status = Shipment.Status.CANCELLED
        shipment.save(update_fields=["status", "updated_at"])
        if part.tracking_number == shipment.waybill:
            part.carrier, part.tracking_number = "", ""
            part.save(update_fields=["carrier", "tracking_number", "updated_at"])
        record_event(
            vendor_order=part,
            kind="shipment_cancelled",
            actor=actor,
            carrier=shipment.carrier,
            waybill=shipment.waybill,
        )
    return shipment


def _require_waiting(shipment: Shipment) -> None:
    if shipment.status != Shipment.Status.CREATED:
        raise ServiceError.single(
            ErrorCode.INVALID_TRANSITION,
            _("Only a shipment waiting for pickup can be cancelled."),
            "id",
        )


def _require_label(actor, shipment: Shipment) -> None:
    require_producer(actor, shipment.vendor_order)
    if shipment.status == Shipment.Status.CANCELLED:
        raise ServiceError.single(
            ErrorCode.INVALID_TRANSITION, _("This shipment was cancelled."), "id"
        )


def shipment_label_url(*, actor, shipment: Shipment) -> str:
    """Where the producer prints the parcel's label (the carrier may issue a short-lived
    print token: network I/O, no transaction)."""
    _require_label(actor, shipment)
    try:
        return carrier_for(shipment.account).label_url(waybill=shipment.waybill)
    except CarrierError as error:
        raise _carrier_error(error) from error


def shipment_label_pdf(*, actor, shipment: Shipment) -> bytes | None:
    """The label's PDF for carriers whose label URL needs our token (GHTK), fetched here to
    be streamed to the producer; None when the producer can open the label URL itself."""
    _require_label(actor, shipment)
    try:
        return carrier_for(shipment.account).label_pdf(waybill=shipment.waybill)
    except CarrierError as error:
        raise _carrier_error(error) from error
