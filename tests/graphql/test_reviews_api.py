"""Reviews through the API: a product's rating and its published reviews, the shopper's lines
to review and own reviews, and the review mutations with their refusals (nothing written)."""

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.models import ProductRating, ProductReview, ReviewPhoto
from reviews.services.feedback import review_vote
from reviews.services.reviews import review_moderate
from tests.factories import StaffFactory, UserFactory
from tests.files import pdf_upload, png_upload
from tests.graphql.catalog_fixtures import listing
from tests.graphql.client import GraphQLClient, payload, sync_search_index
from tests.graphql.permission_support import stored_files
from tests.graphql.reviews_support import (
    CREATE,
    ERRORS,
    PRODUCT_REVIEWS,
    exif_of,
    gid,
    gps_jpeg,
    line_of,
    review_of,
)
from tests.graphql.vendor_support import codes, in_english
from tests.orders.fulfilment_support import member
from tests.reviews.support import shopper_of
from tests.reviews.support import snapshot as review_rows

pytestmark = pytest.mark.django_db
S = ProductReview.Status


@pytest.fixture
def gql(gql):
    return in_english(gql)


@pytest.fixture
def line(vendor):
    return line_of(vendor)


def product_of(line):
    return line.variant.product


def reviews_page(client, product, **variables) -> dict:
    data = client.execute(PRODUCT_REVIEWS, {"id": gid("Product", product), **variables})
    return data["product"]


def nodes(page: dict) -> list[dict]:
    return [edge["node"] for edge in page["reviews"]["edges"]]


def nothing_written():
    """The review tables and stored files as they are: compare after a refused mutation."""
    return review_rows(), stored_files()


# --- reading -------------------------------------------------------------------------------


def test_a_product_without_reviews_has_count_0_average_null_and_five_empty_rows(gql, vendor):
    product = listing(vendor, "Chè Shan tuyết")
    page = reviews_page(gql(), product)
    assert page["rating"] == {
        "average": None,
        "count": 0,
        "histogram": [{"stars": s, "count": 0} for s in range(1, 6)],
    }
    assert page["soldCount"] == 0
    assert page["reviews"]["totalCount"] == 0


def test_a_published_review_shows_its_photos_reply_and_variant_but_never_the_email(gql, line):
    line.vendor_order.order.user.full_name = "Nguyễn Thị Lan"
    line.vendor_order.order.user.save()
    owner = member(line.variant.vendor)
    review_of(line, rating=4, photos=[png_upload(size=(400, 300))], reply=(owner, "Cảm ơn chị!"))
    page = reviews_page(gql(), product_of(line))
    assert page["rating"]["average"] == 4.0
    assert page["rating"]["histogram"][3] == {"stars": 4, "count": 1}
    [review] = nodes(page)
    assert review["rating"] == 4
    assert review["authorName"] == "Nguyễn Thị Lan"
    assert shopper_of(line).email not in str(review)
    assert review["variantName"] == line.variant_name
    assert review["boughtVariant"] == f"Bought: {line.variant_name}"
    assert review["reply"]["body"] == "Cảm ơn chị!"
    assert review["status"] is None and review["canEdit"] is False  # not for the public
    [photo] = review["photos"]
    assert (photo["width"], photo["height"]) == (400, 300)
    assert photo["thumb"].endswith("-160.webp") and photo["url"].startswith("http")
    assert [t["size"] for t in photo["thumbnails"]] == [160, 320, 640]


def test_the_boughtvariant_label_is_vietnamese_by_default(line):
    review_of(line)
    [review] = nodes(reviews_page(GraphQLClient(), product_of(line)))
    assert review["boughtVariant"] == f"Đã mua: {line.variant_name}"


def test_pending_and_hidden_reviews_are_not_shown(gql, vendor):
    product_line = line_of(vendor)
    shown = review_of(product_line)
    held = review_of(line_of_same(product_line), body="Gọi 0912 345 678 để mua rẻ hơn")
    assert held.status == S.PENDING
    hidden = review_of(line_of_same(product_line))
    review_moderate(actor=StaffFactory(), review=hidden, action="HIDE", reason="Spam")
    page = reviews_page(gql(), product_of(product_line))
    assert [n["id"] for n in nodes(page)] == [gid("ProductReview", shown)]
    assert page["rating"]["count"] == 1


