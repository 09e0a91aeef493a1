"""The checkout as the storefront sees it: lines grouped per producer, each group with the
delivery methods it can have now, and the totals."""

import graphene

from marketplace.graphql.core.ids import global_id
from marketplace.graphql.core.mutations import user_of
from marketplace.graphql.core.selection import requested_paths
from marketplace.graphql.core.types import Money, MoneyField, money
from orders.graphql.types import Address, DeliveryKindEnum, InvoiceRequestType
from orders.selectors import (
    PICKUP,
    checkout_discount,
    checkout_totals,
    checkout_voucher_problem,
    delivery_groups,
)
from orders.services.checkout import checkout_prices_shown

_LINE_PRICES = {"unitPrice", "totalPrice"}
_DELIVERY_PRICES = {"shippingPrice", "deliveryMethod.price"}


def groups_of(checkout):
    # Computed once per checkout instance; the carriers' quotes are asked here, outside any
    # transaction (mutations run their services' transactions before the payload resolves).
    return delivery_groups(checkout, fetch_quotes=True)


def _prices_shown(info, checkout, *, lines: bool = False, deliveries: bool = False) -> None:
    """This response shows the lines' prices, or the chosen deliveries' (each counts for its
    own): completing the checkout may charge them now (and, until the shopper has seen a new
    price, refuses to). Once per checkout instance and kind; nothing is written while the
    prices stay as they were."""
    lines = lines and not getattr(checkout, "_line_prices_shown", False)
    deliveries = deliveries and not getattr(checkout, "_delivery_prices_shown", False)
    if not (lines or deliveries):
        return
    checkout._line_prices_shown = getattr(checkout, "_line_prices_shown", False) or lines
    checkout._delivery_prices_shown = (
        getattr(checkout, "_delivery_prices_shown", False) or deliveries
    )
    groups_of(checkout)  # with the carriers' quotes, which the response shows
    checkout_prices_shown(
        actor=user_of(info), checkout=checkout, lines=lines, deliveries=deliveries
    )


def delivery_method_id(option) -> str:
    return global_id("Location" if option.kind == PICKUP else "ShippingMethod", option.target.pk)


class CarrierType(graphene.ObjectType):
    code = graphene.String(required=True, description='"ghn" or "ghtk".')
    name = graphene.String(required=True, description='Shown to shoppers: "GHN".')

    class Meta:
        name = "Carrier"
        description = "The parcel carrier whose live quote prices a delivery method."


class DeliveryMethod(graphene.ObjectType):
    id = graphene.ID(required=True, description="Pass it to checkoutDeliveryMethodUpdate.")
    name = graphene.String(required=True)
    kind = graphene.Field(DeliveryKindEnum, required=True)
    price = MoneyField("price", required=True)
    location = graphene.Field(
        "inventory.graphql.types.LocationType", description="Where to collect a pickup."
    )
    min_days = graphene.Int(description="Estimated delivery time, shipping only.")
    max_days = graphene.Int()
    carrier = graphene.Field(
        CarrierType,
        description="The carrier whose quote for this address and weight is the price; null "
        "for a producer's own rates and pickups.",
    )

    @staticmethod
    def resolve_id(root, info):
        return delivery_method_id(root)

    @staticmethod
    def resolve_carrier(root, info):
        return CarrierType(code=root.carrier, name=root.carrier_name) if root.carrier else None


class CheckoutLineType(graphene.ObjectType):
    variant = graphene.Field("catalog.graphql.types.ProductVariantType", required=True)
    quantity = graphene.Int(required=True)
    unit_price = MoneyField("variant.price", required=True)
    total_price = MoneyField(lambda root: root.variant.price * root.quantity, required=True)

    class Meta:
        name = "CheckoutLine"


class DeliveryGroupType(graphene.ObjectType):
    vendor = graphene.Field("vendors.graphql.types.VendorType", required=True)
    lines = graphene.List(graphene.NonNull(CheckoutLineType), required=True)
    available_delivery_methods = graphene.List(graphene.NonNull(DeliveryMethod), required=True)
    delivery_method = graphene.Field(DeliveryMethod, description="The one chosen, if any.")
    subtotal = MoneyField("subtotal", required=True)
    shipping_price = MoneyField("shipping_price", description="Null until a method is chosen.")
    note = graphene.String(required=True, description="The shopper's note to this producer.")
    discount = MoneyField(
        lambda root: getattr(root, "discount", 0),
        required=True,
        description="This producer's share of the voucher's discount.",
    )

    class Meta:
        name = "DeliveryGroup"
        description = "One producer's lines, which travel together."

    @staticmethod
    def resolve_available_delivery_methods(root, info):
        return root.options

    @staticmethod
    def resolve_delivery_method(root, info):
        return root.chosen

    @staticmethod
    def resolve_note(root, info):
        return getattr(root, "note", "")


class CheckoutType(graphene.ObjectType):
    token = graphene.UUID(required=True, description="The only key to an anonymous checkout.")
    email = graphene.String(required=True)
    shipping_address = graphene.Field(Address)
    lines = graphene.List(graphene.NonNull(CheckoutLineType), required=True)
    delivery_groups = graphene.List(graphene.NonNull(DeliveryGroupType), required=True)
    subtotal = graphene.Field(Money, required=True)
    shipping_price = graphene.Field(Money, required=True)
    voucher_code = graphene.String(required=True, description="Blank when none is applied.")
    voucher_problem = graphene.String(
        description="Why the applied voucher gives nothing now (it is refused at completion)."
    )
    discount = graphene.Field(Money, required=True, description="Off the goods, never shipping.")
    total = graphene.Field(Money, required=True, description="Goods + shipping − discount.")
    expires_at = graphene.DateTime(required=True)
    invoice_request = graphene.Field(InvoiceRequestType)

    class Meta:
        name = "Checkout"

    @staticmethod
    def resolve_invoice_request(root, info):
        return InvoiceRequestType.of(root)

    @staticmethod
    def resolve_shipping_address(root, info):
        return Address.of(root) if root.has_address else None

    @staticmethod
    def resolve_lines(root, info):
        if requested_paths(info) & _LINE_PRICES:
            _prices_shown(info, root, lines=True)
        return [line for group in groups_of(root) for line in group.lines]

    @staticmethod
    def resolve_delivery_groups(root, info):
        paths = requested_paths(info)
        _prices_shown(
            info,
            root,
            lines=bool(paths & {"subtotal", *(f"lines.{p}" for p in _LINE_PRICES)}),
            deliveries=bool(paths & _DELIVERY_PRICES),
        )
        groups = groups_of(root)
        discount = checkout_discount(root)
        for group in groups:  # the group is read without its checkout
            group.note = root.note_for(group.vendor.pk)
            group.discount = discount.shares.get(group.vendor.pk, 0)
        return groups

    @staticmethod
    def resolve_subtotal(root, info):
        _prices_shown(info, root, lines=True)
        return money(checkout_totals(groups_of(root)).subtotal)

    @staticmethod
    def resolve_shipping_price(root, info):
        _prices_shown(info, root, deliveries=True)
        return money(checkout_totals(groups_of(root)).shipping)

    @staticmethod
    def resolve_total(root, info):
        _prices_shown(info, root, lines=True, deliveries=True)
        return money(checkout_totals(groups_of(root), checkout_discount(root)).total)

    @staticmethod
    def resolve_discount(root, info):
        _prices_shown(info, root, lines=True)
        return money(checkout_discount(root).amount)

    @staticmethod
    def resolve_voucher_problem(root, info):
        problem = checkout_voucher_problem(root)
        return problem.message if problem is not None else None
