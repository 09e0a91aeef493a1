"""The listing and search page: the search backend behind a GET form whose URL is the state."""

import re

import pytest
from django.http import QueryDict

from catalog.models import Category
from frontend_templates.browse import PAGE_SIZE, ListingState
from search.backends import get_backend
from search.services import rebuild_index
from tests.factories import ProductFactory, ProductVariantFactory, VendorFactory, commune
from tests.search.catalogue import build_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_search(settings):
    settings.SEARCH_BACKEND = "database"
    get_backend.cache_clear()
    yield
    get_backend.cache_clear()


@pytest.fixture
def catalogue(database_search):
    built = build_catalogue()
    rebuild_index()
    return built


def names(response) -> list[str]:
    """Product names on the page, in order."""
    return re.findall(r"<h3>(.*?)</h3>", response.content.decode())


def html(response) -> str:
    return response.content.decode()


def test_search_without_diacritics_finds_mien_dong(client, catalogue):
    response = client.get("/san-pham/", {"q": "mien dong"})

    assert response.status_code == 200
    found = names(response)
    assert {"Miến dong Bắc Kạn", "Miến dong Yên Bình", "Miến dong Phú Thọ"} <= set(found)
    assert "Nước mắm Lê Gia" not in found
    assert "Miến dong nháp" not in found  # drafts never show
    assert "Miến dong Tạm Ngưng" not in found  # nor a suspended producer's products
    assert 'value="mien dong"' in html(response)  # the search box keeps what was typed


def test_star_facet_narrows_the_results_and_stays_in_the_url(client, catalogue):
    response = client.get("/san-pham/?q=mien+dong&stars=4")

    page = html(response)
    found = set(names(response))
    assert {"Miến dong Bắc Kạn", "Miến dong Yên Bình", "Miến dong Phú Thọ"} <= found
    assert "Bún miến dong riềng" not in found  # no stars
    assert "Bún miến dong riềng" in names(client.get("/san-pham/?q=mien+dong"))
    assert re.search(r'type="radio" [^>]*name="stars" value="4" checked', page)
    assert not re.search(r'name="stars" value="(3|5)" checked', page)
    assert '<input type="hidden" name="q" value="mien dong">' in page  # the filter form keeps q


def test_facets_show_counts_under_the_other_filters(client, catalogue):
    page = html(client.get("/san-pham/", {"stars": "5"}))

    # Provinces are counted among the 5-star products: Hà Nội 1, Phú Thọ 1, Thanh Hóa 1.
    assert re.search(r'id="f-province-01".*?\(1\)', page, re.S)
    # The star facet ignores its own filter: 3 five-star, 2 four-star (one expired: none),
    # counted as minimums.
    assert re.search(r'id="f-stars-5".*?class="count">\(3\)', page, re.S)
    assert re.search(r'id="f-stars-4".*?class="count">\(5\)', page, re.S)
    assert re.search(r'id="in_stock".*?class="count">\(2\)', page, re.S)


def test_province_by_its_pre_2025_name(client, catalogue):
    response = client.get("/san-pham/", {"province": "Bắc Kạn"})

    assert set(names(response)) == {"Miến dong Bắc Kạn", "Đặc sản mật ong bạc hà"}
    assert 'name="province" value="19" checked' in html(response)
    assert re.search(r"<h1[^>]*>[^<]*Thái Nguyên</h1>", html(response))  # named after the browse


def test_category_by_slug_includes_everything_below_it(client, catalogue):
    drinks = Category.objects.get(level=Category.Level.SECTOR, name="Sản phẩm đồ uống")

    response = client.get("/san-pham/", {"category": drinks.slug})

    assert names(response) == ["Dac san ruou ngo"]
    assert f'name="category" value="{drinks.slug}" checked' in html(response)


def test_what_names_nothing_matches_nothing(client, catalogue):
    for params in ({"category": "khong-co"}, {"province": "Atlantis"}, {"vendor": "khong-co"}):
        response = client.get("/san-pham/", params)
        assert response.status_code == 200
        assert names(response) == []


