"""Apps with tokens, made through the services as staff would make them."""

from integrations.models import SCOPES
from integrations.services import app_create, app_token_create
from tests.factories import StaffFactory
from tests.graphql.client import GraphQLClient

ALL_SCOPES = list(SCOPES)


def app_with_token(*, producer=None, scopes=(), name="Cổng OCOP tỉnh", creator=None):
    """An app and the raw token it sends."""
    creator = creator or StaffFactory()
    app = app_create(actor=creator, name=name, producer=producer, scopes=list(scopes))
    token, raw = app_token_create(actor=creator, app=app)
    return app, token, raw


def as_app(raw: str) -> GraphQLClient:
    return GraphQLClient(token=raw)
