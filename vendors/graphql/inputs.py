"""Turning mutation input into service arguments.

Services name fields after the model (`commune`, `product_set`); clients send what the API
calls them (`communeCode`, `productSetId`). A mutation's `error_fields` (see
marketplace.graphql.core.mutations) points the services' errors at what the client sent.
"""


def enum_value(choice):
    """An enum argument's stored value (graphene hands over the enum member)."""
    return getattr(choice, "value", choice)


# Producer details: input name -> service name, and the API path of the service's errors.
DETAIL_RENAMES = {"commune_code": "commune"}
DETAIL_ERROR_FIELDS = {"commune": "communeCode"}


def details_from_input(input) -> dict:
    """The fields the client sent (absent ones are left alone; null clears), as service
    arguments."""
    details = {}
    for name, value in input.items():
        if name == "kind":
            value = enum_value(value) if value is not None else ""
        details[DETAIL_RENAMES.get(name, name)] = value
    return details
