"""Orders as clients see them: the shopper (by order token or account), the producer (its own
parts) and staff. A pickup code is shown only to the shopper, never to the showroom that
checks it."""

import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from marketplace.geography.graphql.types import CommuneType
from marketplace.graphql.core.types import MoneyField, visible_through
from orders.models import Order, OrderLine, Payment, PaymentMethod, VendorOrder
from orders.selectors import orders_visible_to, vendor_orders_visible_to, written_or_related
from orders.shipment_selectors import carrier_events, shipment_tracking_url

OrderStatusEnum = graphene.Enum.from_enum(Order.Status, name="OrderStatus")
PaymentStatusEnum = graphene.Enum.from_enum(Order.PaymentStatus, name="OrderPaymentStatus")
VendorOrderStatusEnum = graphene.Enum.from_enum(VendorOrder.Status, name="VendorOrderStatus")
DeliveryKindEnum = graphene.Enum("DeliveryKind", [("SHIPPING", "SHIPPING"), ("PICKUP", "PICKUP")])
PaymentMethodEnum = graphene.Enum(
    "PaymentMethod",
    [("COD", "COD"), ("VNPAY", "VNPAY"), ("STRIPE", "STRIPE")],
    description="Cash on delivery, VNPay, or a card through Stripe.",
)
PaymentStatusOfPaymentEnum = graphene.Enum.from_enum(Payment.Status, name="PaymentStatus")


class InvoiceRequestType(graphene.ObjectType):
    company_name = graphene.String(required=True)
    tax_code = graphene.String(required=True, description='Normalised: "0100233488(-001)".')
    email = graphene.String(required=True, description="Where the e-invoice is sent.")
    address = graphene.String(required=True)

    class Meta:
        name = "InvoiceRequest"
        description = "A VAT e-invoice asked for at checkout, to a company."

    @staticmethod
    def of(obj):
        """The request on a checkout or an order, or None if none was asked for."""
        if not obj.invoice_company_name:
            return None
        return InvoiceRequestType(
            company_name=obj.invoice_company_name,
            tax_code=obj.invoice_tax_code,
            email=obj.invoice_email,
            address=obj.invoice_address,
        )


def show_pickup_codes(info, order_ids) -> None:
    """The viewer is the shopper of these orders (by token or account): show their codes."""
    shown = getattr(info.context, "shopper_order_ids", None)
    if shown is None:
        shown = info.context.shopper_order_ids = set()
    shown.update(order_ids)


class Address(graphene.ObjectType):
    full_name = graphene.String(required=True)
    phone = graphene.String(required=True)
    street_address = graphene.String(required=True)
    commune = graphene.Field(CommuneType)

    @classmethod
    def of(cls, record) -> "Address":
        """The address an order or a checkout holds in its own columns."""
        return cls(
            full_name=record.full_name,
            phone=record.phone,
            street_address=record.street_address,
            commune=record.commune,
        )


class OrderLineType(DjangoObjectType):
    sku = graphene.String(required=True)
    product_name = graphene.String(required=True)
    variant_name = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    unit_price = MoneyField("unit_price", required=True, description="The price when ordered.")
    total_price = MoneyField("line_total", required=True)

    class Meta:
        model = OrderLine
        name = "OrderLine"
        fields = ("sku", "product_name", "variant_name", "quantity")


