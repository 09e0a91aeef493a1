"""Managing apps and their tokens (staff, and producers' owners for their own apps)."""

import graphene

from integrations import services
from integrations.graphql import lookups
from integrations.graphql.types import AppTokenType, AppType
from marketplace.graphql.core.ids import get_by_id, global_id
from marketplace.graphql.core.mutations import BaseMutation, user_of
from vendors.selectors import vendors_visible_to

SCOPES_HELP = "catalog:read, orders:read, orders:write, stock:write."


class AppCreateInput(graphene.InputObjectType):
    name = graphene.String(required=True)
    producer_id = graphene.ID(
        description="Scope everything the app does to this producer (required unless staff)."
    )
    scopes = graphene.List(graphene.NonNull(graphene.String), description=SCOPES_HELP)


class AppUpdateInput(graphene.InputObjectType):
    name = graphene.String()
    scopes = graphene.List(graphene.NonNull(graphene.String), description=SCOPES_HELP)
    is_active = graphene.Boolean()


class AppCreate(BaseMutation):
    app = graphene.Field(AppType)

    class Arguments:
        input = AppCreateInput(required=True)

    class Meta:
        description = "Create an app: staff for any producer or none, an owner for its producer."

    @classmethod
    def perform(cls, root, info, input):
        producer = None
        if input.get("producer_id"):
            visible = vendors_visible_to(user_of(info))
            producer = get_by_id(visible, input["producer_id"], "Vendor", field="producerId")
        app = services.app_create(
            actor=user_of(info),
            name=input["name"],
            producer=producer,
            scopes=input.get("scopes") or [],
        )
        return {"app": app}


class AppUpdate(BaseMutation):
    app = graphene.Field(AppType)

    class Arguments:
        id = graphene.ID(required=True)
        input = AppUpdateInput(required=True)

    class Meta:
        description = "Rename an app, change its scopes, or switch it off (its tokens fail)."

    @classmethod
    def perform(cls, root, info, id, input):
        app = services.app_update(
            actor=user_of(info),
            app=lookups.app(info, id),
            name=input.get("name"),
            scopes=input.get("scopes"),
            is_active=input.get("is_active"),
        )
        return {"app": app}


class AppDelete(BaseMutation):
    deleted_id = graphene.ID(description="The ID the app had.")

    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = "Delete an app and its tokens."

    @classmethod
    def perform(cls, root, info, id):
        app = lookups.app(info, id)
        deleted_id = global_id("App", app.pk)
        services.app_delete(actor=user_of(info), app=app)
        return {"deleted_id": deleted_id}


class AppTokenCreate(BaseMutation):
    token = graphene.String(
        description='The token ("ocop_app_..."), shown this once: the app sends it as '
        "`Authorization: Bearer <token>`."
    )
    app_token = graphene.Field(AppTokenType)

    class Arguments:
        app_id = graphene.ID(required=True)

    class Meta:
        description = "Create a token for an app; it acts with the app's scopes."

    @classmethod
    def perform(cls, root, info, app_id):
        app = lookups.app(info, app_id, "appId")
        token, raw = services.app_token_create(actor=user_of(info), app=app)
        return {"token": raw, "app_token": token}


class AppTokenRevoke(BaseMutation):
    app_token = graphene.Field(AppTokenType)

    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = "Stop an app's token from working, at once."

    @classmethod
    def perform(cls, root, info, id):
        token = services.app_token_revoke(actor=user_of(info), token=lookups.app_token(info, id))
        return {"app_token": token}


class IntegrationMutations(graphene.ObjectType):
    app_create = AppCreate.Field()
    app_update = AppUpdate.Field()
    app_delete = AppDelete.Field()
    app_token_create = AppTokenCreate.Field()
    app_token_revoke = AppTokenRevoke.Field()
