"""Permission-matrix rows of webhooks: staff and A's owners manage the subscriptions of A's
apps and send their deliveries again; everyone else finds none of them (NOT_FOUND)."""

from graphql_relay import to_global_id

from integrations.services import app_create
from integrations.webhooks.models import WebhookDelivery
from integrations.webhooks.services import webhook_subscription_create
from tests.graphql.permission_support import (
    ALLOWED,
    HIDDEN,
    MutationRow,
    World,
    expect,
    mutation_op,
    roles,
)

A, H = ALLOWED, HIDDEN
OWNERS_ONLY = expect(H, H, H, A, A)
URL = "http://127.0.0.1:9/hooks"  # local receivers are allowed under the test settings
SUBSCRIPTION = "webhookSubscription { id targetUrl events }"


def a_app(w: World):
    return app_create(
        actor=w.owner_a, name="Website HTX", producer=w.vendor_a, scopes=["catalog:read"]
    )


def a_subscription(w: World):
    return webhook_subscription_create(
        actor=w.owner_a, app=a_app(w), target_url=URL, events=["PRODUCT_UPDATED"]
    )


def subscription_id(w: World) -> str:
    return to_global_id("WebhookSubscription", a_subscription(w).pk)


def delivery_id(w: World) -> str:
    delivery = WebhookDelivery.objects.create(
        subscription=a_subscription(w),
        event="PRODUCT_UPDATED",
        payload={"event": "PRODUCT_UPDATED", "data": None},
        status=WebhookDelivery.Status.FAILED,
        attempts=1,
        response_code=410,
    )
    return to_global_id("WebhookDelivery", delivery.pk)


ROWS = [
    MutationRow(
        "webhookSubscriptionCreate[A's app]",
        "webhookSubscriptionCreate",
        mutation_op(
            "$input: WebhookSubscriptionCreateInput!",
            "webhookSubscriptionCreate",
            "input: $input",
            SUBSCRIPTION,
        ),
        lambda w: {
            "input": {
                "appId": to_global_id("App", a_app(w).pk),
                "targetUrl": URL,
                "events": ["PRODUCT_UPDATED"],
            }
        },
        OWNERS_ONLY,
        payload="webhookSubscription",
        target="input.appId",
        roles=roles(H, H),
    ),
    MutationRow(
        "webhookSubscriptionUpdate[A's app]",
        "webhookSubscriptionUpdate",
        mutation_op(
            "$id: ID!, $input: WebhookSubscriptionUpdateInput!",
            "webhookSubscriptionUpdate",
            "id: $id, input: $input",
            SUBSCRIPTION,
        ),
        lambda w: {"id": subscription_id(w), "input": {"isActive": False}},
        OWNERS_ONLY,
        payload="webhookSubscription",
        roles=roles(H, H),
    ),
    MutationRow(
        "webhookSubscriptionDelete[A's app]",
        "webhookSubscriptionDelete",
        mutation_op("$id: ID!", "webhookSubscriptionDelete", "id: $id", "deletedId"),
        lambda w: {"id": subscription_id(w)},
        OWNERS_ONLY,
        payload="deletedId",
        roles=roles(H, H),
    ),
    MutationRow(
        "webhookRedeliver[A's delivery]",
        "webhookRedeliver",
        mutation_op(
            "$deliveryId: ID!",
            "webhookRedeliver",
            "deliveryId: $deliveryId",
            "delivery { id status }",
        ),
        lambda w: {"deliveryId": delivery_id(w)},
        OWNERS_ONLY,
        payload="delivery",
        target="deliveryId",
        roles=roles(H, H),
    ),
]
