"""Product pictures on the storefront: responsive lazy <img>s of the WebP thumbnails, and a
designed placeholder per product set when a product has no picture (never a blank tile)."""

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.template import Context, Template

from catalog.selectors import storefront_products
from catalog.services.media import media_create
from catalog.silhouettes import KINDS
from search.backends import get_backend
from search.services import rebuild_index
from tests.factories import ProductFactory, ProductVariantFactory, product_set
from tests.files import png_upload

pytestmark = pytest.mark.django_db

PLACEHOLDERS = Path(settings.BASE_DIR) / "frontend_templates/static/storefront/placeholders"


@pytest.fixture
def database_search(settings):
    settings.SEARCH_BACKEND = "database"
    get_backend.cache_clear()
    yield
    get_backend.cache_clear()


def render(source: str, **context) -> str:
    return Template("{% load product_images %}" + source).render(Context(context))


def attributes(tag: str) -> dict[str, str]:
    return dict(re.findall(r'([\w-]+)="([^"]*)"', tag))


def loaded(product):
    """The product as the storefront loads it (media prefetched, category selected)."""
    return storefront_products().get(pk=product.pk)


@pytest.fixture
def pictured(vendor, owner):
    product = ProductVariantFactory(product__vendor=vendor, product__name="Chè xanh").product
    media_create(product=product, actor=owner, image=png_upload(size=(800, 600)), alt="")
    return loaded(product)


def test_a_picture_is_a_lazy_responsive_img_of_the_webp_thumbnails(pictured):
    tag = render("{% product_image product %}", product=pictured)
    img = attributes(tag)

    widths = [int(w) for w in re.findall(r"\.webp (\d+)w", img["srcset"])]
    assert len(widths) >= 2 and widths == sorted(widths)
    assert widths[:2] == [160, 320]  # an 800x600 original: thumbnails keep its shape
    assert img["sizes"]
    assert img["src"].endswith("-320.webp")
    assert (img["width"], img["height"]) == ("320", "240")
    assert img["loading"] == "lazy" and img["decoding"] == "async"
    assert img["alt"] == "Chè xanh"  # no alt text given: the product's name
    assert "is-placeholder" not in img["class"]


def test_the_main_picture_loads_at_once_and_uses_the_alt_text_given(pictured):
    media = pictured.media.get()
    media.alt = "Hộp chè xanh 200g"
    media.save()
    tag = render('{% product_image product size="main" eager=True %}', product=loaded(pictured))
    img = attributes(tag)

    assert img["loading"] == "eager"
    assert img["fetchpriority"] == "high"
    assert img["src"].endswith("-640.webp")
    assert img["width"] == "640"
    assert img["alt"] == "Hộp chè xanh 200g"
    assert "id" not in img


def test_a_gallery_can_name_the_picture_and_set_its_alt(pictured):
    thumb = pictured.media.all()[0]
    tag = render(
        '{% product_image p media=m size="thumb" element_id="g-1" css_class="thumb" alt="Ảnh 1" %}',
        p=pictured,
        m=thumb,
    )
    img = attributes(tag)

    assert img["id"] == "g-1"
    assert img["class"] == "product-image thumb"
    assert img["alt"] == "Ảnh 1"
    assert img["src"].endswith("-160.webp") and img["width"] == "160"


def test_without_a_picture_the_placeholder_of_its_product_set_shows(db):
    fish_sauce = ProductFactory(name="Sản phẩm A", category=product_set("I.4.a"))
    basket = ProductFactory(name="Sản phẩm B", category=product_set("IV.1"))

    bottle_tag = attributes(render("{% product_image p %}", p=loaded(fish_sauce)))
    basket_tag = attributes(render("{% product_image p %}", p=loaded(basket)))

    assert bottle_tag["src"].endswith("/storefront/placeholders/bottle.svg")
    assert basket_tag["src"].endswith("/storefront/placeholders/basket.svg")
    for img in (bottle_tag, basket_tag):
        assert "is-placeholder" in img["class"]
        assert img["alt"] == ""  # decorative: the name is the card's heading
        assert (img["width"], img["height"]) == ("320", "320")
        assert img["loading"] == "lazy"


def test_every_kind_has_a_placeholder_drawing_without_words():
    for kind in KINDS:
        path = PLACEHOLDERS / f"{kind}.svg"
        root = ElementTree.fromstring(path.read_text())
        assert root.tag.endswith("svg") and root.get("viewBox") == "0 0 100 100"
        assert len(root.findall(".//{http://www.w3.org/2000/svg}*")) >= 4
        assert not root.findall(".//{http://www.w3.org/2000/svg}text")
        assert "<script" not in path.read_text()
    drawings = {(PLACEHOLDERS / f"{kind}.svg").read_text() for kind in KINDS}
    assert len(drawings) == len(KINDS)


def test_the_listing_shows_a_picture_or_a_placeholder_on_every_card_at_the_same_cost(
    client, database_search, vendor, owner, django_assert_max_num_queries
):
    for n, code in enumerate(("I.4.a", "IV.1", "V.2", "VI.1", "I.2.b", "III.1")):
        ProductVariantFactory(
            product__vendor=vendor, product__category=product_set(code), product__name=f"SP {n}"
        )
    for n in range(4):
        product = ProductVariantFactory(product__vendor=vendor, product__name=f"Ảnh {n}").product
        media_create(product=product, actor=owner, image=png_upload(size=(400, 400)))
    rebuild_index()

    # The budget of the listing without pictures (test_storefront_listing): pictures and
    # placeholders add no query.
    with django_assert_max_num_queries(6):
        response = client.get("/san-pham/")
    page = response.content.decode()

    assert "no-image" not in page
    cards = re.findall(r'<article class="product-card">.*?</article>', page, re.S)
    assert len(cards) == 10
    for card in cards:
        assert re.search(r'<img class="product-image[^"]*" src="[^"]+"', card), card
    placeholders = set(re.findall(r"placeholders/(\w+)\.svg", page))
    assert {"bottle", "basket", "plant", "ticket", "jar", "capsules"} <= placeholders
    assert page.count(".webp 320w") == 4
