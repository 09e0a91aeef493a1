"""Webhook documents against the public schema: checked when a subscription is saved, run
for each delivery with the event's object as the root (installed into
integrations.webhooks.payloads by integrations/outbox_handlers.py)."""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from graphene_django.settings import graphene_settings
from graphql import (
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    execute,
)

from catalog.models import Product
from integrations.graphql.webhooks_events import EVENT_TYPES, EventRoot
from inventory.models import Stock
from marketplace.graphql.documents import DocumentLimits, parsed, validation_errors
from marketplace.graphql.limits import QueryLimits, check_limits
from marketplace.outbox.events import Event
from orders.models import Order, Payout, VendorOrder
from reviews.models import ProductReview

logger = logging.getLogger(__name__)

# A few fields of each event, for subscriptions that give no document of their own.
DEFAULT_FRAGMENTS = {
    Event.ORDER_CREATED: "order { id number status paymentStatus paymentMethod total "
    "{ amount currency } } vendorOrders { id status vendor { id name } total { amount } }",
    Event.VENDOR_ORDER_STATUS_CHANGED: "previousStatus vendorOrder { id orderNumber status "
    "carrier trackingNumber vendor { id name } }",
    Event.PRODUCT_PUBLISHED: "product { id name slug vendor { id name } }",
    Event.STOCK_LOW: "stock { id quantity quantityAvailable lowStockThreshold "
    "variant { id sku } location { id name } }",
    Event.REVIEW_PUBLISHED: "review { id rating title body product { id name slug } }",
    Event.PAYOUT_CREATED: "payout { id periodStart periodEnd amount { amount currency } "
    "vendor { id name } }",
}
DEFAULT_FRAGMENTS[Event.ORDER_PAID] = DEFAULT_FRAGMENTS[Event.ORDER_CREATED]
DEFAULT_FRAGMENTS[Event.ORDER_CANCELLED] = DEFAULT_FRAGMENTS[Event.ORDER_CREATED]
DEFAULT_FRAGMENTS[Event.PRODUCT_UPDATED] = DEFAULT_FRAGMENTS[Event.PRODUCT_PUBLISHED]

_ROOT_ROWS = {
    Event.ORDER_CREATED: (Order.objects.all(), "order_id"),
    Event.ORDER_PAID: (Order.objects.all(), "order_id"),
    Event.ORDER_CANCELLED: (Order.objects.all(), "order_id"),
    Event.VENDOR_ORDER_STATUS_CHANGED: (
        VendorOrder.objects.select_related("order", "vendor"),
        "vendor_order_id",
    ),
    Event.PRODUCT_PUBLISHED: (Product.objects.select_related("vendor"), "product_id"),
    Event.PRODUCT_UPDATED: (Product.objects.select_related("vendor"), "product_id"),
    Event.STOCK_LOW: (
        Stock.objects.select_related("variant__product", "location"),
        "stock_id",
    ),
    Event.REVIEW_PUBLISHED: (ProductReview.objects.select_related("product"), "review_id"),
    Event.PAYOUT_CREATED: (Payout.objects.select_related("vendor"), "payout_id"),
}


def _schema():
    return graphene_settings.SCHEMA.graphql_schema


def _type_conditions(document) -> set[str]:
    """The type names the `event` selection is narrowed to, through inline fragments and
    named fragments alike."""
    names = set()
    for definition in document.definitions:
        if isinstance(definition, FragmentDefinitionNode):
            names.add(definition.type_condition.name.value)
        elif isinstance(definition, OperationDefinitionNode):
            for field in definition.selection_set.selections:
                for selection in getattr(field.selection_set, "selections", ()):
                    if isinstance(selection, InlineFragmentNode) and selection.type_condition:
                        names.add(selection.type_condition.name.value)
    return names


def _context(producer_id: int | None) -> HttpRequest:
    """What the resolvers read of a request: nobody logged in (public fields only), the site's
    host for absolute URLs, and the producer a scoped app acts for."""
    site = urlsplit(settings.SITE_URL)
    request = HttpRequest()
    request.META["SERVER_NAME"] = site.hostname or "localhost"
    request.META["SERVER_PORT"] = str(site.port or (443 if site.scheme == "https" else 80))
    if site.scheme == "https":
        request.META["HTTPS"] = "on"
    request.user = AnonymousUser()
    request.webhook_producer_id = producer_id
    return request


class GraphQLPayloadDocuments:
    def default_document(self, events: list[str]) -> str:
        parts = [
            f"    ... on {EVENT_TYPES[event]._meta.name} {{ {DEFAULT_FRAGMENTS[event]} }}"
            for event in events
        ]
        return "subscription {\n  event {\n    eventType\n" + "\n".join(parts) + "\n  }\n}\n"

    def document_errors(self, document: str, events: list[str]) -> list[str]:
        schema = _schema()
        bounds = DocumentLimits.from_settings()
        parsed_document, errors = parsed(document, bounds)
        if errors:
            return [error.message for error in errors]
        operations = [
            d for d in parsed_document.definitions if isinstance(d, OperationDefinitionNode)
        ]
        if len(operations) != 1 or operations[0].operation != OperationType.SUBSCRIPTION:
            return [_("A webhook document is one operation: subscription { event { ... } }.")]
        operation = operations[0]
        if operation.variable_definitions:
            return [_("A webhook document takes no variables.")]
        errors = check_limits(schema, parsed_document, operation, {}, QueryLimits.from_settings())
        errors = errors or validation_errors(schema, document, bounds)
        if errors:
            return [error.message for error in errors]
        allowed = {"WebhookEvent"} | {EVENT_TYPES[event]._meta.name for event in events}
        for name in sorted(_type_conditions(parsed_document) - allowed):
            return [
                _("The subscription does not receive %(type)s events; subscribe to them first.")
                % {"type": name}
            ]
        for field in operation.selection_set.selections:
            if isinstance(field, FragmentSpreadNode | InlineFragmentNode):
                return [_("Select the event's fields inside subscription { event { ... } }.")]
        return []

    def load_root(self, event: str, ids: dict) -> EventRoot | None:
        rows, key = _ROOT_ROWS[Event(event)]
        found = rows.filter(pk=ids[key]).first()
        if found is None:
            return None
        return EventRoot(event=event, object=found, previous_status=ids.get("from_status"))

    def render(self, document: str, root: EventRoot, *, producer_id: int | None) -> dict:
        parsed_document, _errors = parsed(document, DocumentLimits.from_settings())
        result = execute(
            _schema(), parsed_document, root_value=root, context_value=_context(producer_id)
        )
        rendered = {"data": (result.data or {}).get("event")}
        if result.errors:
            rendered["errors"] = [_error(error) for error in result.errors]
        return rendered


def _error(error) -> dict:
    """As the endpoint reports it: an unexpected failure is logged, and the receiver is told
    only that it happened."""
    original = getattr(error, "original_error", None)
    if original is not None and not isinstance(original, GraphQLError):
        logger.error("Rendering a webhook payload failed", exc_info=original)
        return {"message": "Internal error.", "path": error.path}
    return {"message": error.message, "path": error.path}


documents = GraphQLPayloadDocuments()
