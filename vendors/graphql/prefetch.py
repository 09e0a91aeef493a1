"""What nested fields of the vendor types need from the database, loaded once per page.

A connection hands its page to a `prefetch_*` callback; a single object (`vendor(slug)`) gets
the same lookups through `related()` when a nested field asks. Either way a nested list costs
one query for the whole page, whatever its size.
"""

from django.db.models import Prefetch, prefetch_related_objects

from marketplace.graphql.core.selection import requested_paths
from vendors.models import ApplicationDocument, ApplicationEvent, VendorMember


def members():
    return Prefetch("members", queryset=VendorMember.objects.select_related("user").order_by("pk"))


def documents():
    return Prefetch("documents", queryset=ApplicationDocument.objects.order_by("uploaded_at", "pk"))


def events():
    return Prefetch(
        "events",
        queryset=ApplicationEvent.objects.select_related("actor").order_by("created_at", "pk"),
    )


def related(obj, lookup: Prefetch) -> list:
    """`obj`'s related rows for `lookup`, from the page's prefetch when there was one."""
    prefetch_related_objects([obj], lookup)  # a no-op when already prefetched
    return list(getattr(obj, lookup.prefetch_to).all())


def _page_prefetch(info, lookups: dict):
    """A callback for `paginate`: for each field path the query asks for below `edges { node }`,
    prefetch `make()` on `rows(page)` (`lookups` maps a path to that pair)."""
    asked = requested_paths(info, "edges", "node")

    def prefetch(page):
        for path, (make, rows) in lookups.items():
            objects = rows(page) if path in asked else []
            if objects:
                prefetch_related_objects(objects, make())

    return prefetch


def _everything(page):
    return page


def _vendors_of(page):
    # Members are loaded for every producer of the page, even those whose members the viewer
    # may not see (they resolve to null): one query either way, and the same count whoever asks.
    return [row.vendor for row in page if row.vendor is not None]


def prefetch_vendors(info):
    return _page_prefetch(info, {"members": (members, _everything)})


def prefetch_applications(info):
    return _page_prefetch(
        info,
        {
            "documents": (documents, _everything),
            "events": (events, _everything),
            "vendor.members": (members, _vendors_of),
        },
    )


def prefetch_certificates(info):
    return _page_prefetch(info, {"vendor.members": (members, _vendors_of)})
