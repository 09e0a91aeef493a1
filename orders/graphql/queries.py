import graphene
from django.db.models import Prefetch

from marketplace.core.errors import ServiceError
from marketplace.graphql.core.connections import connection_field, connection_type, paginate
from marketplace.graphql.core.mutations import user_of
from orders.graphql.checkout_types import CheckoutType
from orders.graphql.shipments import prefetch_tracking
from orders.graphql.types import OrderType, show_pickup_codes
from orders.models import Order, OrderLine, VendorOrder
from orders.services.checkout import checkout_for


def orders_with_parts(queryset):
    """Orders with what their parts show, in a fixed number of queries."""
    return queryset.select_related("commune__province").prefetch_related(
        Prefetch(
            "vendor_orders",
            queryset=VendorOrder.objects.select_related(
                "vendor__commune__province", "pickup_location__commune__province"
            ).prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("pk"))),
        )
    )


class OrderQueries(graphene.ObjectType):
    checkout = graphene.Field(
        CheckoutType,
        token=graphene.UUID(required=True),
        description="A checkout by its token; null when it does not exist, expired or is not "
        "yours.",
    )
    order = graphene.Field(
        OrderType,
        token=graphene.UUID(required=True),
        description="An order by its token (the link in the confirmation email).",
    )

    @staticmethod
    def resolve_checkout(root, info, token):
        try:
            return checkout_for(actor=user_of(info), token=token)
        except ServiceError:
            return None

    @staticmethod
    def resolve_order(root, info, token):
        queryset = orders_with_parts(Order.objects.filter(token=token))
        order = prefetch_tracking(queryset, info, "vendorOrders", through="vendor_orders__").first()
        if order is not None:
            show_pickup_codes(info, [order.pk])
        return order


OrderConnection = connection_type(OrderType)


def my_orders_field():
    return connection_field(OrderConnection, "The shopper's orders, newest first.")


def resolve_my_orders(user, info, **args):
    queryset = orders_with_parts(Order.objects.filter(user=user).order_by("-created_at", "-pk"))
    queryset = prefetch_tracking(
        queryset, info, "edges", "node", "vendorOrders", through="vendor_orders__"
    )

    def reveal(page):
        show_pickup_codes(info, [order.pk for order in page])

    return paginate(queryset, info, args, OrderConnection, prefetch=reveal)
