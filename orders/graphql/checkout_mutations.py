"""Checkout operations named in DESIGN.md. Each parses its input, calls one service and
returns the checkout (or the order) with its errors."""

import graphene

from marketplace.core.errors import ServiceError
from marketplace.geography.selectors import commune_by_code
from marketplace.graphql.core.ids import decode_id
from marketplace.graphql.core.mutations import BaseMutation, user_of
from orders.graphql.checkout_types import CheckoutType
from orders.graphql.types import OrderType, PaymentMethodEnum, PaymentType, show_pickup_codes
from orders.selectors import PICKUP, SHIPPING, delivery_method
from orders.services import checkout as services
from orders.services import checkout_extras, checkout_vouchers
from orders.services.place import checkout_place


class CheckoutLineInput(graphene.InputObjectType):
    variant_id = graphene.ID(required=True)
    quantity = graphene.Int(required=True, description="1–999; 0 removes (in update).")


class CheckoutCreateInput(graphene.InputObjectType):
    email = graphene.String(description="Needed before completing; a logged-in shopper's own.")
    lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True)


class ShippingAddressInput(graphene.InputObjectType):
    full_name = graphene.String(required=True)
    phone = graphene.String(required=True, description='A Vietnamese number, "0912 345 678".')
    street_address = graphene.String(required=True, description="House number, street, hamlet.")
    commune_code = graphene.String(required=True, description="5-digit 2025 commune code.")


def _lines(lines) -> list[services.LineInput]:
    return [
        services.LineInput(
            decode_id(line.variant_id, "ProductVariant", field=f"lines.{i}.variant_id"),
            line.quantity,
        )
        for i, line in enumerate(lines)
    ]


def _checkout(info, token):
    return services.checkout_for(actor=user_of(info), token=token)


class CheckoutPayload(BaseMutation):
    checkout = graphene.Field(CheckoutType)

    class Meta:
        abstract = True


class CheckoutCreate(CheckoutPayload):
    class Arguments:
        input = CheckoutCreateInput(required=True)

    class Meta:
        description = "Start a checkout with some lines; keep its token."

    @classmethod
    def perform(cls, root, info, input):
        checkout = services.checkout_create(
            actor=user_of(info), email=input.get("email") or "", lines=_lines(input["lines"])
        )
        return {"checkout": checkout}


class CheckoutLinesAdd(CheckoutPayload):
    class Arguments:
        token = graphene.UUID(required=True)
        lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True)

    class Meta:
        description = "Add lines; a variant already in the checkout gets the quantities added."

    @classmethod
    def perform(cls, root, info, token, lines):
        checkout = services.checkout_lines_add(
            actor=user_of(info), checkout=_checkout(info, token), lines=_lines(lines)
        )
        return {"checkout": checkout}


class CheckoutLinesUpdate(CheckoutPayload):
    class Arguments:
        token = graphene.UUID(required=True)
        lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True)

    class Meta:
        description = "Set the quantities of lines; 0 removes a line."

    @classmethod
    def perform(cls, root, info, token, lines):
        checkout = services.checkout_lines_update(
            actor=user_of(info), checkout=_checkout(info, token), lines=_lines(lines)
        )
        return {"checkout": checkout}


class CheckoutEmailUpdate(CheckoutPayload):
    class Arguments:
        token = graphene.UUID(required=True)
        email = graphene.String(required=True)

    @classmethod
    def perform(cls, root, info, token, email):
        checkout = services.checkout_email_update(
            actor=user_of(info), checkout=_checkout(info, token), email=email
        )
        return {"checkout": checkout}


class CheckoutShippingAddressUpdate(CheckoutPayload):
    class Arguments:
        token = graphene.UUID(required=True)
        shipping_address = ShippingAddressInput(required=True)

    class Meta:
        description = "Where to deliver; the available delivery methods follow from it."

    @classmethod
    def perform(cls, root, info, token, shipping_address):
        commune = commune_by_code(shipping_address.commune_code)
        checkout = services.checkout_shipping_address_update(
            actor=user_of(info),
            checkout=_checkout(info, token),
            full_name=shipping_address.full_name,
            phone=shipping_address.phone,
            street_address=shipping_address.street_address,
            commune=commune,
        )
        return {"checkout": checkout}


class CheckoutDeliveryMethodUpdate(CheckoutPayload):
    class Arguments:
        token = graphene.UUID(required=True)
        vendor_id = graphene.ID(required=True)
        delivery_method_id = graphene.ID(
            required=True, description="An id from the group's availableDeliveryMethods."
        )

    @classmethod
    def perform(cls, root, info, token, vendor_id, delivery_method_id):
        vendor_pk = decode_id(vendor_id, "Vendor", field="vendor_id")
        method = delivery_method(**_delivery_choice(delivery_method_id))
        checkout = services.checkout_delivery_method_update(
            actor=user_of(info), checkout=_checkout(info, token), vendor_id=vendor_pk, method=method
        )
        return {"checkout": checkout}


