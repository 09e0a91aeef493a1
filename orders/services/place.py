"""The checkout's two use cases as a shopper sees them: save what the checkout page asks
(email, address, a delivery per producer) in one go, and place the order."""

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.core.errors import ErrorCode, FieldError, ServiceError
from marketplace.geography.selectors import commune_by_code
from orders.models import Checkout, PaymentMethod
from orders.payments.registry import gateway_configured
from orders.selectors import carrier_quotes_fetch, delivery_groups
from orders.services.checkout import (
    checkout_delivery_method_update,
    checkout_email_update,
    checkout_for,
    checkout_shipping_address_update,
)
from orders.services.checkout_extras import extras_save
from orders.services.complete import CompletedCheckout, checkout_complete
from orders.services.payment_start import start_payment_for
from orders.shipping_quotes import cached_quotes_only


def checkout_place(*, actor, token, payment_method: str, client_ip: str) -> CompletedCheckout:
    """Place the order of checkout `token` and start its payment: COD needs nothing more,
    VNPay gives `payment.action.action_url`, Stripe `payment.action.client_secret`.

    A payment method whose gateway is not configured is refused (INVALID on `payment_method`)
    before anything is written. The payment starts after the order committed: a gateway call
    is network I/O and must not hold stock rows locked."""
    checkout = checkout_for(actor=actor, token=token)
    method = _payment_method(payment_method)
    if not gateway_configured(method):
        raise ServiceError.single(
            ErrorCode.INVALID,
            _("%(method)s is not available right now; choose another way to pay.")
            % {"method": method.label},
            "payment_method",
        )
    done = checkout_complete(actor=actor, checkout=checkout, payment_method=method)
    start_payment_for(payment=done.payment, client_ip=client_ip)
    return done


def _payment_method(value) -> PaymentMethod:
    value = str(getattr(value, "value", value) or "").strip().lower()
    if not value:
        raise ServiceError.single(ErrorCode.REQUIRED, _("Choose how to pay."), "payment_method")
    try:
        return PaymentMethod(value)
    except ValueError:
        raise ServiceError.single(
            ErrorCode.INVALID, _("Unknown payment method."), "payment_method"
        ) from None


def checkout_details_save(
    *,
    actor,
    checkout: Checkout,
    email: str,
    full_name: str,
    phone: str,
    street_address: str,
    commune_code: str,
    province_code: str = "",
    deliveries: Mapping[int, str] | None = None,
    notes: Mapping[int, str] | None = None,
    invoice: Mapping[str, str] | None = None,
) -> Checkout:
    """Save the email, the address and each producer's delivery choice together, in one
    transaction: every error comes back at once and, when there is one, nothing is saved.

    `province_code` is the province the commune was picked in: a commune of another province
    counts as not chosen (the province changed without the commune list following).
    `deliveries` maps a producer's id to the key (`DeliveryOption.key`) of the option chosen
    for its part, among those the new address offers; an error on one is on
    `deliveries.<producer id>`. `notes` (producer id → note) and `invoice` (the e-invoice
    request's fields; all blank clears it) are left as they are when None."""
    errors: list[FieldError] = []
    commune = _commune(commune_code, province_code)
    if commune is not None:  # carriers are asked before the transaction, for the new address
        carrier_quotes_fetch(checkout, commune=commune)
    with transaction.atomic(), cached_quotes_only():
        try:
            checkout = checkout_email_update(actor=actor, checkout=checkout, email=email)
        except ServiceError as error:
            errors.extend(error.errors)
        commune = None
        try:
            commune = commune_by_code(commune_code)
        except ServiceError as error:
            errors.extend(error.errors)
        if commune is not None and province_code and commune.province_id != province_code:
            commune = None
        try:
            checkout = checkout_shipping_address_update(
                actor=actor,
                checkout=checkout,
                full_name=full_name,
                phone=phone,
                street_address=street_address,
                commune=commune,
            )
        except ServiceError as error:
            named = {item.field for item in errors}
            errors.extend(item for item in error.errors if item.field not in named)
        checkout = _deliveries_save(actor, checkout, deliveries or {}, errors)
        vendor_ids = [group.vendor.pk for group in delivery_groups(checkout)]
        extras_save(
            checkout=checkout, vendor_ids=vendor_ids, notes=notes, invoice=invoice, errors=errors
        )
        if errors:
            raise ServiceError(errors)  # and the transaction rolls back what was saved
    return checkout


def _commune(commune_code: str, province_code: str):
    try:
        commune = commune_by_code(commune_code)
    except ServiceError:
        return None
    if commune is None or (province_code and commune.province_id != province_code):
        return None
    return commune


def _deliveries_save(actor, checkout: Checkout, deliveries, errors: list) -> Checkout:
    for group in delivery_groups(checkout):
        wanted = deliveries.get(group.vendor.pk)
        option = next((o for o in group.options if o.key == wanted), None)
        field = f"deliveries.{group.vendor.pk}"
        if wanted and option is None:
            message = _("This delivery method is not available here; choose another.")
            errors.append(FieldError(ErrorCode.INVALID, message, field))
        elif option is not None and option != group.chosen:
            try:
                checkout = checkout_delivery_method_update(
                    actor=actor, checkout=checkout, vendor_id=group.vendor.pk, method=option.target
                )
            except ServiceError as error:
                errors.extend(FieldError(e.code, e.message, field) for e in error.errors)
    return checkout
