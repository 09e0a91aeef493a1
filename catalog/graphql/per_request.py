"""Reads done at most once per request, however many nodes ask for them.

The taxonomy has 49 nodes: one query loads them all, and every `category`, `parent` and
`children` of the request is answered from memory. Product counts per category are one grouped
query, rolled up the tree in Python. Who the viewer acts for is one query, for the fields only
a producer's members see.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from catalog.models import Category, Product
from marketplace.core.permissions import AppScope, app_may, is_app, is_staff
from vendors.selectors import vendors_of

_STORE = "_catalog_graphql_memo"


def memo(info, key: str, compute):
    """`compute()`, once per request (the request is `info.context`)."""
    store = info.context.__dict__.setdefault(_STORE, {})
    if key not in store:
        store[key] = compute()
    return store[key]


@dataclass
class Taxonomy:
    by_id: dict[int, Category]
    children: dict[int | None, list[Category]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "Taxonomy":
        nodes = list(Category.objects.order_by("level", "position", "pk"))
        children: dict[int | None, list[Category]] = defaultdict(list)
        for node in nodes:
            children[node.parent_id].append(node)
        return cls(by_id={node.pk: node for node in nodes}, children=dict(children))

    def children_of(self, category_id: int | None) -> list[Category]:
        return self.children.get(category_id, [])

    def descendant_ids(self, category_id: int) -> list[int]:
        """The category and everything below it."""
        ids, frontier = [], [category_id]
        while frontier:
            ids.extend(frontier)
            frontier = [child.pk for pk in frontier for child in self.children_of(pk)]
        return ids

    def find(self, value: str) -> list[Category]:
        """Categories a client named by slug or code (codes repeat across levels: a group
        without sub-groups has one product set with its code)."""
        return [node for node in self.by_id.values() if value in (node.slug, node.code)]


def taxonomy(info) -> Taxonomy:
    return memo(info, "taxonomy", Taxonomy.load)


def _rolled_up_counts(tree: Taxonomy) -> dict[int, int]:
    own = dict(
        Product.objects.published()
        .order_by()
        .values_list("category_id")
        .annotate(n=Count("pk"))
        .values_list("category_id", "n")
    )
    totals: dict[int, int] = {}

    def total(node) -> int:
        if node.pk not in totals:
            totals[node.pk] = own.get(node.pk, 0) + sum(
                total(child) for child in tree.children_of(node.pk)
            )
        return totals[node.pk]

    for node in tree.by_id.values():
        total(node)
    return totals


def category_product_count(info, category: Category) -> int:
    """Published products of active producers in the category and everything below it."""
    counts = memo(info, "category_counts", lambda: _rolled_up_counts(taxonomy(info)))
    return counts.get(category.pk, 0)


def viewer_manages(info, vendor_id: int) -> bool:
    """Whether the viewer is staff or a member (any role) of the producer: they see what
    shoppers do not (a listing's status, the moderator's note, an expired certificate)."""
    user = info.context.user
    if is_staff(user):
        return True
    if is_app(user):  # its producer's, with catalog:read
        return app_may(user, AppScope.CATALOG_READ, vendor_id)
    if not user.is_authenticated or not user.is_active:
        return False
    own = memo(
        info, "viewer_vendor_ids", lambda: set(vendors_of(user).values_list("pk", flat=True))
    )
    return vendor_id in own
