"""Apps and their tokens as the API shows them to the people who manage them."""

import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from integrations.models import SCOPES, App, AppToken
from integrations.selectors import apps_visible_to
from marketplace.graphql.core.types import related_rows, visible_through


def tokens_visible_to(user):
    return AppToken.objects.filter(app__in=apps_visible_to(user).values("pk"))


class AppTokenType(DjangoObjectType):
    hint = graphene.String(required=True, description="The first characters of the token.")
    created_at = graphene.DateTime(required=True)
    last_used_at = graphene.DateTime(description="To the minute.")
    revoked_at = graphene.DateTime()

    class Meta:
        model = AppToken
        name = "AppToken"
        interfaces = (relay.Node,)
        fields = ("created_at", "last_used_at", "revoked_at")
        description = "An API token of an app (the token itself is secret, shown once)."

    get_queryset = visible_through(tokens_visible_to)

    @staticmethod
    def resolve_hint(root, info):
        return root.token_hint


class AppType(DjangoObjectType):
    name = graphene.String(required=True)
    producer = graphene.Field(
        "vendors.graphql.types.VendorType",
        description="The one producer the app acts for (its `producer:<id>` scope); null: none.",
    )
    scopes = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description=f"What its tokens may do: some of {', '.join(SCOPES)}.",
    )
    is_active = graphene.Boolean(required=True, description="An inactive app's tokens fail.")
    created_at = graphene.DateTime(required=True)
    tokens = graphene.List(graphene.NonNull(AppTokenType), required=True)

    class Meta:
        model = App
        name = "App"
        interfaces = (relay.Node,)
        fields = ("name", "producer", "scopes", "is_active", "created_at", "tokens")
        description = "A client of the API acting with scoped tokens (a partner, a website)."

    get_queryset = visible_through(apps_visible_to)
    resolve_tokens = related_rows("tokens")
