"""Variants: the sellable units of a product, each with its SKU and price."""

import graphene

from catalog.graphql.mutations.common import visible_product, visible_variant
from catalog.graphql.types import ProductType, ProductVariantType
from catalog.services import variants as services
from marketplace.graphql.core.ids import global_id
from marketplace.graphql.core.mutations import BaseMutation, user_of


class VariantInputFields:
    compare_at_price = graphene.Int(
        description="The former price in đồng, above the price (shown struck out); null for none."
    )
    weight_grams = graphene.Int(description="Packed weight, for shipping.")
    gtin = graphene.String(description="Barcode number (GTIN-8/12/13/14).")


class ProductVariantCreateInput(VariantInputFields, graphene.InputObjectType):
    sku = graphene.String(required=True, description="Unique among the producer's variants.")
    name = graphene.String(required=True, description='The packaging, e.g. "Hộp 500g".')
    price = graphene.Int(required=True, description="Whole đồng, above 0.")


class ProductVariantUpdateInput(VariantInputFields, graphene.InputObjectType):
    sku = graphene.String()
    name = graphene.String()
    price = graphene.Int(description="Whole đồng, above 0.")


class VariantPayload(BaseMutation):
    product_variant = graphene.Field(ProductVariantType)
    product = graphene.Field(ProductType)

    class Meta:
        abstract = True


class ProductVariantCreate(VariantPayload):
    class Arguments:
        product_id = graphene.ID(required=True)
        input = ProductVariantCreateInput(required=True)

    class Meta:
        description = "Add a variant to a product."

    @classmethod
    def perform(cls, root, info, product_id, input):
        product = visible_product(info, product_id, field="product_id")
        # On create, null means "not given" (a weight of 0, no compare-at price, no GTIN).
        given = {key: value for key, value in input.items() if value is not None}
        variant = services.variant_create(product=product, actor=user_of(info), **given)
        return {"product_variant": variant, "product": product}


class ProductVariantUpdate(VariantPayload):
    class Arguments:
        id = graphene.ID(required=True)
        input = ProductVariantUpdateInput(required=True)

    class Meta:
        description = "Change a variant; fields left out stay as they are."

    @classmethod
    def perform(cls, root, info, id, input):
        variant = visible_variant(info, id)
        product = variant.product
        variant = services.variant_update(variant=variant, actor=user_of(info), **dict(input))
        return {"product_variant": variant, "product": product}


class ProductVariantDelete(BaseMutation):
    deleted_id = graphene.ID(description="The ID the variant had.")
    product = graphene.Field(ProductType)

    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = "Remove a variant (a published product keeps at least one)."

    @classmethod
    def perform(cls, root, info, id):
        variant = visible_variant(info, id)
        deleted_id = global_id("ProductVariant", variant.pk)
        services.variant_delete(variant=variant, actor=user_of(info))
        return {"deleted_id": deleted_id, "product": variant.product}
