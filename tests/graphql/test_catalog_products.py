"""The storefront's `products` and `product` over HTTP: filters, search, sorting, pages, fields."""

import datetime

import pytest
from django.utils import timezone

from catalog.models import Category, Product
from inventory.models import Stock
from tests.factories import VendorFactory, commune
from tests.graphql.catalog_fixtures import (
    BA_DINH,
    MOC_CHAU,
    NA_RI,
    NAMES,
    PRODUCT,
    STOREFRONT,
    Status,
    gid,
    in_english,
    listing,
    names,
    showroom,
)
from vendors.models import Vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def gql(gql):
    """Messages are read in English."""
    return in_english(gql)


# Default order (RANK without a search): current stars, most first, unrated last; then name.
RANKED = [
    "Chè Shan tuyết Mộc Châu",  # 5 stars
    "Miến dong Bắc Kạn",  # 4 stars
    "Mật ong bạc hà",  # 3 stars
    "Cà phê Arabica",
    "Miến dong Na Rì",
    "Rượu ngô Bắc Hà",  # its 4-star certificate expired
]


@pytest.fixture
def catalogue(vendor):
    """Six public products of two producers, with one draft and one product of a suspended
    producer that nobody outside sees."""
    other = VendorFactory(commune=commune(NA_RI), slug="htx-na-ri")
    products = {
        "mien": listing(
            vendor, "Miến dong Bắc Kạn", category="I.3.b", origin=NA_RI, stars=4,
            prices=(45_000,), stock=(12,),
        ),
        "che": listing(
            vendor, "Chè Shan tuyết Mộc Châu", category="I.5.a", origin=MOC_CHAU, stars=5,
            prices=(150_000, 320_000), stock=(0, 4),
        ),
        "ruou": listing(
            vendor, "Rượu ngô Bắc Hà", category="II.1.a", origin=BA_DINH, stars=4, expired=True,
            prices=(95_000,), stock=(0,),
        ),
        "mat_ong": listing(
            vendor, "Mật ong bạc hà", category="I.2.b", origin=MOC_CHAU, stars=3,
            prices=(250_000,),
        ),
        "ca_phe": listing(
            vendor, "Cà phê Arabica", category="I.6", origin=BA_DINH, prices=(120_000,),
            stock=(7,),
        ),
        "mien_na_ri": listing(
            other, "Miến dong Na Rì", category="I.3.b", origin=NA_RI, prices=(30_000,),
            stock=(2,),
        ),
    }  # fmt: skip
    listing(vendor, "Miến dong nháp", status=Status.DRAFT, origin=NA_RI)
    listing(
        VendorFactory(status=Vendor.Status.SUSPENDED), "Miến dong bị ẩn", origin=NA_RI, stock=(5,)
    )
    products["other"] = other
    return products


def query(gql, user=None, **variables):
    return gql(user).execute(NAMES, {"first": 100, **variables})


def test_anonymous_shoppers_see_published_products_of_active_producers_by_rank(gql, catalogue):
    data = query(gql)
    assert names(data) == RANKED
    assert data["products"]["totalCount"] == 6


@pytest.mark.parametrize(
    ("categories", "expected"),
    [
        (["san-pham-do-uong"], ["Rượu ngô Bắc Hà"]),  # a sector, by slug
        (["I.3"], ["Miến dong Bắc Kạn", "Miến dong Na Rì"]),  # a group, by code
        (["che-tuoi-che-bien"], ["Chè Shan tuyết Mộc Châu"]),  # a product set, by slug
        (["I.6"], ["Cà phê Arabica"]),  # a group and its only set share the code
        (["I.2.b", "II"], ["Mật ong bạc hà", "Rượu ngô Bắc Hà"]),
        (["khong-co-danh-muc-nay"], []),  # unknown: nothing, not everything
    ],
)
def test_categories_include_everything_below_them(gql, catalogue, categories, expected):
    assert names(query(gql, filter={"categories": categories})) == expected


def test_categories_take_ids_of_any_level(gql, catalogue):
    sector = Category.objects.get(level=1, code="I")
    group = Category.objects.get(level=2, code="I.3")
    food = query(gql, filter={"categories": [gid(sector)]})
    assert names(food) == [name for name in RANKED if name != "Rượu ngô Bắc Hà"]
    processed = query(gql, filter={"categories": [gid(group)]})
    assert names(processed) == ["Miến dong Bắc Kạn", "Miến dong Na Rì"]
    # An ID of another type names no category.
    assert names(query(gql, filter={"categories": [gid(catalogue["mien"])]})) == []


