"""The types a webhook document selects from: `subscription { event { ... on OrderCreated {
order { number } } } }`, one payload type per event, each with the event's object.

The root of a rendering is an `EventRoot`; the HTTP endpoint has none, so an ordinary request
for this subscription gets `event: null`. A producer-scoped app sees the parts of an order
that are its producer's (`vendorOrders`), never the whole order (`order` is null for it),
which would show what other producers sold.
"""

from dataclasses import dataclass

import graphene

from marketplace.graphql.core.ids import global_id
from marketplace.outbox.events import Event
from orders.graphql.earnings_types import PayoutType
from orders.graphql.types import VendorOrderStatusEnum

WebhookEventTypeEnum = graphene.Enum.from_enum(Event, name="WebhookEventType")


@dataclass
class EventRoot:
    event: str
    object: object  # the Order, VendorOrder, Product, Stock, ProductReview or Payout
    previous_status: str | None = None


def _producer_id(info) -> int | None:
    return getattr(info.context, "webhook_producer_id", None)


class WebhookEvent(graphene.Interface):
    event_type = graphene.Field(WebhookEventTypeEnum, required=True)

    class Meta:
        description = "What happened; select the fields of its type with `... on OrderCreated`."

    @classmethod
    def resolve_type(cls, instance, info):
        return EVENT_TYPES[instance.event]

    @staticmethod
    def resolve_event_type(root, info):
        return root.event


def _order_event(name: str, description: str):
    def resolve_order(root, info):
        return None if _producer_id(info) else root.object

    def resolve_vendor_orders(root, info):
        parts = root.object.vendor_orders.select_related("order", "vendor").order_by("pk")
        producer_id = _producer_id(info)
        return [p for p in parts if producer_id is None or p.vendor_id == producer_id]

    return type(
        name,
        (graphene.ObjectType,),
        {
            "order": graphene.Field(
                "orders.graphql.types.OrderType",
                description="The whole order; null for an app scoped to one producer.",
            ),
            "vendor_orders": graphene.List(
                graphene.NonNull("orders.graphql.types.VendorOrderType"),
                required=True,
                description="The producers' parts the app may see.",
            ),
            "resolve_order": staticmethod(resolve_order),
            "resolve_vendor_orders": staticmethod(resolve_vendor_orders),
            "Meta": type("Meta", (), {"interfaces": (WebhookEvent,), "description": description}),
        },
    )


OrderCreated = _order_event("OrderCreated", "A shopper placed an order.")
OrderPaid = _order_event("OrderPaid", "An online order's payment arrived.")
OrderCancelled = _order_event("OrderCancelled", "Every part of an order was cancelled.")


class VendorOrderStatusChanged(graphene.ObjectType):
    vendor_order = graphene.Field("orders.graphql.types.VendorOrderType", required=True)
    previous_status = graphene.Field(VendorOrderStatusEnum)

    class Meta:
        interfaces = (WebhookEvent,)
        description = "A producer's part of an order moved on (confirmed, shipped, ...)."

    @staticmethod
    def resolve_vendor_order(root, info):
        return root.object

    @staticmethod
    def resolve_previous_status(root, info):
        return root.previous_status


def _product_event(name: str, description: str):
    return type(
        name,
        (graphene.ObjectType,),
        {
            "product": graphene.Field("catalog.graphql.types.ProductType", required=True),
            "resolve_product": staticmethod(lambda root, info: root.object),
            "Meta": type("Meta", (), {"interfaces": (WebhookEvent,), "description": description}),
        },
    )


ProductPublished = _product_event("ProductPublished", "Staff approved a product: it is listed.")
ProductUpdated = _product_event("ProductUpdated", "A producer changed a product's details.")


class StockLow(graphene.ObjectType):
    stock = graphene.Field("inventory.graphql.types.StockType", required=True)

    class Meta:
        interfaces = (WebhookEvent,)
        description = "A stock's available units fell to its low-stock threshold."

    @staticmethod
    def resolve_stock(root, info):
        return root.object


class WebhookReview(graphene.ObjectType):
    id = graphene.ID(required=True)
    rating = graphene.Int(required=True)
    title = graphene.String(required=True)
    body = graphene.String(required=True)
    variant_name = graphene.String(required=True)
    product = graphene.Field("catalog.graphql.types.ProductType", required=True)
    created_at = graphene.DateTime(required=True)

    class Meta:
        description = "A shopper's published review of a product."

    @staticmethod
    def resolve_id(root, info):
        return global_id("ProductReview", root.pk)


class ReviewPublished(graphene.ObjectType):
    review = graphene.Field(WebhookReview, required=True)

    class Meta:
        interfaces = (WebhookEvent,)
        description = "A review was published (at once, or after moderation)."

    @staticmethod
    def resolve_review(root, info):
        return root.object


class PayoutCreated(graphene.ObjectType):
    payout = graphene.Field(PayoutType, required=True)

    class Meta:
        interfaces = (WebhookEvent,)
        description = "Staff created a payout to a producer."

    @staticmethod
    def resolve_payout(root, info):
        return root.object


EVENT_TYPES = {
    Event.ORDER_CREATED: OrderCreated,
    Event.ORDER_PAID: OrderPaid,
    Event.ORDER_CANCELLED: OrderCancelled,
    Event.VENDOR_ORDER_STATUS_CHANGED: VendorOrderStatusChanged,
    Event.PRODUCT_PUBLISHED: ProductPublished,
    Event.PRODUCT_UPDATED: ProductUpdated,
    Event.STOCK_LOW: StockLow,
    Event.REVIEW_PUBLISHED: ReviewPublished,
    Event.PAYOUT_CREATED: PayoutCreated,
}


class WebhookSubscriptionRoot(graphene.ObjectType):
    event = graphene.Field(
        WebhookEvent,
        description=(
            "The event a webhook delivers. Used in webhook subscriptions' documents; a "
            "request to /graphql/ gets null."
        ),
    )

    class Meta:
        name = "Subscription"

    @staticmethod
    def resolve_event(root, info):
        return root if isinstance(root, EventRoot) else None
