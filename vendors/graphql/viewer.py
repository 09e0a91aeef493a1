"""Who is asking, as the vendor types need it: staff, or a member of which producers.

Membership is read once per request and kept on it, so that checking private fields of a page
of 100 producers costs one query, not 100.
"""

from django.urls import reverse

from marketplace.core.permissions import is_staff
from vendors.selectors import member_vendor_ids

_CACHE_ATTRIBUTE = "_vendor_member_ids"


def viewer(info):
    return info.context.user


def viewer_member_vendor_ids(info) -> set[int]:
    request = info.context
    ids = getattr(request, _CACHE_ATTRIBUTE, None)
    if ids is None:
        ids = member_vendor_ids(request.user)
        setattr(request, _CACHE_ATTRIBUTE, ids)
    return ids


def sees_private(info, vendor_id: int) -> bool:
    """Staff and the producer's members (any role) see its private details."""
    return is_staff(viewer(info)) or vendor_id in viewer_member_vendor_ids(info)


def forget_memberships(info) -> None:
    """After a mutation changed who belongs where, read memberships again."""
    if hasattr(info.context, _CACHE_ATTRIBUTE):
        delattr(info.context, _CACHE_ATTRIBUTE)


def absolute_url(info, path: str) -> str:
    """Clients (apps, partner platforms) are not on our pages: give them whole URLs."""
    return info.context.build_absolute_uri(path)


def download_url(info, view_name: str, pk: int) -> str:
    return absolute_url(info, reverse(view_name, args=[pk]))
