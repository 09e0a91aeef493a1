"""The mutation base: parse input, call one service, return its object or its errors.

Every expected failure (a ServiceError from a service, a bad ID) comes back in `errors` with a
code; nothing raises to the client and nothing half-written remains, because each service runs
in its own transaction.
"""

import graphene
from django.utils.translation import gettext as _
from graphene.utils.str_converters import to_camel_case

from marketplace.core.errors import ErrorCode, FieldError, ServiceError
from marketplace.core.permissions import is_staff
from marketplace.graphql.core.types import Error


def to_graphql_errors(errors: list[FieldError]) -> list[Error]:
    return [
        Error(
            field=to_camel_case(error.field) if error.field else None,
            code=error.code.value,
            message=error.message,
        )
        for error in errors
    ]


class BaseMutation(graphene.Mutation):
    """Subclasses define `Arguments`, their payload fields and `perform(root, info, **data)`,
    which returns a dict of payload fields (or raises ServiceError)."""

    errors = graphene.List(graphene.NonNull(Error), required=True)

    class Meta:
        abstract = True

    @classmethod
    def mutate(cls, root, info, **data):
        try:
            result = cls.perform(root, info, **data) or {}
        except ServiceError as exc:
            return cls(errors=to_graphql_errors(exc.errors))
        return cls(errors=[], **result)

    @classmethod
    def perform(cls, root, info, **data):
        raise NotImplementedError


def user_of(info):
    """The person making the request (AnonymousUser when there is none)."""
    return info.context.user


def require_login(info):
    user = user_of(info)
    if not user.is_authenticated:
        raise ServiceError.single(ErrorCode.PERMISSION_DENIED, _("Log in to do this."))
    return user


def viewer_is_staff(info) -> bool:
    return is_staff(user_of(info))
