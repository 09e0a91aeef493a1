"""Producers' listings over HTTP: create, variants, images, review; bad input and refusals."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import Category, Product, ProductEvent, ProductMedia, ProductVariant
from marketplace.graphql.core.ids import global_id
from tests.catalog.helpers import stored_files
from tests.factories import CertificateFactory, VendorMemberFactory, product_set
from tests.files import image_bytes, pdf_bytes, png_upload
from tests.graphql.catalog_fixtures import NA_RI, NAMES, Status, gid, in_english, listing, names
from tests.graphql.client import payload
from vendors.models import VendorMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def gql(gql):
    """Messages are read in English."""
    return in_english(gql)


ERRORS = "errors { field code message }"
PRODUCT_CREATE = f"""
mutation($input: ProductCreateInput!) {{
  productCreate(input: $input) {{
    product {{ id name slug description status category {{ code }} origin {{ commune {{ code }} }}
              certificate {{ decisionNumber }} seasonMonths }}
    {ERRORS}
  }}
}}"""
PRODUCT_UPDATE = f"""
mutation($id: ID!, $input: ProductUpdateInput!) {{
  productUpdate(id: $id, input: $input) {{
    product {{ id name slug description status certificate {{ decisionNumber }} }}
    {ERRORS}
  }}
}}"""
VARIANT_CREATE = f"""
mutation($productId: ID!, $input: ProductVariantCreateInput!) {{
  productVariantCreate(productId: $productId, input: $input) {{
    productVariant {{ id sku name price {{ amount }} compareAtPrice {{ amount }} weightGrams }}
    product {{ id }}
    {ERRORS}
  }}
}}"""
VARIANT_UPDATE = f"""
mutation($id: ID!, $input: ProductVariantUpdateInput!) {{
  productVariantUpdate(id: $id, input: $input) {{
    productVariant {{ id sku price {{ amount }} }} {ERRORS}
  }}
}}"""
VARIANT_DELETE = f"""
mutation($id: ID!) {{
  productVariantDelete(id: $id) {{ deletedId product {{ variants {{ id }} }} {ERRORS} }}
}}"""
MEDIA_CREATE = f"""
mutation($productId: ID!, $image: Upload!, $alt: String) {{
  productMediaCreate(productId: $productId, image: $image, alt: $alt) {{
    media {{ id url alt width height }} product {{ thumbnail(size: 160) {{ url }} }} {ERRORS}
  }}
}}"""
MEDIA_DELETE = f"""
mutation($id: ID!) {{
  productMediaDelete(id: $id) {{ deletedId product {{ media {{ url }} }} {ERRORS} }}
}}"""
SUBMIT = f"""
mutation($id: ID!) {{ productSubmitForReview(id: $id) {{ product {{ status }} {ERRORS} }} }}"""
APPROVE = f"""
mutation($id: ID!, $note: String) {{
  productApprove(id: $id, note: $note) {{ product {{ status reviewNote }} {ERRORS} }}
}}"""
REJECT = f"""
mutation($id: ID!, $note: String) {{
  productReject(id: $id, note: $note) {{ product {{ status reviewNote }} {ERRORS} }}
}}"""
ARCHIVE = f"""
mutation($id: ID!) {{ productArchive(id: $id) {{ product {{ status }} {ERRORS} }} }}"""


def errors_of(response, mutation: str) -> list[dict]:
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"][mutation]["errors"]


def the_error(response, mutation: str) -> dict:
    (error,) = errors_of(response, mutation)
    assert len(error["message"]) > 10, error
    return error


def create_input(vendor, **overrides) -> dict:
    return {
        "vendorId": gid(vendor),
        "name": "Miến dong Bắc Kạn",
        "categoryId": gid(product_set("I.3.b")),
        **overrides,
    }


def test_a_listing_goes_from_draft_to_the_storefront(gql, vendor, owner, staff):
    producer = gql(owner)
    created = payload(
        producer.execute(
            PRODUCT_CREATE,
            {
                "input": create_input(
                    vendor,
                    description="<p>Miến <strong>dong</strong> Na Rì</p>",
                    originCommuneCode=NA_RI,
                    seasonMonths=[12, 1, 2],
                )
            },
        ),
        "productCreate",
    )["product"]
    assert created["status"] == "DRAFT"
    assert created["slug"] == "mien-dong-bac-kan"
    assert created["category"] == {"code": "I.3.b"}
    assert created["origin"] == {"commune": {"code": NA_RI}}
    assert created["seasonMonths"] == [1, 2, 12]
    product_id = created["id"]
    assert names(gql().execute(NAMES, {"search": "mien dong"})) == []  # a draft

    variant = payload(
        producer.execute(
            VARIANT_CREATE,
            {
                "productId": product_id,
                "input": {"sku": "MD-500", "name": "Gói 500g", "price": 65_000,
                          "compareAtPrice": 80_000, "weightGrams": 520},
            },
        ),
        "productVariantCreate",
    )  # fmt: skip
    assert variant["productVariant"]["price"] == {"amount": 65_000}
    assert variant["productVariant"]["compareAtPrice"] == {"amount": 80_000}

    media = payload(
        producer.upload(
            MEDIA_CREATE,
            {"productId": product_id, "image": None, "alt": "Gói miến"},
            {"image": png_upload("mien.png", size=(400, 300))},
        ).json()["data"],
        "productMediaCreate",
    )
    assert media["media"]["alt"] == "Gói miến"
    assert (media["media"]["width"], media["media"]["height"]) == (400, 300)
    assert media["media"]["url"].startswith("http://testserver/media/products/")
    assert media["product"]["thumbnail"]["url"].endswith("-160.webp")

    submitted = payload(producer.execute(SUBMIT, {"id": product_id}), "productSubmitForReview")
    assert submitted["product"]["status"] == "PENDING_REVIEW"
    approved = payload(
        gql(staff).execute(APPROVE, {"id": product_id, "note": "Đạt"}), "productApprove"
    )
    assert approved["product"] == {"status": "PUBLISHED", "reviewNote": "Đạt"}

    found = gql().execute(
        'query { products(search: "MIEN dong") { edges { node { id name isAvailable '
        "thumbnail { url } pricing { priceRange { start { amount } } } } } } }"
    )["products"]["edges"]
    assert [edge["node"]["id"] for edge in found] == [product_id]
    node = found[0]["node"]
    assert node["pricing"]["priceRange"]["start"]["amount"] == 65_000
    assert node["isAvailable"] is False  # no stock yet
    assert node["thumbnail"]["url"].startswith("http://testserver/media/products/")


def test_update_renames_refolds_and_detaches_the_certificate(gql, vendor, owner):
    certificate = CertificateFactory(vendor=vendor, product_set=product_set("I.3.b"))
    product = listing(vendor, "Miến", category="I.3.b", status=Status.DRAFT)
    client = gql(owner)
    attached = payload(
        client.execute(
            PRODUCT_UPDATE,
            {
                "id": gid(product),
                "input": {"name": "Miến dong Na Rì", "certificateId": gid(certificate)},
            },
        ),
        "productUpdate",
    )["product"]  # fmt: skip
    assert attached["certificate"] == {"decisionNumber": certificate.decision_number}
    assert attached["slug"] == "mien-dong-na-ri"
    product.refresh_from_db()
    assert product.name_folded == "mien dong na ri"

    detached = payload(
        client.execute(PRODUCT_UPDATE, {"id": gid(product), "input": {"certificateId": None}}),
        "productUpdate",
    )["product"]
    assert detached["certificate"] is None
    assert detached["name"] == "Miến dong Na Rì"  # left out: unchanged


def test_script_tags_in_a_description_are_removed(gql, vendor, owner):
    description = (
        '<p onclick="steal()">Ngon<script>alert(1)</script></p><img src=x onerror=alert(1)>'
    )
    created = payload(
        gql(owner).execute(
            PRODUCT_CREATE, {"input": create_input(vendor, description=description)}
        ),
        "productCreate",
    )["product"]
    assert created["description"] == "<p>Ngon</p>"
    assert "script" not in Product.objects.get().description


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"categoryId": "sector"}, "categoryId", "INVALID"),  # a sector, not a product set
        ({"categoryId": global_id("Category", 999_999)}, "categoryId", "NOT_FOUND"),
        ({"categoryId": "bm90LWFuLWlk"}, "categoryId", "INVALID"),  # not an ID at all
        ({"vendorId": "category"}, "vendorId", "INVALID"),  # an ID of the wrong type
        ({"vendorId": global_id("Vendor", 999_999)}, "vendorId", "NOT_FOUND"),
        ({"originCommuneCode": "99999"}, "originCommuneCode", "NOT_FOUND"),
        ({"certificateId": "other"}, "certificateId", "NOT_FOUND"),  # another producer's
        ({"certificateId": global_id("OcopCertificate", 999_999)}, "certificateId", "NOT_FOUND"),
        ({"name": "  "}, "name", "REQUIRED"),
        ({"seasonMonths": [13]}, "seasonMonths", "INVALID"),
        ({"gtin": "8938505970012"}, "gtin", "INVALID"),  # wrong check digit (…11 is right)
    ],
)
def test_bad_product_input_is_a_payload_error_and_writes_nothing(
    gql, vendor, owner, other_vendor, overrides, field, code
):
    replacements = {
        "sector": gid(Category.objects.get(level=1, code="I")),
        "category": gid(product_set("I.3.b")),
        "other": gid(CertificateFactory(vendor=other_vendor, product_set=product_set("I.3.b"))),
    }
    overrides = {
        key: replacements.get(value, value) if isinstance(value, str) else value
        for key, value in overrides.items()
    }
    response = gql(owner).post(PRODUCT_CREATE, {"input": create_input(vendor, **overrides)})
    error = the_error(response, "productCreate")
    assert (error["field"], error["code"]) == (field, code)
    assert response.json()["data"]["productCreate"]["product"] is None
    assert not Product.objects.exists()
    assert not ProductEvent.objects.exists()


def test_a_certificate_of_another_product_set_is_refused(gql, vendor, owner):
    tea = CertificateFactory(vendor=vendor, product_set=product_set("I.5.a"))
    response = gql(owner).post(
        PRODUCT_CREATE, {"input": create_input(vendor, certificateId=gid(tea))}
    )
    error = the_error(response, "productCreate")
    assert (error["field"], error["code"]) == ("certificateId", "INVALID")
    assert "another product set" in error["message"]
    assert not Product.objects.exists()


@pytest.mark.parametrize(
    ("price", "code"), [(-1, "INVALID"), (0, "INVALID"), (1_000_000_001, "INVALID")]
)
def test_a_price_must_be_a_positive_whole_number_of_dong(gql, vendor, owner, price, code):
    product = listing(vendor, "Miến", prices=())
    response = gql(owner).post(
        VARIANT_CREATE,
        {"productId": gid(product), "input": {"sku": "A-1", "name": "Gói", "price": price}},
    )
    error = the_error(response, "productVariantCreate")
    assert (error["field"], error["code"]) == ("price", code)
    assert not ProductVariant.objects.exists()


def test_variants_are_updated_and_deleted(gql, vendor, owner):
    product = listing(vendor, "Miến", prices=(40_000, 60_000), status=Status.DRAFT)
    first, second = product.variants.all()
    client = gql(owner)
    updated = payload(
        client.execute(VARIANT_UPDATE, {"id": gid(first), "input": {"price": 42_000}}),
        "productVariantUpdate",
    )
    assert updated["productVariant"]["price"] == {"amount": 42_000}
    assert updated["productVariant"]["sku"] == first.sku

    bad = client.post(VARIANT_UPDATE, {"id": gid(first), "input": {"compareAtPrice": 100}})
    assert the_error(bad, "productVariantUpdate")["field"] == "compareAtPrice"

    deleted = payload(client.execute(VARIANT_DELETE, {"id": gid(second)}), "productVariantDelete")
    assert deleted["deletedId"] == gid(second)
    assert deleted["product"]["variants"] == [{"id": gid(first)}]


def test_a_published_product_keeps_its_last_variant(gql, vendor, owner):
    product = listing(vendor, "Miến", prices=(40_000,))
    response = gql(owner).post(VARIANT_DELETE, {"id": gid(product.variants.get())})
    assert the_error(response, "productVariantDelete")["code"] == "INVALID"
    assert product.variants.count() == 1


def upload_image(client, product, upload):
    return client.upload(
        MEDIA_CREATE, {"productId": gid(product), "image": None}, {"image": upload}
    )


def test_an_oversized_upload_is_refused_and_nothing_is_stored(gql, vendor, owner, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 1024
    product = listing(vendor, "Miến")
    big = SimpleUploadedFile("big.png", image_bytes("PNG", size=(600, 600), color=(1, 2, 3)))
    big_noise = SimpleUploadedFile("big.png", image_bytes("PNG", size=(64, 48)) + b"\0" * 2048)
    for upload in (big, big_noise):
        error = the_error(upload_image(gql(owner), product, upload), "productMediaCreate")
        assert (error["field"], error["code"]) == ("image", "FILE_TOO_LARGE")
    assert not ProductMedia.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("scan.pdf", pdf_bytes()), "UNSUPPORTED_FILE_TYPE"),
        (SimpleUploadedFile("photo.png", pdf_bytes()), "UNSUPPORTED_FILE_TYPE"),
        (SimpleUploadedFile("notes.txt", b"just some text"), "UNSUPPORTED_FILE_TYPE"),
        (SimpleUploadedFile("empty.png", b""), "INVALID"),
    ],
)
def test_a_non_image_is_refused(gql, vendor, owner, upload, code):
    product = listing(vendor, "Miến")
    error = the_error(upload_image(gql(owner), product, upload), "productMediaCreate")
    assert (error["field"], error["code"]) == ("image", code)
    assert not ProductMedia.objects.exists()
    assert stored_files() == []


def test_an_image_sent_as_a_string_not_a_file_is_a_payload_error(gql, vendor, owner):
    product = listing(vendor, "Miến")
    response = gql(owner).post(MEDIA_CREATE, {"productId": gid(product), "image": "photo.png"})
    error = the_error(response, "productMediaCreate")
    assert (error["field"], error["code"]) == ("image", "INVALID")


def test_an_image_is_deleted(gql, vendor, owner):
    product = listing(vendor, "Miến")
    client = gql(owner)
    media = payload(
        upload_image(client, product, png_upload()).json()["data"], "productMediaCreate"
    )
    deleted = payload(
        client.execute(MEDIA_DELETE, {"id": media["media"]["id"]}), "productMediaDelete"
    )
    assert deleted["deletedId"] == media["media"]["id"]
    assert deleted["product"]["media"] == []
    assert not ProductMedia.objects.exists()


@pytest.mark.parametrize(
    ("query", "variables", "mutation", "field"),
    [
        (PRODUCT_UPDATE, {"input": {"name": "X"}}, "productUpdate", "id"),
        (ARCHIVE, {}, "productArchive", "id"),
        (SUBMIT, {}, "productSubmitForReview", "id"),
        (VARIANT_CREATE, {"input": {"sku": "A", "name": "B", "price": 1}}, "productVariantCreate",
         "productId"),
    ],
)  # fmt: skip
def test_unknown_ids_and_ids_of_the_wrong_type_are_payload_errors(
    gql, vendor, owner, query, variables, mutation, field
):
    client = gql(owner)
    key = "productId" if field == "productId" else "id"
    for value, code in (
        (global_id("Product", 999_999), "NOT_FOUND"),
        (gid(vendor), "INVALID"),
        ("!!", "INVALID"),
    ):
        error = the_error(client.post(query, {**variables, key: value}), mutation)
        assert (error["field"], error["code"]) == (field, code)
    assert not Product.objects.exists() and not ProductVariant.objects.exists()


def test_variant_and_media_ids_of_the_wrong_type_are_refused(gql, vendor, owner):
    product = listing(vendor, "Miến", status=Status.DRAFT)
    client = gql(owner)
    for query, mutation in (
        (VARIANT_DELETE, "productVariantDelete"),
        (MEDIA_DELETE, "productMediaDelete"),
    ):
        error = the_error(client.post(query, {"id": gid(product)}), mutation)
        assert (error["field"], error["code"]) == ("id", "INVALID")
    assert product.variants.count() == 1


def test_another_producers_draft_looks_exactly_like_one_that_does_not_exist(
    gql, vendor, other_owner
):
    draft = listing(vendor, "Miến nháp", status=Status.DRAFT)
    (variant,) = draft.variants.all()
    client = gql(other_owner)
    for query, variables, mutation in (
        (PRODUCT_UPDATE, {"id": gid(draft), "input": {"name": "Của tôi"}}, "productUpdate"),
        (SUBMIT, {"id": gid(draft)}, "productSubmitForReview"),
        (ARCHIVE, {"id": gid(draft)}, "productArchive"),
        (VARIANT_DELETE, {"id": gid(variant)}, "productVariantDelete"),
    ):
        error = the_error(client.post(query, variables), mutation)
        assert (error["field"], error["code"]) == ("id", "NOT_FOUND")
    # The same answer, word for word, as for an ID that names nothing.
    missing = global_id("Product", 999_999)
    unknown = the_error(client.post(SUBMIT, {"id": missing}), "productSubmitForReview")
    seen = the_error(client.post(SUBMIT, {"id": gid(draft)}), "productSubmitForReview")
    assert seen["message"].replace(gid(draft), missing) == unknown["message"]
    draft.refresh_from_db()
    assert (draft.name, draft.status) == ("Miến nháp", Status.DRAFT)
    assert draft.variants.count() == 1


@pytest.mark.parametrize("who", ["anonymous", "shopper", "other_owner", "member_staff"])
def test_outsiders_cannot_change_a_published_product(gql, vendor, request, who):
    if who == "member_staff":
        user = VendorMemberFactory(vendor=vendor, role=VendorMember.Role.STAFF).user
    else:
        user = None if who == "anonymous" else request.getfixturevalue(who)
    product = listing(vendor, "Miến")
    (variant,) = product.variants.all()
    client = gql(user)
    for query, variables, mutation in (
        (PRODUCT_UPDATE, {"id": gid(product), "input": {"name": "X"}}, "productUpdate"),
        (ARCHIVE, {"id": gid(product)}, "productArchive"),
        (VARIANT_UPDATE, {"id": gid(variant), "input": {"price": 1}}, "productVariantUpdate"),
        (
            VARIANT_CREATE,
            {"productId": gid(product), "input": {"sku": "Z-1", "name": "Z", "price": 5}},
            "productVariantCreate",
        ),
    ):
        assert the_error(client.post(query, variables), mutation)["code"] == "PERMISSION_DENIED"
    error = the_error(upload_image(client, product, png_upload()), "productMediaCreate")
    assert error["code"] == "PERMISSION_DENIED"
    product.refresh_from_db()
    assert (product.name, product.status) == ("Miến", Status.PUBLISHED)
    assert product.variants.get().price == 85_000
    assert not ProductMedia.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "shopper", "other_owner"])
def test_only_a_member_may_list_for_a_producer(gql, vendor, request, who):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    error = the_error(
        gql(user).post(PRODUCT_CREATE, {"input": create_input(vendor)}), "productCreate"
    )
    assert error["code"] == "PERMISSION_DENIED"
    assert not Product.objects.exists()


def test_only_staff_moderate(gql, vendor, owner, staff):
    pending = listing(vendor, "Miến", status=Status.PENDING_REVIEW)
    refused = the_error(gql(owner).post(APPROVE, {"id": gid(pending)}), "productApprove")
    assert refused["code"] == "PERMISSION_DENIED"
    # A shopper does not even see a product under review.
    hidden = the_error(gql().post(APPROVE, {"id": gid(pending)}), "productApprove")
    assert hidden["code"] == "NOT_FOUND"

    needs_note = the_error(gql(staff).post(REJECT, {"id": gid(pending)}), "productReject")
    assert (needs_note["field"], needs_note["code"]) == ("note", "REQUIRED")
    pending.refresh_from_db()
    assert pending.status == Status.PENDING_REVIEW

    rejected = payload(
        gql(staff).execute(REJECT, {"id": gid(pending), "note": "Thiếu ảnh"}), "productReject"
    )
    assert rejected["product"] == {"status": "REJECTED", "reviewNote": "Thiếu ảnh"}
    again = the_error(gql(staff).post(APPROVE, {"id": gid(pending)}), "productApprove")
    assert again["code"] == "INVALID_TRANSITION"


def test_a_product_without_variants_cannot_be_submitted(gql, vendor, owner):
    draft = listing(vendor, "Miến", prices=(), status=Status.DRAFT)
    error = the_error(gql(owner).post(SUBMIT, {"id": gid(draft)}), "productSubmitForReview")
    assert (error["field"], error["code"]) == ("variants", "REQUIRED")


def test_archiving_takes_a_product_off_the_storefront(gql, vendor, owner):
    product = listing(vendor, "Miến dong")
    archived = payload(gql(owner).execute(ARCHIVE, {"id": gid(product)}), "productArchive")
    assert archived["product"]["status"] == "ARCHIVED"
    assert names(gql().execute(NAMES, {"search": "mien"})) == []


def test_on_create_null_means_not_given(gql, vendor, owner):
    variables = {"input": create_input(vendor, originCommuneCode=None, certificateId=None)}
    created = payload(gql(owner).execute(PRODUCT_CREATE, variables), "productCreate")["product"]
    assert created["origin"] == {"commune": {"code": vendor.commune_id}}
    variant = payload(
        gql(owner).execute(
            VARIANT_CREATE,
            {
                "productId": created["id"],
                "input": {"sku": "A-1", "name": "Gói", "price": 1000, "weightGrams": None},
            },
        ),
        "productVariantCreate",
    )["productVariant"]
    assert variant["weightGrams"] == 0


def test_on_update_null_clears_what_may_be_empty_and_is_refused_elsewhere(gql, vendor, owner):
    product = listing(vendor, "Miến", status=Status.DRAFT, season_mask=0b11)
    cleared = payload(
        gql(owner).execute(
            PRODUCT_UPDATE, {"id": gid(product), "input": {"description": None, "gtin": None}}
        ),
        "productUpdate",
    )
    assert cleared["product"]["description"] == ""
    response = gql(owner).post(
        PRODUCT_UPDATE, {"id": gid(product), "input": {"name": None, "categoryId": None}}
    )
    assert sorted((e["field"], e["code"]) for e in errors_of(response, "productUpdate")) == [
        ("categoryId", "INVALID"),
        ("name", "REQUIRED"),
    ]
    product.refresh_from_db()
    assert product.name == "Miến"