def test_producer_facet_by_id_or_slug(client, catalogue):
    con_minh = catalogue.vendors["con_minh"]
    by_id = names(client.get("/san-pham/", {"vendor": con_minh.pk}))
    by_slug = names(client.get("/san-pham/", {"vendor": con_minh.slug}))
    assert set(by_id) == set(by_slug) == {"Miến dong Bắc Kạn", "Đặc sản mật ong bạc hà"}


def test_price_range_and_in_stock(client, catalogue):
    priced = names(client.get("/san-pham/", {"price_min": "50000", "price_max": "100000"}))
    assert set(priced) == {"Miến dong Bắc Kạn", "Miến dong Yên Bình", "Miến dong Phú Thọ"}

    stocked = names(client.get("/san-pham/", {"q": "mien dong", "in_stock": "1"}))
    assert "Miến dong Bắc Kạn" in stocked
    assert "Miến dong Yên Bình" not in stocked  # its only variant has none

    garbage = client.get("/san-pham/", {"price_min": "abc", "page": "-3", "sort": "drop table"})
    assert garbage.status_code == 200  # malformed values are ignored, not an error page


def test_price_buckets_link_to_a_range(client, catalogue):
    page = html(client.get("/san-pham/", {"q": "mien"}))
    # [50.000, 100.000) as price_min/price_max (inclusive): whole đồng, so up to 99.999.
    assert "?q=mien&amp;price_min=50000&amp;price_max=99999" in page
    assert "50.000\xa0₫ – 100.000\xa0₫" in page


def test_sorting_by_price(client, catalogue):
    ascending = names(client.get("/san-pham/", {"sort": "price"}))
    descending = names(client.get("/san-pham/", {"sort": "-price"}))
    assert ascending[:3] == ["Bánh đa nem", "Bún miến dong riềng", "Miến dong Phú Thọ"]
    assert descending[0] == "Đặc sản mật ong bạc hà"


def test_pagination_keeps_the_state_and_a_page_past_the_end_redirects(client, database_search):
    vendor = VendorFactory(commune=commune("02185"))
    for n in range(PAGE_SIZE + 6):
        product = ProductFactory(vendor=vendor, name=f"Miến dong {n:02d}", slug=f"mien-{n:02d}")
        ProductVariantFactory(product=product, price=50_000 + n)
    rebuild_index()

    first = client.get("/san-pham/", {"q": "mien", "sort": "price"})
    second = client.get("/san-pham/", {"q": "mien", "sort": "price", "page": "2"})

    assert len(names(first)) == PAGE_SIZE
    assert names(second) == [f"Miến dong {n:02d}" for n in range(PAGE_SIZE, PAGE_SIZE + 6)]
    assert 'href="/san-pham/?q=mien&amp;sort=price&amp;page=2" rel="next"' in html(first)
    assert 'href="/san-pham/?q=mien&amp;sort=price" rel="prev"' in html(second)
    past = client.get("/san-pham/", {"q": "mien", "sort": "price", "page": "9"})
    assert past.status_code == 302
    assert past["Location"] == "/san-pham/?q=mien&sort=price&page=2"


def test_listing_query_count_does_not_grow_with_the_page(
    client, database_search, django_assert_max_num_queries
):
    for n in range(PAGE_SIZE + 6):
        ProductVariantFactory(product=ProductFactory(name=f"Chè {n}"), price=100_000 + n)
    rebuild_index()

    # taxonomy, search, facets, products, variants, media (+ province and vendor lookups)
    with django_assert_max_num_queries(8):
        response = client.get("/san-pham/", {"q": "che", "province": "14", "stars": "4"})
    assert response.status_code == 200
    with django_assert_max_num_queries(6):
        response = client.get("/san-pham/")
    assert len(names(response)) == PAGE_SIZE


def test_the_state_round_trips_through_its_url():
    query = (
        "q=mien+dong&category=mien&province=19&province=Bắc+Kạn&stars=4&vendor=7"
        "&price_min=50000&price_max=99999&in_stock=1&sort=-price&page=3"
    )
    state = ListingState.from_query(QueryDict(query))

    assert state.stars == 4
    assert ListingState.from_query(QueryDict("stars=5&stars=3")).stars == 3  # an old link
    assert state.is_filtered
    assert ListingState.from_query(QueryDict(state.query_string(page=3)[1:])) == state
    assert "page=" not in state.query_string(in_stock=False)  # a new filter starts at page 1
    assert not ListingState.from_query(QueryDict("q=che&sort=name")).is_filtered