class VendorOrderType(DjangoObjectType):
    vendor = graphene.Field("vendors.graphql.types.VendorType", required=True)
    status = graphene.Field(VendorOrderStatusEnum, required=True)
    delivery_kind = graphene.Field(DeliveryKindEnum, required=True)
    delivery_name = graphene.String(required=True)
    pickup_location = graphene.Field("inventory.graphql.types.LocationType")
    pickup_code = graphene.String(description="The shopper's code to collect a pickup order.")
    lines = graphene.List(graphene.NonNull(OrderLineType), required=True)
    subtotal = MoneyField("subtotal", required=True)
    shipping_price = MoneyField("shipping_price", required=True)
    discount = MoneyField("discount", required=True, description="Vouchers' share of this part.")
    platform_discount = MoneyField(
        "platform_discount", required=True, description="Funded by the marketplace."
    )
    producer_discount = MoneyField(
        "producer_discount", required=True, description="Funded by the producer."
    )
    total = MoneyField("total", required=True)
    carrier = graphene.String(required=True)
    tracking_number = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)
    order_number = graphene.String(required=True, description='The order\'s "OCOP0000123".')
    recipient = graphene.Field(
        Address, required=True, description="Whom to deliver to, or who collects a pickup."
    )
    note = graphene.String(required=True, description="The shopper's note to this producer.")
    invoice_request = graphene.Field(
        InvoiceRequestType, description="The order's VAT e-invoice request, if any."
    )
    shipments = graphene.List(
        graphene.NonNull("orders.graphql.shipments.ShipmentType"),
        required=True,
        description="Parcels booked with a carrier for this part (cancelled ones too).",
    )
    tracking_url = graphene.String(
        description="The carrier's public tracking page of the booked shipment, if any."
    )
    carrier_events = graphene.List(
        graphene.NonNull("orders.graphql.shipments.CarrierEventType"),
        required=True,
        description="What the carrier reported about this part's parcels, oldest first.",
    )

    class Meta:
        model = VendorOrder
        name = "VendorOrder"
        interfaces = (relay.Node,)
        fields = ("vendor", "status", "carrier", "tracking_number", "note", "created_at")
        description = "One producer's part of an order, which that producer fulfils."

    get_queryset = visible_through(vendor_orders_visible_to)

    @staticmethod
    def resolve_delivery_kind(root, info):
        return root.delivery_kind.upper()

    @staticmethod
    def resolve_pickup_code(root, info):
        shown = getattr(info.context, "shopper_order_ids", set())
        return root.pickup_code or None if root.order_id in shown else None

    @staticmethod
    def resolve_order_number(root, info):
        return root.order.number

    @staticmethod
    def resolve_recipient(root, info):
        return Address.of(root.order)

    @staticmethod
    def resolve_invoice_request(root, info):
        return InvoiceRequestType.of(root.order)

    @staticmethod
    def resolve_lines(root, info):
        return written_or_related(root, written="placed_lines", relation="lines")

    @staticmethod
    def resolve_shipments(root, info):
        return list(root.shipments.all())

    @staticmethod
    def resolve_tracking_url(root, info):
        return shipment_tracking_url(root) or None

    @staticmethod
    def resolve_carrier_events(root, info):
        return carrier_events(root)


class OrderType(DjangoObjectType):
    number = graphene.String(required=True, description='e.g. "OCOP0000123".')
    token = graphene.UUID(required=True, description="Reach the order with `order(token)`.")
    status = graphene.Field(OrderStatusEnum, required=True)
    payment_status = graphene.Field(PaymentStatusEnum, required=True)
    payment_method = graphene.Field(PaymentMethodEnum, required=True)
    email = graphene.String(required=True)
    shipping_address = graphene.Field(Address, required=True)
    subtotal = MoneyField("subtotal", required=True)
    shipping_total = MoneyField("shipping_total", required=True)
    discount_total = MoneyField("discount_total", required=True, description="Off the goods.")
    voucher_code = graphene.String(required=True, description="Blank when none was used.")
    total = MoneyField("total", required=True)
    vendor_orders = graphene.List(graphene.NonNull(VendorOrderType), required=True)
    payment_due_at = graphene.DateTime(description="Unpaid online orders expire then.")
    invoice_request = graphene.Field(InvoiceRequestType)
    created_at = graphene.DateTime(required=True)

    class Meta:
        model = Order
        name = "Order"
        interfaces = (relay.Node,)
        fields = ("token", "status", "payment_status", "email", "created_at", "payment_due_at")
        description = "A shopper's order, split into one part per producer."

    get_queryset = visible_through(orders_visible_to)

    @staticmethod
    def resolve_payment_method(root, info):
        return root.payment_method.upper()

    @staticmethod
    def resolve_shipping_address(root, info):
        return Address.of(root)

    @staticmethod
    def resolve_invoice_request(root, info):
        return InvoiceRequestType.of(root)

    @staticmethod
    def resolve_vendor_orders(root, info):
        return written_or_related(root, written="placed_vendor_orders", relation="vendor_orders")


class PaymentType(graphene.ObjectType):
    gateway = graphene.Field(PaymentMethodEnum, required=True)
    status = graphene.Field(PaymentStatusOfPaymentEnum, required=True)
    amount = MoneyField("amount", required=True)
    action_url = graphene.String(description="VNPay: send the shopper to this signed URL.")
    client_secret = graphene.String(description="Stripe: confirm the card payment with this.")

    class Meta:
        name = "Payment"

    @staticmethod
    def resolve_gateway(root, info):
        return PaymentMethod(root.gateway).name

    @staticmethod
    def resolve_status(root, info):
        return root.status

    @staticmethod
    def resolve_action_url(root, info):
        action = getattr(root, "action", None)
        return action.action_url if action else None

    @staticmethod
    def resolve_client_secret(root, info):
        action = getattr(root, "action", None)
        return action.client_secret if action else None
