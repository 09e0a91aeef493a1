"""Product images, uploaded with the GraphQL multipart request spec."""

import graphene

from catalog.graphql.mutations.common import uploaded_file, visible_media, visible_product
from catalog.graphql.types import ProductMediaType, ProductType
from catalog.services import media as services
from marketplace.graphql.core.ids import global_id
from marketplace.graphql.core.mutations import BaseMutation, user_of
from marketplace.graphql.core.types import Upload


class ProductMediaCreate(BaseMutation):
    media = graphene.Field(ProductMediaType)
    product = graphene.Field(ProductType)

    class Arguments:
        product_id = graphene.ID(required=True)
        image = Upload(required=True, description="A JPEG, PNG or WebP file.")
        alt = graphene.String(description="What it shows; the product's name when left out.")

    class Meta:
        description = "Add an image to a product (after its other images)."

    @classmethod
    def perform(cls, root, info, product_id, image, alt=None):
        product = visible_product(info, product_id, field="product_id")
        upload = uploaded_file(image, "image")
        media = services.media_create(product=product, actor=user_of(info), image=upload, alt=alt)
        return {"media": media, "product": product}


class ProductMediaDelete(BaseMutation):
    deleted_id = graphene.ID(description="The ID the image had.")
    product = graphene.Field(ProductType)

    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = "Remove an image of a product."

    @classmethod
    def perform(cls, root, info, id):
        media = visible_media(info, id)
        deleted_id = global_id("ProductMedia", media.pk)
        services.media_delete(media=media, actor=user_of(info))
        return {"deleted_id": deleted_id, "product": media.product}