@pytest.mark.parametrize(
    "province",
    ["Bắc Kạn", "bac kan", "06", "19", "Thái Nguyên", "Tỉnh Thái Nguyên"],
)
def test_provinces_match_the_origin_commune_by_current_or_pre_2025_name_or_code(
    gql, catalogue, province
):
    data = query(gql, filter={"provinces": [province]})
    assert names(data) == ["Miến dong Bắc Kạn", "Miến dong Na Rì"]


def test_provinces_match_where_a_product_is_made_not_where_its_producer_is(gql, catalogue):
    # The producer of "Miến dong Bắc Kạn" sits in Mộc Châu (Sơn La); the product is from Na Rì.
    assert names(query(gql, filter={"provinces": ["Sơn La"]})) == [
        "Chè Shan tuyết Mộc Châu",
        "Mật ong bạc hà",
    ]
    several = query(gql, filter={"provinces": ["01", "Bắc Kạn"]})
    assert names(several) == [
        "Miến dong Bắc Kạn",
        "Cà phê Arabica",
        "Miến dong Na Rì",
        "Rượu ngô Bắc Hà",
    ]
    assert names(query(gql, filter={"provinces": ["Atlantis"]})) == []


def test_stars_filter_on_current_certificates_only(gql, catalogue):
    # "Rượu ngô Bắc Hà" has a 4-star certificate, expired: no stars today.
    assert names(query(gql, filter={"stars": [4]})) == ["Miến dong Bắc Kạn"]
    assert names(query(gql, filter={"stars": [4, 5]})) == [
        "Chè Shan tuyết Mộc Châu",
        "Miến dong Bắc Kạn",
    ]


def test_vendors_filter_takes_ids_and_slugs(gql, catalogue, vendor):
    other = catalogue["other"]
    assert names(query(gql, filter={"vendors": [gid(other)]})) == ["Miến dong Na Rì"]
    assert names(query(gql, filter={"vendors": ["htx-na-ri"]})) == ["Miến dong Na Rì"]
    both = query(gql, filter={"vendors": [gid(other), vendor.slug]})
    assert both["products"]["totalCount"] == 6


def test_price_filters_on_the_cheapest_variant(gql, catalogue):
    assert names(query(gql, filter={"price": {"gte": 100_000}})) == [
        "Chè Shan tuyết Mộc Châu",
        "Mật ong bạc hà",
        "Cà phê Arabica",
    ]
    # Its 320,000 đ variant does not keep the 150,000 đ tea out.
    assert names(query(gql, filter={"price": {"gte": 100_000, "lte": 200_000}})) == [
        "Chè Shan tuyết Mộc Châu",
        "Cà phê Arabica",
    ]
    assert names(query(gql, filter={"price": {"lte": 45_000}})) == [
        "Miến dong Bắc Kạn",
        "Miến dong Na Rì",
    ]


def test_in_stock_means_some_variant_has_unallocated_stock_at_an_active_location(
    gql, catalogue, vendor
):
    assert names(query(gql, filter={"inStock": True})) == [
        "Chè Shan tuyết Mộc Châu",  # one variant of two
        "Miến dong Bắc Kạn",
        "Cà phê Arabica",
        "Miến dong Na Rì",
    ]
    assert names(query(gql, filter={"inStock": False})) == ["Mật ong bạc hà", "Rượu ngô Bắc Hà"]

    # Everything allocated to orders, or held at a closed showroom, is not for sale.
    (variant,) = catalogue["ca_phe"].variants.all()
    Stock.objects.filter(variant=variant).update(quantity_allocated=7)
    closed = showroom("Điểm OCOP đã đóng", BA_DINH, active=False)
    Stock.objects.create(variant=variant, location=closed, quantity=30)
    assert "Cà phê Arabica" not in names(query(gql, filter={"inStock": True}))


def test_filters_combine(gql, catalogue):
    data = query(
        gql,
        filter={"categories": ["I"], "provinces": ["Bắc Kạn"], "inStock": True, "stars": [4]},
    )
    assert names(data) == ["Miến dong Bắc Kạn"]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("mien dong", ["Miến dong Bắc Kạn", "Miến dong Na Rì"]),
        # Na Rì was in Bắc Kạn before 2025: the old name finds it too, after the name match.
        ("MIẾN   Dong  bac", ["Miến dong Bắc Kạn", "Miến dong Na Rì"]),
        ("kan mien", ["Miến dong Bắc Kạn", "Miến dong Na Rì"]),  # every word, in any order
        ("mien xyz", []),
        ("   ", RANKED),
    ],
)
def test_search_ignores_diacritics_and_case_and_needs_every_word(gql, catalogue, search, expected):
    assert names(query(gql, search=search)) == expected


