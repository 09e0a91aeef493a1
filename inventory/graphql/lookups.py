"""Turning the IDs a client sends into rows the caller may name, and service errors into
errors of queries."""

from contextlib import contextmanager

from graphql import GraphQLError

from inventory.graphql.visibility import (
    visible_agreements,
    visible_locations,
    visible_tokens,
    visible_transfers,
)
from marketplace.core.errors import ServiceError
from marketplace.graphql.core.ids import decode_id, get_by_id
from marketplace.graphql.core.mutations import user_of


def location(info, global_id: str, field: str):
    """A location the caller may name (a warehouse of another producer is NOT_FOUND)."""
    queryset = visible_locations(user_of(info)).select_related("commune__province")
    return get_by_id(queryset, global_id, "Location", field=field)


def location_token(info, global_id: str, field: str = "id"):
    queryset = visible_tokens(user_of(info)).select_related("location")
    return get_by_id(queryset, global_id, "LocationToken", field=field)


def transfer(info, global_id: str, field: str = "id"):
    queryset = visible_transfers(user_of(info)).select_related("vendor", "source", "destination")
    return get_by_id(queryset, global_id, "Transfer", field=field)


def agreement(info, global_id: str, field: str = "id"):
    queryset = visible_agreements(user_of(info))
    return get_by_id(queryset, global_id, "ConsignmentAgreement", field=field)


def rows_by_ids(queryset, global_ids: list[str], type_name: str, field: str) -> list:
    """The rows of `queryset` for a list of IDs, in one query; `field` holds "{i}" for the
    index of a bad ID ("lines.{i}.variantId")."""
    pks = [decode_id(v, type_name, field=field.format(i=i)) for i, v in enumerate(global_ids)]
    found = queryset.in_bulk(set(pks))
    for i, pk in enumerate(pks):
        if pk not in found:
            get_by_id(queryset.none(), global_ids[i], type_name, field=field.format(i=i))
    return [found[pk] for pk in pks]


@contextmanager
def as_query_errors():
    """A ServiceError raised while resolving a query becomes a GraphQL error with its code
    (`extensions.code`) and the argument it is about."""
    try:
        yield
    except ServiceError as exc:
        error = exc.errors[0]
        message = f"`{error.field}`: {error.message}" if error.field else error.message
        raise GraphQLError(message, extensions={"code": error.code.value}) from None
