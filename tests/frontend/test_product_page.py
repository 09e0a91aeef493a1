"""The product page as shoppers, search engines and link previews see it: structured data,
Open Graph tags, related products, the variant picker, the no-script buy buttons and its cost."""

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import Category, Product, ProductMedia
from orders.models import CheckoutLine
from reviews.models import ProductRating
from tests.factories import (
    ProductFactory,
    ProductVariantFactory,
    StockFactory,
    VendorFactory,
    commune,
    product_set,
)

pytestmark = pytest.mark.django_db

TEA = "I.5.a"
SON_LA, THAI_NGUYEN = "03980", "02185"


def another_set() -> Category:
    return Category.objects.filter(level=Category.Level.PRODUCT_SET).exclude(code=TEA).first()


def json_ld(page: str) -> list[dict]:
    blocks = re.findall(
        r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', page, re.S
    )
    return [json.loads(block) for block in blocks]


def of_type(page: str, kind: str) -> dict:
    return next(block for block in json_ld(page) if block["@type"] == kind)


def meta(page: str, prop: str) -> str:
    found = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)">', page)
    assert found, f"no {prop} tag"
    return found.group(1)


@pytest.fixture
def tea():
    vendor = VendorFactory(name="HTX Chè Mộc Châu", commune=commune(SON_LA))
    product = ProductFactory(
        vendor=vendor, name="Chè Shan tuyết", slug="che-shan",
        description="<p>Chè <b>búp</b> hái tay trên núi cao.</p>",
    )  # fmt: skip
    small = ProductVariantFactory(product=product, name="Gói 100g", sku="CHE-100", price=150_000)
    big = ProductVariantFactory(
        product=product, name="Hộp 500g", sku="CHE-500", price=600_000, compare_at_price=700_000
    )
    StockFactory(variant=small, quantity=12)
    ProductMedia.objects.create(
        product=product, image="products/tea.jpg", width=1600, height=1200, alt="Búp chè",
        thumbnails={str(s): f"products/thumbs/tea-{s}.webp" for s in (160, 320, 640, 1280)},
    )  # fmt: skip
    return product, small, big


def test_product_json_ld_has_offers_brand_and_rating(client, tea):
    product, *_ = tea
    ProductRating.objects.create(product=product, count=3, average=Decimal("4.7"))

    page = client.get("/san-pham/che-shan/").content.decode()
    data = of_type(page, "Product")

    assert data["name"] == "Chè Shan tuyết"
    assert data["description"] == "Chè búp hái tay trên núi cao."  # plain text
    assert data["brand"] == {"@type": "Brand", "name": "HTX Chè Mộc Châu"}
    assert data["image"] == ["http://testserver/media/products/thumbs/tea-1280.webp"]
    assert data["sku"] == "CHE-100"  # the size picked by default
    offers = data["offers"]
    assert offers["@type"] == "AggregateOffer" and offers["priceCurrency"] == "VND"
    assert (offers["lowPrice"], offers["highPrice"], offers["offerCount"]) == (150_000, 600_000, 2)
    by_sku = {offer["sku"]: offer for offer in offers["offers"]}
    assert by_sku["CHE-100"]["price"] == 150_000
    assert by_sku["CHE-100"]["availability"] == "https://schema.org/InStock"
    assert by_sku["CHE-500"]["availability"] == "https://schema.org/OutOfStock"
    assert by_sku["CHE-500"]["seller"]["name"] == "HTX Chè Mộc Châu"
    assert by_sku["CHE-500"]["url"] == "http://testserver/san-pham/che-shan/"
    assert data["aggregateRating"]["ratingValue"] == "4.7"
    assert data["aggregateRating"]["reviewCount"] == 3


def test_a_single_size_is_one_offer_and_no_reviews_no_rating(client):
    product = ProductFactory(slug="mat-ong")
    ProductVariantFactory(product=product, price=90_000)

    data = of_type(client.get("/san-pham/mat-ong/").content.decode(), "Product")

    assert data["offers"]["@type"] == "Offer" and data["offers"]["price"] == 90_000
    assert data["offers"]["availability"] == "https://schema.org/OutOfStock"
    assert "aggregateRating" not in data


def test_json_ld_cannot_be_closed_by_a_product_name(client):
    product = ProductFactory(slug="xss", name="Chè </script><script>alert(1)</script>")
    ProductVariantFactory(product=product)

    page = client.get("/san-pham/xss/").content.decode()

    assert "<script>alert(1)" not in page
    assert of_type(page, "Product")["name"] == "Chè </script><script>alert(1)</script>"


