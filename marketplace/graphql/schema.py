"""The root schema: each app contributes its queries and mutations."""

import graphene

from catalog.graphql.lookup import CertificateLookupQueries
from catalog.graphql.mutations import CatalogMutations
from catalog.graphql.queries import CatalogQueries
from integrations.graphql.mutations import IntegrationMutations
from integrations.graphql.queries import IntegrationQueries
from integrations.graphql.webhooks_events import EVENT_TYPES, WebhookSubscriptionRoot
from integrations.graphql.webhooks_mutations import WebhookMutations
from integrations.graphql.webhooks_queries import WebhookQueries
from inventory.graphql.mutations import InventoryMutations
from inventory.graphql.queries import InventoryQueries
from inventory.graphql.statistics import StatisticsQueries
from marketplace.accounts.graphql.mutations import AccountMutations
from marketplace.accounts.graphql.queries import AccountQueries
from marketplace.geography.graphql.queries import GeographyQueries
from marketplace.graphql.core.nodes import NodeField
from orders.graphql.carrier_accounts import CarrierAccountMutations, CarrierAccountQueries
from orders.graphql.checkout_mutations import CheckoutMutations
from orders.graphql.fulfilment import FulfilmentMutations
from orders.graphql.fulfilment_queries import FulfilmentQueries
from orders.graphql.queries import OrderQueries
from orders.graphql.settlement import SettlementMutations
from orders.graphql.shipments import ShipmentMutations
from reviews.graphql.mutations import ReviewMutations
from search.graphql.queries import SearchQueries
from vendors.graphql.mutations import VendorMutations
from vendors.graphql.queries import VendorQueries


class Query(
    IntegrationQueries,
    AccountQueries,
    GeographyQueries,
    VendorQueries,
    CatalogQueries,
    InventoryQueries,
    SearchQueries,
    OrderQueries,
    FulfilmentQueries,
    CarrierAccountQueries,
    CertificateLookupQueries,
    StatisticsQueries,
    WebhookQueries,
    graphene.ObjectType,
):
    node = NodeField()


class Mutation(
    IntegrationMutations,
    AccountMutations,
    VendorMutations,
    CatalogMutations,
    InventoryMutations,
    CheckoutMutations,
    FulfilmentMutations,
    ShipmentMutations,
    CarrierAccountMutations,
    SettlementMutations,
    ReviewMutations,
    WebhookMutations,
    graphene.ObjectType,
):
    pass


schema = graphene.Schema(
    query=Query,
    mutation=Mutation,
    # Webhook documents' root (integrations/graphql/webhooks_events.py); its event types are
    # reached only through the WebhookEvent interface, so they are listed.
    subscription=WebhookSubscriptionRoot,
    types=list(EVENT_TYPES.values()),
)
