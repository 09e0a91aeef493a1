"""Reads of webhooks for the app's owner: its subscriptions and their delivery logs."""

import graphene

from integrations.graphql.webhooks_types import (
    WebhookDeliveryConnection,
    WebhookSubscriptionType,
)
from integrations.selectors import apps_visible_to
from integrations.webhooks.access import require_app_owner
from integrations.webhooks.models import WebhookSubscription
from integrations.webhooks.services import webhook_deliveries_for
from inventory.graphql.lookups import as_query_errors
from marketplace.graphql.core.connections import connection_field, paginate
from marketplace.graphql.core.ids import get_by_id
from marketplace.graphql.core.mutations import user_of


class WebhookQueries(graphene.ObjectType):
    webhook_subscriptions = graphene.List(
        graphene.NonNull(WebhookSubscriptionType),
        required=True,
        app_id=graphene.ID(required=True),
        description="An app's webhook subscriptions (its owner: staff, or its producer's owner).",
    )
    webhook_deliveries = connection_field(
        WebhookDeliveryConnection,
        "A subscription's delivery log, newest first (the app's owner only).",
        subscription_id=graphene.ID(required=True),
    )

    @staticmethod
    def resolve_webhook_subscriptions(root, info, app_id):
        with as_query_errors():
            app = get_by_id(apps_visible_to(user_of(info)), app_id, "App", field="appId")
            require_app_owner(user_of(info), app)
        return list(app.webhook_subscriptions.order_by("pk"))

    @staticmethod
    def resolve_webhook_deliveries(root, info, subscription_id, **args):
        with as_query_errors():
            visible = WebhookSubscription.objects.filter(app__in=apps_visible_to(user_of(info)))
            subscription = get_by_id(
                visible.select_related("app"),
                subscription_id,
                "WebhookSubscription",
                field="subscriptionId",
            )
            deliveries = webhook_deliveries_for(actor=user_of(info), subscription=subscription)
        return paginate(deliveries, info, args, WebhookDeliveryConnection)
