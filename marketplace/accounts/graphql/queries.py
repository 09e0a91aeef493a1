import graphene

from marketplace.accounts.graphql.types import UserType


class AccountQueries(graphene.ObjectType):
    me = graphene.Field(UserType, description="The person the request's token belongs to.")

    @staticmethod
    def resolve_me(root, info):
        user = info.context.user
        return user if user.is_authenticated else None
