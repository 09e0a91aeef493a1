"""The root schema: each app contributes its queries and mutations."""

import graphene

from catalog.graphql.mutations import CatalogMutations
from catalog.graphql.queries import CatalogQueries
from inventory.graphql.queries import InventoryQueries
from marketplace.accounts.graphql.mutations import AccountMutations
from marketplace.accounts.graphql.queries import AccountQueries
from marketplace.geography.graphql.queries import GeographyQueries
from marketplace.graphql.core.nodes import NodeField
from search.graphql.queries import SearchQueries
from vendors.graphql.mutations import VendorMutations
from vendors.graphql.queries import VendorQueries


class Query(
    AccountQueries,
    GeographyQueries,
    VendorQueries,
    CatalogQueries,
    InventoryQueries,
    SearchQueries,
    graphene.ObjectType,
):
    node = NodeField()


class Mutation(AccountMutations, VendorMutations, CatalogMutations, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