def test_rank_with_a_search_puts_names_starting_with_it_first(gql, catalogue, vendor):
    listing(vendor, "Dong riềng đỏ", prices=(20_000,))
    data = query(gql, search="dong")
    assert names(data) == ["Dong riềng đỏ", "Miến dong Bắc Kạn", "Miến dong Na Rì"]


@pytest.mark.parametrize(
    ("sort_by", "expected"),
    [
        (
            {"field": "PRICE"},
            [
                "Miến dong Na Rì", "Miến dong Bắc Kạn", "Rượu ngô Bắc Hà", "Cà phê Arabica",
                "Chè Shan tuyết Mộc Châu", "Mật ong bạc hà",
            ],
        ),
        (
            {"field": "PRICE", "direction": "DESC"},
            [
                "Mật ong bạc hà", "Chè Shan tuyết Mộc Châu", "Cà phê Arabica", "Rượu ngô Bắc Hà",
                "Miến dong Bắc Kạn", "Miến dong Na Rì",
            ],
        ),
        (
            {"field": "STARS"},
            [
                "Chè Shan tuyết Mộc Châu", "Miến dong Bắc Kạn", "Mật ong bạc hà",
                "Cà phê Arabica", "Miến dong Na Rì", "Rượu ngô Bắc Hà",
            ],
        ),
        (
            {"field": "STARS", "direction": "ASC"},  # unrated last either way
            [
                "Mật ong bạc hà", "Miến dong Bắc Kạn", "Chè Shan tuyết Mộc Châu",
                "Cà phê Arabica", "Miến dong Na Rì", "Rượu ngô Bắc Hà",
            ],
        ),
        ({"field": "RANK"}, RANKED),
        ({"field": "RANK", "direction": "ASC"}, RANKED),
    ],
)  # fmt: skip
def test_sorting(gql, catalogue, sort_by, expected):
    assert names(query(gql, sortBy=sort_by)) == expected


def test_name_sorting_ignores_diacritics_and_goes_both_ways(gql, catalogue):
    ascending = names(query(gql, sortBy={"field": "NAME", "direction": "ASC"}))
    assert ascending == [
        "Cà phê Arabica",
        "Chè Shan tuyết Mộc Châu",
        "Mật ong bạc hà",
        "Miến dong Bắc Kạn",
        "Miến dong Na Rì",
        "Rượu ngô Bắc Hà",
    ]
    assert names(query(gql, sortBy={"field": "NAME", "direction": "DESC"})) == ascending[::-1]


def test_created_at_sorts_newest_first_unless_told(gql, catalogue):
    now = timezone.now()
    for days, key in enumerate(["ca_phe", "mien", "che", "ruou", "mat_ong", "mien_na_ri"]):
        Product.objects.filter(pk=catalogue[key].pk).update(
            created_at=now - datetime.timedelta(days=days)
        )
    newest = names(query(gql, sortBy={"field": "CREATED_AT"}))
    assert newest[:2] == ["Cà phê Arabica", "Miến dong Bắc Kạn"]
    assert names(query(gql, sortBy={"field": "CREATED_AT", "direction": "ASC"})) == newest[::-1]


def test_pages_follow_cursors_without_overlap_both_ways(gql, catalogue):
    client = gql()
    seen, after = [], None
    while True:
        data = client.execute(NAMES, {"first": 4, "after": after})
        seen += names(data)
        page = data["products"]["pageInfo"]
        assert data["products"]["totalCount"] == 6
        if not page["hasNextPage"]:
            break
        after = page["endCursor"]
    assert seen == RANKED

    first_page = client.execute(STOREFRONT, {"first": 4})["products"]
    cursor = first_page["pageInfo"]["endCursor"]
    assert first_page["pageInfo"]["hasNextPage"] is True
    before = client.execute(STOREFRONT, {"last": 2, "before": cursor})["products"]
    assert names({"products": before}) == RANKED[1:3]
    assert before["pageInfo"]["hasPreviousPage"] is True
    last = client.execute(STOREFRONT, {"last": 2})["products"]
    assert names({"products": last}) == RANKED[-2:]