def line_of_same(line, **kwargs):
    """Another shopper's delivered line of the same variant."""
    from tests.reviews.support import bought

    return bought(line.variant, **kwargs)


def test_sorting_and_filtering(gql, line):
    low = review_of(line, rating=2)
    with_photo = review_of(line_of_same(line), rating=5, photos=[png_upload()])
    middle = review_of(line_of_same(line), rating=4)
    review_vote(actor=UserFactory(), review=middle)
    product = product_of(line)

    def order(**variables):
        return [n["id"] for n in nodes(reviews_page(gql(), product, **variables))]

    ids = {r.pk: gid("ProductReview", r) for r in (low, with_photo, middle)}
    assert order() == [ids[middle.pk], ids[with_photo.pk], ids[low.pk]]  # newest first
    assert order(sortBy="RATING_DESC") == [ids[with_photo.pk], ids[middle.pk], ids[low.pk]]
    assert order(sortBy="RATING_ASC") == [ids[low.pk], ids[middle.pk], ids[with_photo.pk]]
    assert order(sortBy="HELPFUL")[0] == ids[middle.pk]
    assert order(filter={"stars": [4, 5]}) == [ids[middle.pk], ids[with_photo.pk]]
    assert order(filter={"withPhotos": True}) == [ids[with_photo.pk]]
    assert order(filter={"withPhotos": False}) == [ids[middle.pk], ids[low.pk]]
    first = reviews_page(gql(), product, first=2)["reviews"]
    rest = reviews_page(gql(), product, first=2, after=first["pageInfo"]["endCursor"])
    assert first["pageInfo"]["hasNextPage"] and [n["id"] for n in nodes(rest)] == [ids[low.pk]]


def test_viewer_has_voted_is_the_signed_in_viewers_own_vote(gql, line):
    review = review_of(line)
    voter = UserFactory()
    review_vote(actor=voter, review=review)
    assert nodes(reviews_page(gql(voter), product_of(line)))[0]["viewerHasVoted"] is True
    assert nodes(reviews_page(gql(UserFactory()), product_of(line)))[0]["viewerHasVoted"] is False
    assert nodes(reviews_page(gql(), product_of(line)))[0]["viewerHasVoted"] is False


MY_REVIEWS = """{ me {
  reviewableLines { orderLineId variantName deliveredAt reviewDeadline product { id name } }
  reviews { totalCount edges { node { id status canEdit product { id } } } }
} }"""


def test_me_lists_the_lines_still_to_review_and_my_reviews_in_any_status(gql, line):
    shopper = shopper_of(line)
    later = line_of(line.variant.vendor, shopper=shopper)
    me = gql(shopper).execute(MY_REVIEWS)["me"]
    assert {item["orderLineId"] for item in me["reviewableLines"]} == {
        gid("OrderLine", line),
        gid("OrderLine", later),
    }
    item = next(i for i in me["reviewableLines"] if i["orderLineId"] == gid("OrderLine", line))
    assert item["product"]["id"] == gid("Product", product_of(line))
    assert item["reviewDeadline"] > item["deliveredAt"]
    held = review_of(line, body="Xem thêm tại shop.example.com")
    me = gql(shopper).execute(MY_REVIEWS)["me"]
    assert [i["orderLineId"] for i in me["reviewableLines"]] == [gid("OrderLine", later)]
    assert me["reviews"]["edges"] == [
        {
            "node": {
                "id": gid("ProductReview", held),
                "status": "PENDING",
                "canEdit": True,
                "product": {"id": gid("Product", product_of(line))},
            }
        }
    ]
    assert gql(UserFactory()).execute(MY_REVIEWS)["me"]["reviews"]["totalCount"] == 0


# --- query budgets ---------------------------------------------------------------------------

REVIEWS_BUDGET = 5


