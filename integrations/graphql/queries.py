import graphene
from graphql import GraphQLError

from integrations.graphql.types import AppType
from integrations.selectors import apps_visible_to, with_tokens
from marketplace.core.errors import ServiceError
from marketplace.graphql.core.connections import connection_field, connection_type, paginate
from marketplace.graphql.core.ids import decode_id
from marketplace.graphql.core.mutations import user_of

AppConnection = connection_type(AppType)


class IntegrationQueries(graphene.ObjectType):
    apps = connection_field(
        AppConnection, "The apps the caller manages (staff: all; a producer's owner: its own)."
    )
    app = graphene.Field(AppType, id=graphene.ID(required=True))

    @staticmethod
    def resolve_apps(root, info, **args):
        queryset = with_tokens(apps_visible_to(user_of(info))).order_by("name", "pk")
        return paginate(queryset, info, args, AppConnection)

    @staticmethod
    def resolve_app(root, info, id):
        try:
            pk = decode_id(id, "App")
        except ServiceError as exc:  # a malformed ID is the client's mistake
            error = exc.errors[0]
            raise GraphQLError(
                f"`id`: {error.message}", extensions={"code": error.code.value}
            ) from None
        return with_tokens(apps_visible_to(user_of(info))).filter(pk=pk).first()
