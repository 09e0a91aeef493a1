import graphene

from marketplace.accounts.graphql.types import UserType
from marketplace.core.permissions import is_app


class AccountQueries(graphene.ObjectType):
    me = graphene.Field(UserType, description="The person the request's token belongs to.")

    @staticmethod
    def resolve_me(root, info):
        user = info.context.user
        # A showroom device (a LocationToken) or an app is not a person.
        if not user.is_authenticated or getattr(user, "is_device", False) or is_app(user):
            return None
        return user
