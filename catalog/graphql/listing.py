"""Paginated product lists: the storefront's `products` and a producer's `Vendor.products`.

Like the storefront page, a list sorts and slices a narrow query of ids, then loads only the
rows of the page with what the query asks for: sorting 20,000 products joined to every table
they reach is what made the first storefront slow.
"""

from django.db.models import QuerySet

from catalog.graphql.filters import filter_products, search_products, sort_products
from catalog.graphql.per_request import memo
from catalog.graphql.prefetch import prefetch_products, product_rows
from catalog.graphql.types import ProductConnection
from catalog.models import Product
from catalog.selectors import products_visible_to
from marketplace.core.permissions import is_staff
from marketplace.graphql.core.connections import paginate
from marketplace.graphql.core.selection import requested_paths
from search.graphql.listing import resolve_public_product_list
from vendors.models import Vendor
from vendors.selectors import vendors_of


class OrderedByIds:
    """A sequence over `ordered` (a sorted queryset) for `paginate`: its length is a COUNT,
    a slice reads that slice's ids and then loads those rows from `rows`, in order."""

    def __init__(self, ordered: QuerySet, rows: QuerySet):
        self._ordered = ordered
        self._rows = rows

    def __len__(self) -> int:
        return self._ordered.count()

    def __getitem__(self, index: slice) -> list:
        ids = list(self._ordered.values_list("pk", flat=True)[index])
        by_id = self._rows.in_bulk(ids)
        return [by_id[pk] for pk in ids if pk in by_id]


def _sees_only_the_public_catalogue(info, filters) -> bool:
    """Whether this list is exactly what the search backend holds: published products of active
    producers. Staff, and members of a suspended producer, may see more published products;
    `statuses` asks for more."""
    statuses = [getattr(s, "value", s) for s in (filters or {}).get("statuses") or []]
    if statuses and statuses != [Product.Status.PUBLISHED]:
        return False
    user = info.context.user
    if is_staff(user):
        return False
    if not user.is_authenticated:
        return True
    return not memo(
        info,
        "viewer_acts_for_a_suspended_producer",
        lambda: vendors_of(user).exclude(status=Vendor.Status.ACTIVE).exists(),
    )


def resolve_product_list(info, args: dict, *, vendor=None):
    """One page of the products the viewer may see, filtered, searched and sorted by `args`
    (only `vendor`'s when given). The public catalogue comes from the search backend; what only
    producers and staff see (drafts, suspended producers) from the database, where `search` is
    a plain match on names."""
    if _sees_only_the_public_catalogue(info, args.get("filter")):
        return resolve_public_product_list(
            info, args, vendor_id=vendor.pk if vendor is not None else None
        )
    queryset: QuerySet[Product] = products_visible_to(info.context.user).with_current_stars()
    if vendor is not None:
        queryset = queryset.filter(vendor_id=vendor.pk)
    queryset = filter_products(queryset, info, args.get("filter"))
    queryset = search_products(queryset, args.get("search"))
    ordered = sort_products(queryset, args.get("sort_by"), args.get("search"))
    paths = requested_paths(info, "edges", "node")
    return paginate(
        OrderedByIds(ordered, product_rows(paths)),
        info,
        args,
        ProductConnection,
        prefetch=lambda page: prefetch_products(page, paths),
    )


def resolve_vendor_products(vendor, info, **args):
    """`Vendor.products`: declared on the vendors' type, resolved here."""
    return resolve_product_list(info, args, vendor=vendor)
