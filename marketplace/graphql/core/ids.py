"""Global IDs: turning what clients send into rows, with clear errors."""

import binascii

from django.utils.translation import gettext as _
from graphql_relay import from_global_id, to_global_id

from marketplace.core.errors import ErrorCode, ServiceError


def decode_id(global_id: str, expected_type: str, *, field: str = "id") -> int:
    """The primary key inside `global_id`, which must be an ID of `expected_type`."""
    try:
        type_name, raw_pk = from_global_id(global_id or "")
        pk = int(raw_pk)
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError):
        raise ServiceError.single(
            ErrorCode.INVALID, _("%(id)s is not a valid ID.") % {"id": global_id}, field
        ) from None
    if type_name != expected_type:
        raise ServiceError.single(
            ErrorCode.INVALID,
            _("Expected an ID of a %(expected)s, got one of a %(got)s.")
            % {"expected": expected_type, "got": type_name or "?"},
            field,
        )
    return pk


def get_by_id(queryset, global_id: str, expected_type: str, *, field: str = "id"):
    """The row of `queryset` with that global ID; NOT_FOUND when it is not there (or not
    visible to the caller: the queryset already says what they may see)."""
    pk = decode_id(global_id, expected_type, field=field)
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise ServiceError.single(
            ErrorCode.NOT_FOUND,
            _("There is no %(type)s with ID %(id)s.") % {"type": expected_type, "id": global_id},
            field,
        )
    return obj


def global_id(type_name: str, pk) -> str:
    return to_global_id(type_name, pk)