def test_the_json_ld_carries_the_pages_csp_nonce(client, tea):
    response = client.get("/san-pham/che-shan/")
    nonce = re.search(r'application/ld\+json" nonce="([^"]+)"', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_breadcrumbs_lead_to_the_listing_by_each_category(client, tea):
    product, *_ = tea
    page = client.get("/san-pham/che-shan/").content.decode()
    tea_set = product.category
    sector = tea_set.parent.parent

    nav = re.search(r'<nav class="breadcrumbs".*?</nav>', page, re.S).group(0)
    assert 'href="/">Trang chủ</a>' in nav
    assert f'href="/san-pham/?category={sector.slug}">{sector.name}</a>' in nav
    assert f'href="/san-pham/?category={tea_set.slug}">{tea_set.name}</a>' in nav
    assert 'aria-current="page">Chè Shan tuyết</a>' in nav
    trail = of_type(page, "BreadcrumbList")["itemListElement"]
    assert [item["position"] for item in trail] == list(range(1, len(trail) + 1))
    assert trail[0]["item"] == "http://testserver/"
    assert trail[-1]["name"] == "Chè Shan tuyết"


def test_open_graph_tags_show_a_picture_and_a_price(client, tea):
    page = client.get("/san-pham/che-shan/").content.decode()

    assert meta(page, "og:type") == "product"
    assert meta(page, "og:title") == "Chè Shan tuyết"
    assert meta(page, "og:url") == "http://testserver/san-pham/che-shan/"
    assert meta(page, "og:image") == "http://testserver/media/products/thumbs/tea-1280.webp"
    assert meta(page, "product:price:amount") == "150000"
    assert meta(page, "product:price:currency") == "VND"
    assert meta(page, "twitter:card") == "summary_large_image"
    assert meta(page, "og:description") == "Chè búp hái tay trên núi cao."


def test_related_products_same_set_then_same_province_never_itself_or_unpublished(client, tea):
    here = commune(SON_LA)
    elsewhere = VendorFactory(commune=commune(THAI_NGUYEN))
    same_set_far = ProductFactory(vendor=elsewhere, name="B chè Thái", category=product_set(TEA))
    same_set_near = ProductFactory(name="C chè Sơn La", category=product_set(TEA))
    same_province = ProductFactory(name="A mận Sơn La", category=another_set(), origin_commune=here)
    ProductFactory(vendor=elsewhere, name="Không liên quan", category=another_set())
    ProductFactory(name="D chè nháp", category=product_set(TEA), status=Product.Status.DRAFT)
    for related in (same_set_far, same_set_near, same_province):
        ProductVariantFactory(product=related)

    page = client.get("/san-pham/che-shan/").content.decode()
    section = re.search(r'<section class="section related-products".*?</section>', page, re.S)

    names = re.findall(r"<h3>(.*?)</h3>", section.group(0))
    assert names == ["B chè Thái", "C chè Sơn La", "A mận Sơn La"]


def test_related_products_stop_at_eight(client, tea):
    product, *_ = tea
    for _ in range(10):
        ProductFactory(category=product.category)
    page = client.get("/san-pham/che-shan/").content.decode()
    section = re.search(r'<section class="section related-products".*?</section>', page, re.S)
    assert section.group(0).count('class="product-card"') == 8


def test_variant_picker_lists_sizes_with_prices_and_stock_for_the_script(client, tea):
    _product, small, big = tea
    page = client.get("/san-pham/che-shan/").content.decode()

    small_radio = re.search(rf'<input type="radio"[^>]*value="{small.pk}"[^>]*>', page).group(0)
    big_radio = re.search(rf'<input type="radio"[^>]*value="{big.pk}"[^>]*>', page).group(0)
    assert 'data-price="150000"' in small_radio and 'data-available="12"' in small_radio
    assert 'data-stock-text="Còn 12"' in small_radio and " checked" in small_radio
    assert 'data-price="600000"' in big_radio and 'data-compare-text="700.000\xa0₫"' in big_radio
    assert 'data-stock-text="Hết hàng"' in big_radio and " disabled" in big_radio
    assert re.search(r"data-product-price>150.000\xa0₫<", page)
    assert re.search(r"data-product-stock>Còn 12<", page)
    form = re.search(r'<form method="post" action="/gio-hang/them/"[^>]*>', page).group(0)
    assert 'id="add-to-cart"' in form and "data-cart-add" in form
    assert 'name="quantity" value="1" min="1" max="12"' in page
    assert 'name="buy_now" value="1">Mua ngay</button>' in page
    # The phone's sticky bar submits the same form.
    assert re.search(
        r'<div class="sticky-buy" data-sticky-buy hidden>.*?form="add-to-cart"', page, re.S
    )


def test_share_links_to_zalo_facebook_and_copy(client, tea):
    page = client.get("/san-pham/che-shan/").content.decode()
    encoded = "http%3A%2F%2Ftestserver%2Fsan-pham%2Fche-shan%2F"
    assert f'href="https://www.facebook.com/sharer/sharer.php?u={encoded}"' in page
    assert f'href="https://sp.zalo.me/share_inline?url={encoded}"' in page
    assert 'data-copy-link="http://testserver/san-pham/che-shan/"' in page
    assert 'data-copied-text="Đã sao chép liên kết"' in page


def test_a_product_without_photos_shows_a_placeholder(client):
    ProductVariantFactory(product=ProductFactory(slug="chua-co-anh"))
    page = client.get("/san-pham/chua-co-anh/").content.decode()
    # The drawing of its product set (a generic product falls back to a kind's SVG), named as such.
    assert re.search(
        r'<figure class="gallery-main"><img class="product-image is-placeholder" '
        r'src="/static/storefront/placeholders/\w+\.svg" '
        r'width="640" height="640" alt="Chưa có ảnh"',
        page,
    )
    assert 'property="og:image"' not in page


def test_add_without_script_goes_to_the_cart_and_buy_now_to_checkout(client, tea):
    _product, small, _big = tea
    url = reverse("storefront:cart-add")

    added = client.post(url, {"variant_id": small.pk, "quantity": "2"})
    assert added.status_code == 302 and added["Location"] == "/gio-hang/"

    bought = client.post(url, {"variant_id": small.pk, "quantity": "1", "buy_now": "1"})
    assert bought.status_code == 302 and bought["Location"] == "/thanh-toan/"
    assert CheckoutLine.objects.get(variant=small).quantity == 3


def test_product_page_query_budget_with_related_products(
    client, tea, django_assert_max_num_queries
):
    product, *_ = tea
    for _ in range(8):
        related = ProductFactory(category=product.category)
        ProductVariantFactory(product=related)
        ProductMedia.objects.create(
            product=related,
            image="products/r.jpg",
            width=800,
            height=800,
            thumbnails={"320": "r.webp"},
        )
    # A warm cache, as in production: the taxonomy and communes around the product are kept
    # ten minutes (frontend_templates/storefront/reference_rows.py).
    client.get("/san-pham/che-shan/")
    # product, media, variants, availability, stock per variant, related ids, their rows,
    # variants, media (the reviews' rating comes with the product)
    with django_assert_max_num_queries(10):
        response = client.get("/san-pham/che-shan/")
    assert response.status_code == 200
    assert response.content.decode().count('class="product-card"') == 8


def test_descriptions_are_plain_text_once_in_previews(client):
    product = ProductFactory(slug="tra", description="<p>Chè &amp; trà <em>Thái</em></p>")
    ProductVariantFactory(product=product)
    page = client.get("/san-pham/tra/").content.decode()
    assert meta(page, "og:description") == "Chè &amp; trà Thái"  # HTML-escaped once
    assert of_type(page, "Product")["description"] == "Chè & trà Thái"


def test_the_rating_under_the_title_leads_to_the_reviews(client, tea):
    product, *_ = tea
    ProductRating.objects.create(product=product, count=3, average=Decimal("4.7"), sold_count=1200)
    page = client.get("/san-pham/che-shan/").content.decode()
    line = re.search(r'<p class="product-rating">.*?</p>', page, re.S).group(0)
    assert 'href="#reviews"' in line and "4,7" in line and "3 đánh giá" in line
    assert "Đã bán 1,2k" in line


def test_the_taxonomy_and_places_read_the_same_from_the_cache(client, tea):
    # The product set's trail and the communes come from the cache after the first visit
    # (frontend_templates/storefront/reference_rows.py): the page must not change with it.
    def shown(page):
        parts = re.findall(
            r'<nav class="breadcrumbs".*?</nav>|<section class="product-facts".*?</section>'
            r'|<aside class="producer-card".*?</aside>',
            page,
            re.S,
        )
        return parts, of_type(page, "BreadcrumbList")

    cold = shown(client.get("/san-pham/che-shan/").content.decode())
    warm = shown(client.get("/san-pham/che-shan/").content.decode())
    assert len(cold[0]) == 3 and "Sơn La" in cold[0][2]
    assert warm == cold
