"""The apps and tokens a caller may name (others are NOT_FOUND, like unknown IDs)."""

from integrations.graphql.types import tokens_visible_to
from integrations.selectors import apps_visible_to
from marketplace.graphql.core.ids import get_by_id
from marketplace.graphql.core.mutations import user_of


def app(info, global_id: str, field: str = "id"):
    queryset = apps_visible_to(user_of(info)).select_related("producer")
    return get_by_id(queryset, global_id, "App", field=field)


def app_token(info, global_id: str, field: str = "id"):
    queryset = tokens_visible_to(user_of(info)).select_related("app__producer")
    return get_by_id(queryset, global_id, "AppToken", field=field)
