"""Row locks of the catalog app, in one place (as Saleor's lock_objects): every query that
locks rows for a transaction is here, so that concurrent edits of one product take turns."""

from catalog.models import Product, ProductVariant


def lock_product(product) -> Product:
    """The product, re-read under its row lock, so that concurrent edits serialise."""
    return Product.objects.select_for_update().get(pk=product.pk)


def lock_product_with_vendor(product) -> Product:
    """The product, re-read under its row lock, with its producer (for the status moves)."""
    return Product.objects.select_for_update().select_related("vendor").get(pk=product.pk)


def lock_product_row(product) -> None:
    """Only the product's row lock (its primary key read), so that uploads take turns."""
    Product.objects.select_for_update().only("pk").get(pk=product.pk)


def lock_variant(variant) -> ProductVariant:
    """The variant, re-read under its row lock, so that concurrent edits serialise."""
    return ProductVariant.objects.select_for_update().get(pk=variant.pk)