class CheckoutNoteUpdate(CheckoutPayload):
    class Arguments:
        token = graphene.UUID(required=True)
        vendor_id = graphene.ID(required=True)
        note = graphene.String(required=True, description="At most 500 characters; blank clears.")

    class Meta:
        description = "A note to one producer of the checkout, copied to its part of the order."

    @classmethod
    def perform(cls, root, info, token, vendor_id, note):
        vendor_pk = decode_id(vendor_id, "Vendor", field="vendor_id")
        checkout = checkout_extras.checkout_note_update(
            actor=user_of(info), checkout=_checkout(info, token), vendor_id=vendor_pk, note=note
        )
        return {"checkout": checkout}


class InvoiceRequestInput(graphene.InputObjectType):
    company_name = graphene.String(required=True)
    tax_code = graphene.String(required=True, description='"0100233488" or "0314409058-002".')
    email = graphene.String(required=True)
    address = graphene.String(required=True)


class CheckoutInvoiceUpdate(CheckoutPayload):
    class Arguments:
        token = graphene.UUID(required=True)
        invoice_request = InvoiceRequestInput(required=True)

    class Meta:
        description = "Ask for a VAT e-invoice to a company; all fields are checked."

    @classmethod
    def perform(cls, root, info, token, invoice_request):
        checkout = checkout_extras.checkout_invoice_update(
            actor=user_of(info),
            checkout=_checkout(info, token),
            company_name=invoice_request.company_name,
            tax_code=invoice_request.tax_code,
            email=invoice_request.email,
            address=invoice_request.address,
        )
        return {"checkout": checkout}


class CheckoutInvoiceClear(CheckoutPayload):
    class Arguments:
        token = graphene.UUID(required=True)

    @classmethod
    def perform(cls, root, info, token):
        checkout = checkout_extras.checkout_invoice_clear(
            actor=user_of(info), checkout=_checkout(info, token)
        )
        return {"checkout": checkout}


class CheckoutVoucherApply(CheckoutPayload):
    class Arguments:
        token = graphene.UUID(required=True)
        code = graphene.String(required=True, description='A voucher code, e.g. "OCOP10".')

    class Meta:
        description = (
            "Apply a voucher; VOUCHER_INVALID or VOUCHER_USED_UP on `code` says why not. It is "
            "checked again when the checkout is completed."
        )

    @classmethod
    def perform(cls, root, info, token, code):
        checkout = checkout_vouchers.checkout_voucher_apply(
            actor=user_of(info), checkout=_checkout(info, token), code=code
        )
        return {"checkout": checkout}


class CheckoutVoucherRemove(CheckoutPayload):
    class Arguments:
        token = graphene.UUID(required=True)

    @classmethod
    def perform(cls, root, info, token):
        checkout = checkout_vouchers.checkout_voucher_remove(
            actor=user_of(info), checkout=_checkout(info, token)
        )
        return {"checkout": checkout}


def _delivery_choice(method_id: str) -> dict:
    """A delivery method id names a shipping method or a pickup showroom."""
    try:
        return {"kind": SHIPPING, "pk": decode_id(method_id, "ShippingMethod")}
    except ServiceError:
        return {"kind": PICKUP, "pk": decode_id(method_id, "Location", field="delivery_method_id")}


class CheckoutComplete(BaseMutation):
    order = graphene.Field(OrderType)
    payment = graphene.Field(PaymentType)

    class Arguments:
        token = graphene.UUID(required=True)
        payment_method = graphene.Argument(PaymentMethodEnum, required=True)

    class Meta:
        description = (
            "Place the order: stock is set aside and one part per producer is created. COD is "
            "placed at once; VNPay returns `payment.actionUrl`, Stripe `payment.clientSecret`."
        )

    @classmethod
    def perform(cls, root, info, token, payment_method):
        done = checkout_place(
            actor=user_of(info),
            token=token,
            payment_method=getattr(payment_method, "value", payment_method),
            client_ip=info.context.META.get("REMOTE_ADDR", ""),
        )
        show_pickup_codes(info, [done.order.pk])
        return {"order": done.order, "payment": done.payment}


class CheckoutMutations(graphene.ObjectType):
    checkout_create = CheckoutCreate.Field()
    checkout_lines_add = CheckoutLinesAdd.Field()
    checkout_lines_update = CheckoutLinesUpdate.Field()
    checkout_email_update = CheckoutEmailUpdate.Field()
    checkout_shipping_address_update = CheckoutShippingAddressUpdate.Field()
    checkout_delivery_method_update = CheckoutDeliveryMethodUpdate.Field()
    checkout_note_update = CheckoutNoteUpdate.Field()
    checkout_invoice_update = CheckoutInvoiceUpdate.Field()
    checkout_invoice_clear = CheckoutInvoiceClear.Field()
    checkout_voucher_apply = CheckoutVoucherApply.Field()
    checkout_voucher_remove = CheckoutVoucherRemove.Field()
    checkout_complete = CheckoutComplete.Field()
