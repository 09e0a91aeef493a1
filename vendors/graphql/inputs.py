"""Turning mutation input into service arguments, and service errors back onto the input.

Services name fields after the model (`commune`, `product_set`); clients send what the API
calls them (`communeCode`, `productSetId`). Errors must point at what the client sent.
"""

from contextlib import contextmanager
from dataclasses import replace

from marketplace.core.errors import ServiceError


def enum_value(choice):
    """An enum argument's stored value (graphene hands over the enum member)."""
    return getattr(choice, "value", choice)


@contextmanager
def errors_renamed(renames: dict[str, str]):
    """Re-raise a ServiceError with its fields renamed from service names to input names."""
    try:
        yield
    except ServiceError as exc:
        raise ServiceError(
            replace(error, field=renames.get(error.field, error.field)) for error in exc.errors
        ) from None


# Producer details: input name -> service name.
DETAIL_RENAMES = {"commune_code": "commune"}
DETAIL_ERROR_RENAMES = {service: given for given, service in DETAIL_RENAMES.items()}


def details_from_input(input) -> dict:
    """The fields the client sent (absent ones are left alone; null clears), as service
    arguments."""
    details = {}
    for name, value in input.items():
        if name == "kind":
            value = enum_value(value) if value is not None else ""
        details[DETAIL_RENAMES.get(name, name)] = value
    return details