def _queries(client, query, variables) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.execute(query, variables)
    return len(captured)


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_page_of_reviews_costs_the_same_for_5_as_for_20(
    gql, vendor, signed_in, django_assert_max_num_queries
):
    """A page: the product, a COUNT, the reviews with authors, replies and the viewer's votes,
    their photos; and the signed-in viewer's user."""
    owner = member(vendor)
    lines = [line_of(vendor)]
    lines += [line_of_same(lines[0]) for _ in range(19)]
    for index, line in enumerate(lines):
        review_of(line, photos=[png_upload()], reply=(owner, f"Cảm ơn {index}"))
    client = gql(UserFactory() if signed_in else None)
    variables = {"id": gid("Product", product_of(lines[0]))}
    five = _queries(client, PRODUCT_REVIEWS, {**variables, "first": 5})
    twenty = _queries(client, PRODUCT_REVIEWS, {**variables, "first": 20})
    assert five == twenty
    with django_assert_max_num_queries(REVIEWS_BUDGET):
        page = client.execute(PRODUCT_REVIEWS, {**variables, "first": 20})
    assert len(nodes(page["product"])) == 20
    assert all(n["photos"] and n["reply"] for n in nodes(page["product"]))


PRODUCTS = """query($first: Int) { products(first: $first) { edges { node {
  id name slug pricing { priceRange { start { amount } } } FIELDS
} } } }"""


def test_rating_and_sold_count_on_a_page_of_24_products_add_no_query(
    gql, vendor, django_assert_max_num_queries
):
    products = [listing(vendor, f"Chè số {n}", stock=(50,)) for n in range(24)]
    for product in products[:3]:
        review_of(line_of_same_product(product))
    ProductRating.objects.filter(product=products[0]).update(sold_count=1200)
    client = gql()
    sync_search_index()  # once, outside the counts
    client.sync_search = False
    without = PRODUCTS.replace("FIELDS", "")
    with_rating = PRODUCTS.replace(
        "FIELDS", "rating { average count histogram { stars count } } soldCount"
    )
    baseline = _queries(client, without, {"first": 24})
    with django_assert_max_num_queries(baseline):
        data = client.execute(with_rating, {"first": 24})
    rows = [edge["node"] for edge in data["products"]["edges"]]
    assert len(rows) == 24
    assert sorted(row["rating"]["count"] for row in rows) == [0] * 21 + [1] * 3
    assert sorted(row["soldCount"] for row in rows)[-1] == 1200


def line_of_same_product(product):
    from tests.reviews.support import bought

    return bought(product.variants.get())


# --- writing ---------------------------------------------------------------------------------


def create_input(line, **fields) -> dict:
    return {
        "orderLineId": gid("OrderLine", line),
        "rating": 5,
        "title": "Ngon",
        "body": "Chè thơm, đóng gói cẩn thận.",
        **fields,
    }


def test_the_buyer_reviews_a_delivered_line_with_a_photo_stored_without_its_gps(gql, line):
    client = gql(shopper_of(line))
    photo = gps_jpeg()
    assert exif_of(photo.read())["gps"]  # the phone's position is in the upload
    photo.seek(0)
    response = client.upload(CREATE, {"input": create_input(line, photos=[None])}, {
        "input.photos.0": photo
    })  # fmt: skip
    result = payload(response.json()["data"], "reviewCreate")
    review = result["review"]
    assert (review["rating"], review["status"], review["canEdit"]) == (5, "PUBLISHED", True)
    assert (review["photos"][0]["width"], review["photos"][0]["height"]) == (320, 240)
    stored = ReviewPhoto.objects.get(review__order_line=line)
    with default_storage.open(stored.image.name) as original:
        assert exif_of(original.read()) == {"gps": {}}  # no GPS, no camera, nothing
    assert reviews_page(gql(), product_of(line))["rating"]["count"] == 1


def send_create(client, input, files=None) -> dict:
    if files is None:
        return client.execute(CREATE, {"input": input})["reviewCreate"]
    return client.upload(CREATE, {"input": input}, files).json()["data"]["reviewCreate"]


