"""Webhook subscriptions and their delivery log, as their app's owner sees them."""

import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from integrations.graphql.webhooks_events import WebhookEventTypeEnum
from integrations.selectors import apps_visible_to
from integrations.webhooks.models import WebhookDelivery, WebhookSubscription
from marketplace.graphql.core.connections import connection_type
from marketplace.graphql.core.ids import global_id
from marketplace.graphql.core.mutations import user_of

WebhookDeliveryStatusEnum = graphene.Enum.from_enum(
    WebhookDelivery.Status, name="WebhookDeliveryStatus"
)


class WebhookSubscriptionType(DjangoObjectType):
    app = graphene.Field("integrations.graphql.types.AppType", required=True)
    app_id = graphene.ID(required=True)
    target_url = graphene.String(required=True)
    events = graphene.List(graphene.NonNull(WebhookEventTypeEnum), required=True)
    query = graphene.String(
        required=True, description="The document each delivery's payload is rendered with."
    )
    secret = graphene.String(
        required=True,
        description="The HMAC key of X-Ocop-Signature (docs/webhooks.md); keep it secret.",
    )
    paused_until = graphene.DateTime(
        description="After repeated failures nothing is sent until then; then one probe."
    )

    class Meta:
        model = WebhookSubscription
        name = "WebhookSubscription"
        interfaces = (relay.Node,)
        fields = ("is_active", "created_at", "consecutive_failures")
        description = "Where an app receives the events it subscribed to, signed."

    @classmethod
    def get_queryset(cls, queryset, info):
        return WebhookSubscription.objects.filter(app__in=apps_visible_to(user_of(info)))

    @staticmethod
    def resolve_app_id(root, info):
        return global_id("App", root.app_id)

    @staticmethod
    def resolve_events(root, info):
        return root.events


class WebhookDeliveryType(DjangoObjectType):
    delivery_id = graphene.UUID(required=True, description="Sent as X-Ocop-Delivery.")
    event = graphene.Field(WebhookEventTypeEnum, required=True)
    status = graphene.Field(WebhookDeliveryStatusEnum, required=True)
    payload = graphene.JSONString(required=True, description="The body that is signed and sent.")
    response_code = graphene.Int()
    response_time_ms = graphene.Int()
    response_body = graphene.String(required=True, description="The first 2 KB of the answer.")

    class Meta:
        model = WebhookDelivery
        name = "WebhookDelivery"
        interfaces = (relay.Node,)
        fields = (
            "attempts",
            "last_error",
            "next_attempt_at",
            "created_at",
            "finished_at",
        )
        description = "One event sent (or being sent) to a subscription, with its last answer."

    @classmethod
    def get_queryset(cls, queryset, info):
        return WebhookDelivery.objects.filter(subscription__app__in=apps_visible_to(user_of(info)))

    @staticmethod
    def resolve_status(root, info):
        return root.status


WebhookDeliveryConnection = connection_type(WebhookDeliveryType)
