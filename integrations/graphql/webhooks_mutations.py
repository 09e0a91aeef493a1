"""Webhook subscriptions written by their app's owner, and deliveries sent again."""

import graphene

from integrations.graphql.webhooks_events import WebhookEventTypeEnum
from integrations.graphql.webhooks_types import WebhookDeliveryType, WebhookSubscriptionType
from integrations.selectors import apps_visible_to
from integrations.webhooks.models import WebhookDelivery, WebhookSubscription
from integrations.webhooks.services import (
    webhook_redeliver,
    webhook_subscription_create,
    webhook_subscription_delete,
    webhook_subscription_update,
)
from marketplace.graphql.core.ids import get_by_id
from marketplace.graphql.core.mutations import BaseMutation, user_of


def _events(values):
    return None if values is None else [getattr(v, "value", v) for v in values]


# Looked up among the caller's apps: others' are NOT_FOUND, so their IDs cannot be probed
# (the services check the owner again).
def _subscription(info, global_id: str) -> WebhookSubscription:
    visible = WebhookSubscription.objects.filter(app__in=apps_visible_to(user_of(info)))
    return get_by_id(visible.select_related("app"), global_id, "WebhookSubscription")


INPUT_FIELDS = {"target_url": "input.targetUrl", "events": "input.events", "query": "input.query"}


class WebhookSubscriptionCreateInput(graphene.InputObjectType):
    app_id = graphene.ID(required=True)
    target_url = graphene.String(required=True, description="https://, to a public address.")
    events = graphene.List(graphene.NonNull(WebhookEventTypeEnum), required=True)
    query = graphene.String(
        description="subscription { event { ... on OrderCreated { order { number } } } }; "
        "without it a default document for the events."
    )
    is_active = graphene.Boolean()


class WebhookSubscriptionUpdateInput(graphene.InputObjectType):
    target_url = graphene.String()
    events = graphene.List(graphene.NonNull(WebhookEventTypeEnum))
    query = graphene.String()
    is_active = graphene.Boolean()


class WebhookSubscriptionCreate(BaseMutation):
    webhook_subscription = graphene.Field(WebhookSubscriptionType)

    class Arguments:
        input = WebhookSubscriptionCreateInput(required=True)

    class Meta:
        description = "Subscribe an app to events; its secret signs every delivery."

    error_fields = INPUT_FIELDS

    @classmethod
    def perform(cls, root, info, input):
        app = get_by_id(apps_visible_to(user_of(info)), input["app_id"], "App", field="input.appId")
        subscription = webhook_subscription_create(
            actor=user_of(info),
            app=app,
            target_url=input["target_url"],
            events=_events(input["events"]),
            query=input.get("query"),
            is_active=input.get("is_active", True) is not False,
        )
        return {"webhook_subscription": subscription}


class WebhookSubscriptionUpdate(BaseMutation):
    webhook_subscription = graphene.Field(WebhookSubscriptionType)

    class Arguments:
        id = graphene.ID(required=True)
        input = WebhookSubscriptionUpdateInput(required=True)

    error_fields = INPUT_FIELDS

    @classmethod
    def perform(cls, root, info, id, input):
        subscription = webhook_subscription_update(
            actor=user_of(info),
            subscription=_subscription(info, id),
            target_url=input.get("target_url"),
            events=_events(input.get("events")),
            query=input.get("query"),
            is_active=input.get("is_active"),
        )
        return {"webhook_subscription": subscription}


class WebhookSubscriptionDelete(BaseMutation):
    deleted_id = graphene.ID()

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform(cls, root, info, id):
        webhook_subscription_delete(actor=user_of(info), subscription=_subscription(info, id))
        return {"deleted_id": id}


class WebhookRedeliver(BaseMutation):
    delivery = graphene.Field(WebhookDeliveryType)

    class Arguments:
        delivery_id = graphene.ID(required=True)

    class Meta:
        description = "Send a delivery again now, with the same X-Ocop-Delivery."

    @classmethod
    def perform(cls, root, info, delivery_id):
        visible = WebhookDelivery.objects.filter(
            subscription__app__in=apps_visible_to(user_of(info))
        )
        delivery = get_by_id(
            visible.select_related("subscription__app"),
            delivery_id,
            "WebhookDelivery",
            field="deliveryId",
        )
        return {"delivery": webhook_redeliver(actor=user_of(info), delivery=delivery)}


class WebhookMutations(graphene.ObjectType):
    webhook_subscription_create = WebhookSubscriptionCreate.Field()
    webhook_subscription_update = WebhookSubscriptionUpdate.Field()
    webhook_subscription_delete = WebhookSubscriptionDelete.Field()
    webhook_redeliver = WebhookRedeliver.Field()