def test_suggestions_as_json_with_the_page_each_leads_to(client, catalogue):
    response = client.get("/goi-y/", {"q": "mien d"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    suggestions = response.json()["suggestions"]
    assert 0 < len(suggestions) <= 8
    products = {s["label"]: s["url"] for s in suggestions if s["kind"] == "product"}
    assert products["Miến dong Bắc Kạn"] == f"/san-pham/{catalogue['mien_bac_kan'].slug}/"
    assert "Miến dong Tạm Ngưng" not in products
    for suggestion in suggestions:
        if suggestion["kind"] in ("vendor", "category", "province"):
            assert suggestion["url"].startswith("/san-pham/?")

    province = client.get("/goi-y/", {"q": "bac kan"}).json()["suggestions"]
    assert {"kind": "province", "label": "Bắc Kạn", "url": "/san-pham/?province=19"} in province
    assert client.get("/goi-y/", {"q": " "}).json()["suggestions"] == []


def test_search_form_works_without_javascript(client, catalogue):
    page = html(client.get("/"))
    form = re.search(
        r'<form class="site-search" action="/san-pham/" method="get".*?</form>', page, re.S
    )
    assert form
    assert 'name="q"' in form.group(0)
    assert 'data-suggest-url="/goi-y/"' in form.group(0)  # the script enhances it
    assert '<label for="site-search-q"' in form.group(0)


def test_every_field_of_the_browse_pages_has_a_label(client, catalogue):
    product = catalogue["nuoc_mam"]
    for url in ("/", "/san-pham/?q=mien", f"/san-pham/{product.slug}/"):
        page = html(client.get(url))
        labels = set(re.findall(r'<label for="([^"]+)"', page))
        fields = re.findall(r"<(?:input|select|textarea)\b([^>]*)>", page)
        for attributes in fields:
            if re.search(r'type="(hidden|submit)"', attributes):
                continue
            field_id = re.search(r'id="([^"]+)"', attributes)
            assert field_id and field_id.group(1) in labels, (url, attributes)
        for image in re.findall(r"<img\b[^>]*>", page):
            # A placeholder is decorative (the product's name is beside it): alt="" on purpose.
            decorative = "is-placeholder" in image and 'alt=""' in image
            assert decorative or re.search(r'alt="[^"]+"', image), (url, image)


@pytest.mark.parametrize(
    "query",
    [
        "price_min=1" + "0" * 30,
        "price_max=9" * 1 + "9" * 25,
        "vendor=" + "9" * 25,
        "category=" + "9" * 25,
        "stars=" + "9" * 25,
        "province=" + "9" * 15,
        "q=%00mien",
        "province=%00abc",
        "vendor=%00",
        "category=%00",
    ],
)
def test_hostile_urls_get_a_page_not_an_error(client, catalogue, query):
    assert client.get("/san-pham/?" + query).status_code == 200
    assert client.get("/goi-y/?" + query.replace("province", "q")).status_code == 200


def test_a_chosen_product_group_stays_in_the_filter_form(client, catalogue):
    group = Category.objects.get(level=Category.Level.GROUP, code="I.3")

    response = client.get("/san-pham/", {"category": group.slug})

    assert "Nước mắm Lê Gia" not in names(response)
    assert "Miến dong Bắc Kạn" in names(response)
    # Not a facet value, yet ticked in the form, so ticking a star keeps it.
    assert f'name="category" value="{group.slug}" checked' in html(response)


def test_each_active_filter_links_to_the_results_without_it(client, catalogue):
    response = client.get(
        "/san-pham/?q=mien&province=B%E1%BA%AFc+K%E1%BA%A1n&stars=4&in_stock=1&price_min=50000"
    )
    chips = re.search(r'<ul class="active-filters[^"]*".*?</ul>', html(response), re.S).group(0)

    kept = "q=mien&amp;province=B%E1%BA%AFc+K%E1%BA%A1n"  # the others keep what was typed
    unprovinced = "q=mien&amp;stars=4&amp;price_min=50000&amp;in_stock=1"
    assert f'href="/san-pham/?{unprovinced}"' in chips
    assert f'href="/san-pham/?{kept}&amp;price_min=50000&amp;in_stock=1"' in chips
    assert f'href="/san-pham/?{kept}&amp;stars=4&amp;in_stock=1"' in chips
    assert f'href="/san-pham/?{kept}&amp;stars=4&amp;price_min=50000"' in chips
    assert "≥ 50.000\xa0₫" in chips


@pytest.fixture
def rated(catalogue):
    from tests.search.test_ratings import RATINGS, rate

    rate(catalogue, {**RATINGS, "mien_phu_tho": (1, 5.0, 0), "bun_mien": (5, 4.0, 900)})
    return catalogue


def test_sorting_by_best_rated_and_best_selling(client, rated):
    page = html(client.get("/san-pham/"))
    assert '<option value="best_rated">Đánh giá cao nhất</option>' in page
    assert '<option value="best_selling">Bán chạy nhất</option>' in page

    best_rated = client.get("/san-pham/", {"sort": "best_rated"})
    best_selling = client.get("/san-pham/", {"sort": "best_selling"})

    # 200 reviews at 4.8 before one review of 5★, the badly reviewed last.
    assert names(best_rated)[:2] == ["Nước mắm Lê Gia", "Miến dong Phú Thọ"]
    assert names(best_rated)[-1] == "Chè Shan tuyết Mộc Châu"
    assert '<option value="best_rated" selected>' in html(best_rated)
    assert names(best_selling)[0] == "Bún miến dong riềng"


def test_the_rating_facet_chooses_a_minimum_average(client, rated):
    everything = html(client.get("/san-pham/"))
    assert "Đánh giá của người mua" in everything
    assert re.search(r'type="radio" id="f-rating-4" name="rating" value="4" data-autosubmit>'
                     r'\s*<label for="f-rating-4">Từ 4★ đánh giá <span class="count">\(4\)',
                     everything)  # fmt: skip
    assert re.search(
        r'id="f-rating-3".*?Từ 3★ đánh giá <span class="count">\(5\)', everything, re.S
    )
    assert "Mọi mức đánh giá" not in everything

    response = client.get("/san-pham/", {"rating": "4", "sort": "name"})
    page = html(response)

    assert names(response) == [
        "Bún miến dong riềng",
        "Miến dong Bắc Kạn",
        "Miến dong Phú Thọ",
        "Nước mắm Lê Gia",
    ]
    assert 'name="rating" value="4" checked' in page
    # Its own choice does not narrow its counts; a way back to any rating.
    assert re.search(r'id="f-rating-3".*?\(5\)', page, re.S)
    assert 'name="rating" value="" data-autosubmit>' in page and "Mọi mức đánh giá" in page
    # The chip removes just that filter.
    assert re.search(r'<a class="chip" href="/san-pham/\?sort=name">Từ 4★ đánh giá', page)


@pytest.mark.parametrize("value", ["5", "2", "x", "-4", "99999999999999999999"])
def test_a_rating_the_page_does_not_offer_is_ignored(client, rated, value):
    response = client.get("/san-pham/", {"rating": value})
    assert response.status_code == 200
    assert len(names(response)) == 10
    assert ListingState.from_query(QueryDict(f"rating={value}")).rating is None


def test_the_rating_round_trips_through_the_url():
    state = ListingState.from_query(QueryDict("rating=3&sort=best_selling"))
    assert (state.rating, state.sort) == (3, "best_selling")
    assert state.query_string() == "?rating=3&sort=best_selling"
    assert state.is_filtered


def test_the_rating_sorts_and_facet_add_no_query(client, rated, django_assert_max_num_queries):
    # The same budget as above: taxonomy, search, facets, products, variants, media.
    with django_assert_max_num_queries(6):
        response = client.get("/san-pham/", {"rating": "4", "sort": "best_rated"})
    assert len(names(response)) == 4
    with django_assert_max_num_queries(6):
        client.get("/san-pham/", {"sort": "best_selling"})
