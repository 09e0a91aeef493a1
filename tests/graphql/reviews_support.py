"""Reviews to query and change through the API: delivered lines, reviews written through the
services, photos (one with a phone's GPS position in its EXIF), and the documents sent."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from graphql_relay import to_global_id
from PIL import Image

from reviews.models import ProductReview
from reviews.services.feedback import review_reply_save
from reviews.services.reviews import review_create
from tests.orders.fulfilment_support import variant
from tests.reviews.support import bought, shopper_of

ERRORS = "errors { field code message }"
REVIEW_FIELDS = """
  id rating title body variantName boughtVariant authorName createdAt updatedAt helpfulCount
  viewerHasVoted status canEdit product { id name }
  photos { url thumb: url(size: 160) width height thumbnails { size url } }
  reply { body createdAt updatedAt }
"""
PRODUCT_REVIEWS = """
query($id: ID!, $first: Int, $after: String, $sortBy: ReviewSort, $filter: ReviewFilterInput) {
  product(id: $id) {
    id
    rating { average count histogram { stars count } }
    soldCount
    reviews(first: $first, after: $after, sortBy: $sortBy, filter: $filter) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { REVIEW_FIELDS } }
    }
  }
}""".replace("REVIEW_FIELDS", REVIEW_FIELDS)
CREATE = f"""
mutation($input: ReviewCreateInput!) {{
  reviewCreate(input: $input) {{ review {{ {REVIEW_FIELDS} }} {ERRORS} }}
}}"""


def gid(type_name: str, row) -> str:
    return to_global_id(type_name, row.pk)


def line_of(vendor=None, *, shopper=None, status="delivered"):
    """A shopper's order line of a product of `vendor` (a new producer unless given)."""
    item = variant(quantity=50, vendor=vendor) if vendor is not None else None
    return bought(item, shopper=shopper, status=status)


def review_of(line, *, rating=5, body="Chè thơm, đóng gói cẩn thận.", photos=(), reply=None):
    """The line's review written by its buyer (and replied to by `reply`'s author)."""
    review = review_create(
        actor=shopper_of(line), order_line=line, rating=rating, title="Ngon", body=body,
        photos=photos,
    )  # fmt: skip
    if reply is not None:
        review_reply_save(actor=reply[0], review=review, body=reply[1])
    return ProductReview.objects.get(pk=review.pk)


def gps_jpeg(name: str = "phone.jpg", size=(320, 240)) -> SimpleUploadedFile:
    """A JPEG as a phone writes it: EXIF with the camera and a GPS position (Hà Giang)."""
    image = Image.new("RGB", size, (160, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (22.0, 49.0, 12.0), 3: "E", 4: (104.0, 59.0, 3.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def exif_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        return {**dict(exif), "gps": dict(exif.get_ifd(0x8825))}