@pytest.mark.parametrize(
    ("fields", "files", "expected"),
    [
        ({"rating": 0}, None, [("rating", "INVALID")]),
        ({"rating": 6}, None, [("rating", "INVALID")]),
        ({"body": "à" * 2001}, None, [("body", "INVALID")]),
        ({"title": "t" * 121}, None, [("title", "INVALID")]),
        (
            {"photos": [None, None]},
            {"input.photos.0": png_upload(), "input.photos.1": pdf_upload()},
            [("photos", "UNSUPPORTED_FILE_TYPE")],
        ),
        ({"photos": ["not a file"]}, None, [("photos.0", "INVALID")]),
    ],
    ids=["rating 0", "rating 6", "body 2001", "title 121", "a PDF as photo", "a string"],
)
def test_bad_input_is_refused_and_nothing_is_written(gql, line, fields, files, expected):
    before = nothing_written()
    result = send_create(gql(shopper_of(line)), create_input(line, **fields), files)
    assert codes(result) == expected
    assert result["review"] is None
    assert nothing_written() == before


def test_a_line_not_delivered_yet_cannot_be_reviewed(gql, vendor):
    shipped = line_of(vendor, status="shipped")
    before = nothing_written()
    result = send_create(gql(shopper_of(shipped)), create_input(shipped))
    assert codes(result) == [("orderLineId", "NOT_DELIVERED")]
    assert nothing_written() == before


def test_a_line_is_reviewed_once(gql, line):
    client = gql(shopper_of(line))
    payload({"r": send_create(client, create_input(line))}, "r")
    before = nothing_written()
    result = send_create(client, create_input(line, rating=1))
    assert codes(result) == [("orderLineId", "ALREADY_REVIEWED")]
    assert nothing_written() == before


def test_someone_elses_line_is_not_found(gql, line):
    before = nothing_written()
    result = send_create(gql(UserFactory()), create_input(line))
    assert codes(result) == [("orderLineId", "NOT_FOUND")]
    assert nothing_written() == before


UPDATE = f"""
mutation($id: ID!, $input: ReviewUpdateInput!) {{
  reviewUpdate(id: $id, input: $input) {{ review {{ id rating title body status }} {ERRORS} }}
}}"""
DELETE = f"mutation($id: ID!) {{ reviewDelete(id: $id) {{ deletedId {ERRORS} }} }}"
REPORT = f"""mutation($id: ID!, $reason: String!) {{
  reviewReport(id: $id, reason: $reason) {{ review {{ id }} {ERRORS} }} }}"""
VOTE = f"""mutation($id: ID!) {{
  reviewVote(id: $id) {{ review {{ id helpfulCount viewerHasVoted }} {ERRORS} }} }}"""
REPLY = f"""mutation($id: ID!, $body: String!) {{
  reviewReply(id: $id, body: $body) {{ reply {{ body }} review {{ id reply {{ body }} }} {ERRORS} }}
}}"""
MODERATE = f"""mutation($id: ID!, $action: ReviewModerationAction!, $reason: String) {{
  reviewModerate(id: $id, action: $action, reason: $reason) {{ review {{ id status }} {ERRORS} }}
}}"""


@pytest.fixture
def review(line):
    return review_of(line, rating=4)


def test_the_author_edits_a_review_and_only_the_author(gql, review):
    variables = {"id": gid("ProductReview", review), "input": {"rating": 2, "body": "Hơi ngọt."}}
    before = nothing_written()
    result = gql(UserFactory()).execute(UPDATE, variables)["reviewUpdate"]
    assert codes(result) == [(None, "PERMISSION_DENIED")]
    assert nothing_written() == before
    result = gql(review.author).execute(UPDATE, variables)["reviewUpdate"]
    assert payload({"r": result}, "r")["review"] == {
        "id": gid("ProductReview", review),
        "rating": 2,
        "title": "Ngon",  # left out: kept
        "body": "Hơi ngọt.",
        "status": "PUBLISHED",
    }
    too_long = {**variables, "input": {"body": "x" * 2001}}
    before = nothing_written()
    result = gql(review.author).execute(UPDATE, too_long)["reviewUpdate"]
    assert codes(result) == [("body", "INVALID")]
    assert nothing_written() == before


def test_the_author_deletes_a_review(gql, review):
    variables = {"id": gid("ProductReview", review)}
    before = nothing_written()
    assert codes(gql(UserFactory()).execute(DELETE, variables)["reviewDelete"]) == [
        (None, "PERMISSION_DENIED")
    ]
    assert nothing_written() == before
    result = gql(review.author).execute(DELETE, variables)["reviewDelete"]
    assert payload({"r": result}, "r")["deletedId"] == variables["id"]
    assert not ProductReview.objects.exists()
    again = gql(review.author).execute(DELETE, variables)["reviewDelete"]
    assert codes(again) == [("id", "NOT_FOUND")]


