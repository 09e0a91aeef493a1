from django.apps import AppConfig


class GraphQLConfig(AppConfig):
    """The GraphQL API: root schema, view, base types (templates and GraphiQL's assets)."""

    name = "marketplace.graphql"
    label = "graphql_api"
    verbose_name = "GraphQL API"