@pytest.mark.parametrize("first", [101, -1])
def test_a_page_larger_than_100_is_a_clear_error(gql, catalogue, first):
    body = gql().post(NAMES, {"first": first}).json()
    assert body["data"]["products"] is None
    (error,) = body["errors"]
    assert "`first` on `products` must be between 0 and 100" in error["message"]


def test_a_product_card_has_every_field(gql, catalogue, settings):
    product = catalogue["mien"]
    listing_with_images = listing(
        catalogue["other"], "Miến dong ảnh", category="I.3.b", origin=NA_RI, images=2,
        prices=(30_000, 60_000), stock=(3, 0),
    )  # fmt: skip
    Product.objects.filter(pk=listing_with_images.pk).update(season_mask=0b100000000001)

    node = gql().execute(PRODUCT, {"slug": product.slug})["product"]
    assert node["id"] == gid(product)
    assert node["category"]["slug"] == "che-bien-tu-gao-ngu-coc"
    assert node["category"]["parent"]["slug"] == "thuc-pham-che-bien"
    assert node["category"]["parent"]["parent"]["slug"] == "san-pham-thuc-pham"
    assert node["origin"] == {
        "province": {"code": "19", "name": "Thái Nguyên"},
        "commune": {"code": NA_RI, "name": "Xã Na Rì"},
    }
    assert node["vendor"]["province"] == {"code": "14", "name": "Sơn La"}
    assert node["ocopStars"] == 4
    assert node["certificate"]["stars"] == 4
    assert node["certificate"]["level"] == "PROVINCE"
    assert node["certificate"]["isCurrent"] is True
    assert node["pricing"]["priceRange"] == {
        "start": {"amount": 45_000, "currency": "VND"},
        "stop": {"amount": 45_000, "currency": "VND"},
    }
    assert node["variants"][0]["quantityAvailable"] == 12
    assert node["isAvailable"] is True
    assert node["thumbnail"] is None and node["media"] == []
    assert node["status"] is None and node["reviewNote"] is None  # not the viewer's product

    other = gql().execute(PRODUCT, {"id": gid(listing_with_images)})["product"]
    assert other["pricing"]["priceRange"]["stop"]["amount"] == 60_000
    assert [v["quantityAvailable"] for v in other["variants"]] == [3, 0]
    pk = listing_with_images.pk
    assert other["thumbnail"] == {
        "url": f"http://testserver/media/products/{pk}/thumbs/0-320.webp",
        "alt": "Miến dong ảnh 0",
    }
    assert [m["url"] for m in other["media"]] == [
        f"http://testserver/media/products/{pk}/0.png",
        f"http://testserver/media/products/{pk}/1.png",
    ]
    assert other["seasonMonths"] == [1, 12]
    assert other["inSeason"] is (timezone.localdate().month in (1, 12))


def test_thumbnail_size_picks_the_smallest_file_at_least_that_wide(gql, vendor):
    product = listing(vendor, "Chè búp", images=1)
    query_ = "query($id: ID) { product(id: $id) { small: thumbnail(size: 100) { url } "
    query_ += "large: thumbnail(size: 5000) { url } media { url(size: 641) } } }"
    node = gql().execute(query_, {"id": gid(product)})["product"]
    base = f"http://testserver/media/products/{product.pk}/thumbs/0-"
    assert node["small"]["url"] == base + "160.webp"
    assert node["large"]["url"] == base + "1280.webp"  # the largest there is
    assert node["media"][0]["url"] == base + "1280.webp"


def test_an_expired_certificate_shows_no_stars_and_no_certificate_to_shoppers(gql, catalogue):
    node = gql().execute(PRODUCT, {"id": gid(catalogue["ruou"])})["product"]
    assert node["ocopStars"] is None
    assert node["certificate"] is None


@pytest.mark.parametrize(
    ("variables", "says"),
    [
        ({}, "Give either `id` or `slug`"),
        ({"id": "x", "slug": "y"}, "Give either `id` or `slug`"),
        ({"id": "not-an-id"}, "`id`: not-an-id is not a valid ID."),
    ],
)
def test_product_needs_one_valid_id_or_slug(gql, catalogue, variables, says):
    body = gql().post(PRODUCT, variables).json()
    assert body["data"]["product"] is None
    assert says in body["errors"][0]["message"]


def test_product_of_another_type_or_unknown_is_null_or_an_error(gql, catalogue):
    assert gql().execute(PRODUCT, {"slug": "khong-co"})["product"] is None
    wrong_type = gql().post(PRODUCT, {"id": gid(catalogue["other"])}).json()
    assert "Expected an ID of a Product, got one of a Vendor" in wrong_type["errors"][0]["message"]
