"""seed_demo gives every demo product its packshot and the WebP thumbnails the storefront's
srcset needs."""

import io

import pytest
from django.core.management import call_command

from catalog.models import Product
from catalog.silhouettes import kind_for
from demo.images import product_image

pytestmark = pytest.mark.django_db


def test_every_demo_product_has_the_packshot_of_its_kind_with_thumbnails():
    call_command("seed_demo", stdout=io.StringIO())
    products = Product.objects.select_related("category").prefetch_related("media")
    kinds = set()

    assert products.count() >= 45
    for product in products:
        media = product.media.all()[0]
        with media.image.open("rb") as stored:
            drawn = stored.read()
        assert drawn == product_image(product.name, product.category.code).read(), product.name
        assert (media.width, media.height) == (600, 600)
        assert {"160", "320", "640"} <= set(media.thumbnails)
        for name in media.thumbnails.values():
            assert name.endswith(".webp") and media.image.storage.exists(name)
        kinds.add(kind_for(product.category.code, product.name))
    assert len(kinds) >= 8  # the demo shows many kinds of product, not one tile repeated