def test_a_shopper_reports_a_review_once(gql, review):
    reporter = gql(UserFactory())
    variables = {"id": gid("ProductReview", review), "reason": "Quảng cáo"}
    payload(reporter.execute(REPORT, variables), "reviewReport")
    before = nothing_written()
    assert codes(reporter.execute(REPORT, variables)["reviewReport"]) == [("review", "INVALID")]
    blank = reporter.execute(REPORT, {**variables, "reason": "  "})["reviewReport"]
    assert codes(blank) == [("reason", "REQUIRED")]
    assert nothing_written() == before


def test_a_vote_counts_once(gql, review):
    voter = gql(UserFactory())
    variables = {"id": gid("ProductReview", review)}
    voted = payload(voter.execute(VOTE, variables), "reviewVote")["review"]
    assert (voted["helpfulCount"], voted["viewerHasVoted"]) == (1, True)
    before = nothing_written()
    # The service takes no vote back: a second one is refused.
    assert codes(voter.execute(VOTE, variables)["reviewVote"]) == [("review", "INVALID")]
    own = gql(review.author).execute(VOTE, variables)["reviewVote"]
    assert codes(own) == [(None, "PERMISSION_DENIED")]
    assert nothing_written() == before


def test_the_producer_replies_and_edits_the_reply_another_producer_may_not(
    gql, review, other_owner
):
    variables = {"id": gid("ProductReview", review), "body": "Cảm ơn anh/chị!"}
    before = nothing_written()
    refused = gql(other_owner).execute(REPLY, variables)["reviewReply"]
    assert codes(refused) == [(None, "PERMISSION_DENIED")]
    assert nothing_written() == before
    owner = member(review.product.vendor)
    replied = payload(gql(owner).execute(REPLY, variables), "reviewReply")
    assert replied["review"]["reply"] == {"body": "Cảm ơn anh/chị!"}
    edited = payload(gql(owner).execute(REPLY, {**variables, "body": "Đã sửa."}), "reviewReply")
    assert edited["reply"] == {"body": "Đã sửa."}
    empty = gql(owner).execute(REPLY, {**variables, "body": ""})["reviewReply"]
    assert codes(empty) == [("body", "REQUIRED")]


def test_staff_hide_and_publish_a_review_a_producer_may_not(gql, review, staff):
    variables = {"id": gid("ProductReview", review), "action": "HIDE", "reason": "Spam"}
    before = nothing_written()
    producer = gql(member(review.product.vendor))
    assert codes(producer.execute(MODERATE, variables)["reviewModerate"]) == [
        (None, "PERMISSION_DENIED")
    ]
    no_reason = gql(staff).execute(MODERATE, {**variables, "reason": None})["reviewModerate"]
    assert codes(no_reason) == [("reason", "REQUIRED")]
    assert nothing_written() == before
    hidden = payload(gql(staff).execute(MODERATE, variables), "reviewModerate")
    assert hidden["review"]["status"] == "HIDDEN"
    assert reviews_page(gql(), review.product)["rating"]["count"] == 0
    published = gql(staff).execute(MODERATE, {**variables, "action": "PUBLISH"})
    assert payload(published, "reviewModerate")["review"]["status"] == "PUBLISHED"
    assert reviews_page(gql(), review.product)["rating"]["count"] == 1


def test_a_hidden_review_is_not_found_by_outsiders(gql, review, staff):
    review_moderate(actor=staff, review=review, action="HIDE", reason="Spam")
    variables = {"id": gid("ProductReview", review)}
    assert codes(gql(UserFactory()).execute(VOTE, variables)["reviewVote"]) == [("id", "NOT_FOUND")]
    # Its author still sees it (and may edit it, which sends it back to staff).
    result = gql(review.author).execute(UPDATE, {**variables, "input": {"title": "Sửa"}})
    assert payload(result, "reviewUpdate")["review"]["status"] == "PENDING"
