"""The catalogue's mutations: producers' listings, variants and images; staff moderation."""

import graphene

from catalog.graphql.mutations.media import ProductMediaCreate, ProductMediaDelete
from catalog.graphql.mutations.products import (
    ProductApprove,
    ProductArchive,
    ProductCreate,
    ProductReject,
    ProductSubmitForReview,
    ProductUpdate,
)
from catalog.graphql.mutations.variants import (
    ProductVariantCreate,
    ProductVariantDelete,
    ProductVariantUpdate,
)


class CatalogMutations(graphene.ObjectType):
    product_create = ProductCreate.Field()
    product_update = ProductUpdate.Field()
    product_archive = ProductArchive.Field()
    product_submit_for_review = ProductSubmitForReview.Field()
    product_approve = ProductApprove.Field()
    product_reject = ProductReject.Field()
    product_variant_create = ProductVariantCreate.Field()
    product_variant_update = ProductVariantUpdate.Field()
    product_variant_delete = ProductVariantDelete.Field()
    product_media_create = ProductMediaCreate.Field()
    product_media_delete = ProductMediaDelete.Field()
