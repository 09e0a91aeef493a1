import graphene
from django.utils.translation import gettext as _
from graphene import relay
from graphql import GraphQLError

from catalog.graphql.filters import listing_arguments
from catalog.graphql.listing import resolve_product_list
from catalog.graphql.per_request import taxonomy
from catalog.graphql.prefetch import prefetch_products, product_rows
from catalog.graphql.types import CategoryConnection, CategoryType, ProductConnection, ProductType
from catalog.selectors import products_visible_to
from marketplace.core.errors import ServiceError
from marketplace.graphql.core.connections import connection_field, paginate
from marketplace.graphql.core.ids import decode_id
from marketplace.graphql.core.selection import requested_paths


def _pk(global_id: str, type_name: str, field: str) -> int:
    """The primary key of an ID argument; a malformed ID or one of another type is a GraphQL
    error naming the argument."""
    try:
        return decode_id(global_id, type_name, field=field)
    except ServiceError as exc:
        raise GraphQLError(f"`{field}`: {exc.errors[0].message}") from None


def _one_of(id, slug) -> None:
    if (id is None) == (slug is None):
        raise GraphQLError(_("Give either `id` or `slug`, not both."))


class CatalogQueries(graphene.ObjectType):
    products = connection_field(
        ProductConnection,
        "Products: published ones of active producers, unless `filter.statuses` asks for more "
        "and the viewer may see them.",
        **listing_arguments(),
    )
    product = graphene.Field(
        ProductType,
        id=graphene.ID(),
        slug=graphene.String(),
        description="A product by ID or slug; null when there is none the viewer may see.",
    )
    categories = relay.ConnectionField(
        CategoryConnection,
        description="The OCOP taxonomy in the programme's order: 100 a page (all of it) unless "
        "`first` or `last` says otherwise; at most 100.",
        level=graphene.Int(description="1 sectors, 2 groups, 3 product sets."),
        parent=graphene.ID(description="Only the children of this category."),
    )
    category = graphene.Field(
        CategoryType,
        id=graphene.ID(),
        slug=graphene.String(),
        description="A category by ID or slug.",
    )

    @staticmethod
    def resolve_products(root, info, **args):
        return resolve_product_list(info, args)

    @staticmethod
    def resolve_product(root, info, id=None, slug=None):
        _one_of(id, slug)
        lookup = {"pk": _pk(id, "Product", "id")} if id is not None else {"slug": slug}
        paths = requested_paths(info)
        visible = products_visible_to(info.context.user)
        product = product_rows(paths, visible).filter(**lookup).first()
        if product is not None:
            prefetch_products([product], paths)
        return product

    @staticmethod
    def resolve_categories(root, info, level=None, parent=None, **args):
        tree = taxonomy(info)
        if parent is not None:
            nodes = tree.children_of(_pk(parent, "Category", "parent"))
        else:
            nodes = list(tree.by_id.values())
        if level is not None:
            nodes = [node for node in nodes if node.level == level]
        return paginate(nodes, info, args, CategoryConnection, default_page_size=100)

    @staticmethod
    def resolve_category(root, info, id=None, slug=None):
        _one_of(id, slug)
        tree = taxonomy(info)
        if id is not None:
            return tree.by_id.get(_pk(id, "Category", "id"))
        return next((node for node in tree.by_id.values() if node.slug == slug), None)
