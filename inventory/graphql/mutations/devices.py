"""API tokens for showroom devices: created by a location's managers, shown once."""

import graphene

from inventory.graphql import lookups
from inventory.graphql.records import LocationTokenType
from inventory.services import tokens as services
from marketplace.graphql.core.mutations import BaseMutation, user_of


class LocationTokenCreate(BaseMutation):
    token = graphene.String(
        description='The token ("ocop_loc_..."), shown this once: the device sends it as '
        "`Authorization: Bearer <token>`."
    )
    location_token = graphene.Field(LocationTokenType)

    class Arguments:
        location_id = graphene.ID(required=True)
        name = graphene.String(required=True, description='e.g. "Quầy thu ngân 1".')

    class Meta:
        description = (
            "Create an API token for a device at one location (staff and the location's "
            "managers). It can read and change only that location's stock and sales."
        )

    @classmethod
    def perform(cls, root, info, location_id, name):
        location = lookups.location(info, location_id, "locationId")
        token, raw = services.location_token_create(
            actor=user_of(info), location=location, name=name
        )
        return {"token": raw, "location_token": token}


class LocationTokenRevoke(BaseMutation):
    location_token = graphene.Field(LocationTokenType)

    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = "Stop a device's token from working, at once (staff and managers)."

    @classmethod
    def perform(cls, root, info, id):
        token = lookups.location_token(info, id)
        token = services.location_token_revoke(actor=user_of(info), token=token)
        return {"location_token": token}
