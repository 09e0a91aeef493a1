"""Types every part of the schema shares: errors, money, uploads."""

from collections.abc import Callable
from operator import attrgetter

import graphene

from marketplace.core.errors import ErrorCode as DomainErrorCode
from marketplace.core.money import CURRENCY, format_vnd

ErrorCode = graphene.Enum.from_enum(
    DomainErrorCode, description="Why an operation was refused; stable for clients to branch on."
)


class Error(graphene.ObjectType):
    field = graphene.String(
        description="The input field the error is about (camelCase), or null for the whole input."
    )
    code = graphene.Field(ErrorCode, required=True)
    message = graphene.String(required=True, description="For people, in the request's language.")

    class Meta:
        description = "An expected failure of a mutation: nothing was changed."


class Money(graphene.ObjectType):
    amount = graphene.Int(required=True, description="Whole đồng.")
    currency = graphene.String(required=True, description="Always VND.")
    formatted = graphene.String(
        required=True, description='For display in the request\'s language, e.g. "150.000 ₫".'
    )

    class Meta:
        description = "An amount of Vietnamese đồng (VND has no minor unit)."

    @staticmethod
    def resolve_currency(root, info):
        return CURRENCY

    @staticmethod
    def resolve_formatted(root, info):
        return format_vnd(root.amount)


def money(amount: int | None) -> Money | None:
    return None if amount is None else Money(amount=amount)


class MoneyField(graphene.Field):
    """A `Money` field read from an amount of đồng on the object: `amount` is an attribute path
    ("variant.price") or a function of the object. The one money resolver of the schema."""

    def __init__(self, amount: str | Callable, **kwargs):
        read = attrgetter(amount) if isinstance(amount, str) else amount
        super().__init__(Money, resolver=lambda root, info: money(read(root)), **kwargs)


class MoneyRange(graphene.ObjectType):
    start = graphene.Field(Money)
    stop = graphene.Field(Money)


class Upload(graphene.Scalar):
    """A file sent with the GraphQL multipart request spec
    (https://github.com/jaydenseric/graphql-multipart-request-spec)."""

    @staticmethod
    def serialize(value):
        return None

    @staticmethod
    def parse_literal(node, _variables=None):
        return None

    @staticmethod
    def parse_value(value):
        return value


def visible_through(selector: Callable):
    """A node type's `get_queryset`: the rows `selector(user)` lets the viewer see, so that node
    lookups and connections never reach another's rows."""

    def get_queryset(cls, queryset, info):
        return selector(info.context.user)

    return classmethod(get_queryset)


def related_rows(name: str):
    """A resolver of an object's related rows (`root.<name>.all()`, which uses prefetches)."""
    return staticmethod(lambda root, info: getattr(root, name).all())
