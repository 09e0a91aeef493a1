"""Conditional GETs: the storefront's public pages carry an ETag and Cache-Control, answer 304
to a matching If-None-Match, and personal pages are never stored by a cache."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve, reverse

from frontend_templates.http_cache import PageCacheMiddleware, page_etag
from tests.factories import (
    PASSWORD,
    CertificateFactory,
    ProductFactory,
    ProductVariantFactory,
    StockFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def product():
    certificate = CertificateFactory(stars=4, score=80)
    product = ProductFactory(
        name="Miến dong Côn Minh", slug="mien-dong-con-minh", vendor=certificate.vendor,
        certificate=certificate, category=certificate.product_set,
    )  # fmt: skip
    StockFactory(quantity=20, variant=ProductVariantFactory(product=product, price=65_000))
    return product


def public_urls(product):
    return [
        reverse("storefront:home"),
        reverse("storefront:products"),
        reverse("storefront:product", args=[product.slug]),
        reverse("storefront:certificate-lookup"),
        reverse("storefront:statistics"),
    ]


def cache_control(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_public_pages_send_an_etag_and_cache_control(client, product):
    for url in public_urls(product):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["ETag"].startswith('W/"'), url
        assert "Cookie" in response["Vary"], url


def test_pages_without_a_form_post_are_shared_and_the_product_page_is_kept_private(client, product):
    """The language switch is a GET form: home, listing, lookup and statistics embed nothing
    personal and a proxy may share them for a minute; the product page's add-to-cart form
    carries a CSRF token, so only the browser keeps it, revalidating with the ETag."""
    product_url = reverse("storefront:product", args=[product.slug])
    for url in public_urls(product):
        response = type(client)().get(url)
        if url == product_url:
            assert {"private", "no-cache"} <= cache_control(response), url
        else:
            assert cache_control(response) == {"public", "max-age=60"}, url
            assert "csrftoken" not in response.cookies, url


def test_the_same_request_with_if_none_match_gets_304_and_no_body(client, product):
    for url in public_urls(product):
        first = client.get(url)
        again = client.get(url, headers={"if-none-match": first["ETag"]})
        assert again.status_code == 304, url
        assert again.content == b"", url
        assert again["ETag"] == first["ETag"], url
        # The stored page keeps the policy it came with (its nonce, if it has one).
        assert "Content-Security-Policy" not in again, url


def test_rendering_the_same_page_twice_gives_the_same_etag(client, product):
    url = reverse("storefront:product", args=[product.slug])
    first, second = client.get(url), client.get(url)
    # The CSRF token of the add-to-cart form is masked differently each time.
    assert first.content != second.content
    assert first["ETag"] == second["ETag"]


def test_a_changed_product_gives_a_new_etag_and_a_full_page(client, product):
    url = reverse("storefront:product", args=[product.slug])
    before = client.get(url)["ETag"]
    variant = product.variants.get()
    variant.price = 59_000
    variant.save()

    response = client.get(url, headers={"if-none-match": before})

    assert response.status_code == 200
    assert response["ETag"] != before
    assert "59.000" in response.content.decode()


def test_a_new_csrf_secret_gives_a_new_etag(client, product):
    """A copy whose form tokens belong to an old secret is not confirmed as current."""
    url = reverse("storefront:product", args=[product.slug])
    first = client.get(url)
    client.cookies.pop("csrftoken")
    response = client.get(url, headers={"if-none-match": first["ETag"]})
    assert response.status_code == 200
    assert response["ETag"] != first["ETag"]


def test_logged_in_and_cart_holding_visitors_get_private_pages(client, product):
    user = UserFactory()
    assert client.login(email=user.email, password=PASSWORD)
    response = client.get("/")
    assert {"private", "no-cache"} <= cache_control(response)
    assert "public" not in cache_control(response)

    shopper = type(client)()
    shopper.post(reverse("storefront:cart-add"), {"variant_id": product.variants.get().pk})
    listing = shopper.get(reverse("storefront:products"))
    assert "private" in cache_control(listing)
    assert "public" not in cache_control(listing)


def test_a_public_page_without_anything_personal_may_be_shared_for_a_minute():
    request = RequestFactory().get("/")
    request.resolver_match = resolve("/")
    middleware = PageCacheMiddleware(lambda request: HttpResponse("<p>Trang chủ</p>"))

    response = middleware(request)

    assert cache_control(response) == {"public", "max-age=60"}
    assert response["ETag"].startswith('W/"')


def test_personal_pages_and_posts_are_never_stored(client, product):
    added = client.post(reverse("storefront:cart-add"), {"variant_id": product.variants.get().pk})
    assert "no-store" in cache_control(added)
    for name in ("storefront:cart", "storefront:checkout", "storefront:my-orders", "login"):
        response = client.get(reverse(name), follow=False)
        assert "Cache-Control" in response, name
        assert "no-store" in cache_control(response) or "private" in cache_control(response)
        assert "public" not in cache_control(response), name
        assert "ETag" not in response, name


def test_the_traceability_card_stays_uncached(client, product):
    response = client.get(reverse("storefront:traceability", args=[product.short_code]))
    assert response["Cache-Control"] == "no-store"


def test_the_csp_nonce_does_not_change_the_etag():
    """A page with JSON-LD carries a new nonce each time; what it shows is the same."""
    etags = set()
    for nonce in ("bm9uY2Utb25l", "bm9uY2UtdHdv"):
        request = RequestFactory().get("/")
        request._csp_nonce = nonce
        body = f'<script type="application/ld+json" nonce="{nonce}">{{}}</script><p>Trà</p>'
        etags.add(page_etag(request, HttpResponse(body)))
    assert len(etags) == 1
