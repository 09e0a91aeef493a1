"""The mutation base: parse input, call one service, return its object or its errors.

Every expected failure (a ServiceError from a service, a bad ID) comes back in `errors` with a
code; nothing raises to the client and nothing half-written remains, because each service runs
in its own transaction.

Services name fields in domain terms, snake_case (`commune_code`, `lines.0.variant_id`); the
API's `field` is the camelCase path of the input (`communeCode`, `lines.0.variantId`). This is
the one place that turns one into the other: generically, or through a mutation's
`error_fields` where the API calls the field something else than the domain does.
"""

from collections.abc import Mapping

import graphene
from django.utils.translation import gettext as _
from graphene.utils.str_converters import to_camel_case

from marketplace.core.errors import ErrorCode, FieldError, ServiceError
from marketplace.core.permissions import is_app, is_staff
from marketplace.graphql.core.types import Error


def api_field(field: str | None, renames: Mapping[str, str] | None = None) -> str | None:
    """The API path of a domain field name: `renames` (domain name → API path) first, for the
    whole name or its first dotted part, else snake_case → camelCase part by part."""
    if not field:
        return None
    renames = renames or {}
    if field in renames:
        return renames[field]
    head, dot, rest = field.partition(".")
    if head in renames:
        return renames[head] + dot + to_camel_case(rest)
    return to_camel_case(field)


def to_graphql_errors(
    errors: list[FieldError], renames: Mapping[str, str] | None = None
) -> list[Error]:
    return [
        Error(field=api_field(error.field, renames), code=error.code.value, message=error.message)
        for error in errors
    ]


class BaseMutation(graphene.Mutation):
    """Subclasses define `Arguments`, their payload fields and `perform(root, info, **data)`,
    which returns a dict of payload fields (or raises ServiceError).

    `error_fields` maps a domain field name to its API path where they differ by more than
    snake_case → camelCase (`{"commune": "communeCode"}`).

    `app_scope` is the scope that lets an app's token call the mutation at all (its service
    still checks the target); without one, apps are refused before anything is looked up."""

    errors = graphene.List(graphene.NonNull(Error), required=True)
    error_fields: Mapping[str, str] = {}
    app_scope: str | None = None

    class Meta:
        abstract = True

    @classmethod
    def mutate(cls, root, info, **data):
        user = getattr(info.context, "user", None)  # a schema run without a request has none
        if is_app(user) and (cls.app_scope is None or cls.app_scope not in user.scopes):
            return cls(errors=[_app_refused()])
        try:
            result = cls.perform(root, info, **data) or {}
        except ServiceError as exc:
            return cls(errors=to_graphql_errors(exc.errors, cls.error_fields))
        return cls(errors=[], **result)

    @classmethod
    def perform(cls, root, info, **data):
        raise NotImplementedError


def _app_refused() -> Error:
    return Error(
        field=None,
        code=ErrorCode.PERMISSION_DENIED.value,
        message=_("This app's scopes do not allow this."),
    )


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
