"""Reviews as clients see them: a product's rating summary, its published reviews with photos
and the producer's reply, and the shopper's own reviews and lines still to review.

The catalogue's `Product` type names these types by their dotted path (graphene's lazy form),
and these name `Product` the same way: neither module imports the other.
"""

from datetime import timedelta

import graphene
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _
from graphene import relay
from graphene_django import DjangoObjectType

from catalog.thumbnails import thumbnail_name
from marketplace.core.permissions import is_person, is_staff
from marketplace.graphql.core.connections import connection_type
from marketplace.graphql.core.ids import global_id
from marketplace.graphql.core.types import visible_through
from reviews.models import ProductRating, ProductReview, ReviewPhoto, ReviewReply, ReviewVote
from reviews.selectors import EDIT_WINDOW_DAYS, REVIEW_WINDOW_DAYS

ReviewStatusEnum = graphene.Enum.from_enum(
    ProductReview.Status,
    name="ReviewStatus",
    description="Published (shown), pending (waiting for staff) or hidden by staff.",
)
PRODUCT_TYPE = "catalog.graphql.types.ProductType"


def reviews_visible_to(user):
    """Published reviews for everyone; the author's own in any status; all of them for staff."""
    reviews = ProductReview.objects.all()
    if is_staff(user):
        return reviews
    published = reviews.filter(status=ProductReview.Status.PUBLISHED)
    if not is_person(user):  # a device's or an app's token is nobody's account
        return published
    return published | reviews.filter(author_id=user.pk)


class RatingBucket(graphene.ObjectType):
    stars = graphene.Int(required=True)
    count = graphene.Int(required=True)

    class Meta:
        description = "How many published reviews gave this many stars."


class ProductRatingType(graphene.ObjectType):
    average = graphene.Float(
        description="The average of published reviews, to one decimal; null without any."
    )
    count = graphene.Int(required=True, description="Published reviews.")
    histogram = graphene.List(
        graphene.NonNull(RatingBucket), required=True, description="5 rows, 1 to 5 stars."
    )

    class Meta:
        name = "ProductRating"
        description = "What verified buyers think of a product."

    @staticmethod
    def resolve_average(root, info):
        return round(float(root.average), 1) if root.count else None

    @staticmethod
    def resolve_histogram(root, info):
        return [RatingBucket(stars=s, count=n) for s, n in root.histogram.items()]


def product_rating(product) -> ProductRating:
    """The product's ProductRating row (joined by the product prefetch), or an unsaved empty
    one (all zeros) before its first review or sale."""
    try:
        return product.review_rating
    except ObjectDoesNotExist:
        return ProductRating(product_id=product.pk)


class ReviewPhotoThumbnail(graphene.ObjectType):
    size = graphene.Int(required=True, description="Width (and at most height) in pixels.")
    url = graphene.String(required=True, description="Absolute URL of the WebP copy.")


def _absolute_url(info, field_file, name: str) -> str:
    return info.context.build_absolute_uri(field_file.storage.url(name))


class ReviewPhotoType(DjangoObjectType):
    url = graphene.String(
        required=True,
        size=graphene.Int(
            description="Width in pixels wanted: the smallest thumbnail at least that wide. "
            "Without it, the original (re-encoded, without camera metadata)."
        ),
        description="Absolute URL.",
    )
    thumbnails = graphene.List(graphene.NonNull(ReviewPhotoThumbnail), required=True)
    width = graphene.Int(required=True, description="Of the original, in pixels.")
    height = graphene.Int(required=True, description="Of the original, in pixels.")

    class Meta:
        model = ReviewPhoto
        name = "ReviewPhoto"
        fields = ("width", "height")
        description = "A shopper's photo of what they received."

    @staticmethod
    def resolve_url(root, info, size=None):
        name = root.image.name if size is None else thumbnail_name(root, size)
        return _absolute_url(info, root.image, name)

    @staticmethod
    def resolve_thumbnails(root, info):
        return [
            ReviewPhotoThumbnail(size=int(size), url=_absolute_url(info, root.image, name))
            for size, name in sorted(root.thumbnails.items(), key=lambda item: int(item[0]))
        ]


class ReviewReplyType(DjangoObjectType):
    body = graphene.String(required=True, description="Plain text.")

    class Meta:
        model = ReviewReply
        name = "ReviewReply"
        fields = ("body", "created_at", "updated_at")
        description = "The producer's answer to a review."


def _reply(review):
    try:
        return review.reply
    except ObjectDoesNotExist:
        return None


def _sees_private(info, review) -> bool:
    user = info.context.user
    return (is_person(user) and review.author_id == user.pk) or is_staff(user)


class ProductReviewType(DjangoObjectType):
    rating = graphene.Int(required=True, description="1 to 5 stars.")
    title = graphene.String(required=True)
    body = graphene.String(required=True, description="Plain text: render it escaped.")
    variant_name = graphene.String(required=True, description='The variant bought, "Hộp 500g".')
    bought_variant = graphene.String(
        required=True, description='"Đã mua: Hộp 500g"; empty when the variant is not known.'
    )
    author_name = graphene.String(
        required=True, description="The shopper's name as shown (never their email)."
    )
    helpful_count = graphene.Int(required=True, description='"Hữu ích" votes.')
    photos = graphene.List(graphene.NonNull(ReviewPhotoType), required=True)
    reply = graphene.Field(ReviewReplyType, description="The producer's reply, if any.")
    viewer_has_voted = graphene.Boolean(
        required=True, description="The signed-in viewer found it helpful (false for others)."
    )
    product = graphene.Field(PRODUCT_TYPE, required=True)
    status = graphene.Field(ReviewStatusEnum, description="For its author and staff only.")
    can_edit = graphene.Boolean(
        required=True, description="The viewer wrote it and may still edit it."
    )

    class Meta:
        model = ProductReview
        name = "ProductReview"
        interfaces = (relay.Node,)
        fields = ("rating", "title", "body", "variant_name", "created_at", "updated_at")
        description = "A verified buyer's review of a product."

    get_queryset = visible_through(reviews_visible_to)

    @staticmethod
    def resolve_bought_variant(root, info):
        if not root.variant_name:
            return ""
        return _("Bought: %(variant)s") % {"variant": root.variant_name}

    @staticmethod
    def resolve_author_name(root, info):
        return root.author.full_name.strip() or _("A shopper")

    @staticmethod
    def resolve_photos(root, info):
        return root.photos.all()

    @staticmethod
    def resolve_reply(root, info):
        return _reply(root)

    @staticmethod
    def resolve_viewer_has_voted(root, info):
        if hasattr(root, "viewer_has_voted"):
            return root.viewer_has_voted
        user = info.context.user
        if not is_person(user):
            return False
        return ReviewVote.objects.filter(review_id=root.pk, user_id=user.pk).exists()

    @staticmethod
    def resolve_status(root, info):
        return root.status if _sees_private(info, root) else None

    @staticmethod
    def resolve_can_edit(root, info):
        user = info.context.user
        return (
            is_person(user)
            and root.author_id == user.pk
            and timezone.now() <= root.created_at + timedelta(days=EDIT_WINDOW_DAYS)
        )


ProductReviewConnection = connection_type(ProductReviewType)


class ReviewSort(graphene.Enum):
    NEWEST = "newest"
    HELPFUL = "helpful"
    RATING_DESC = "rating_desc"
    RATING_ASC = "rating_asc"

    class Meta:
        description = "How reviews are ordered (newest first within equal ones)."


class ReviewFilterInput(graphene.InputObjectType):
    stars = graphene.List(graphene.NonNull(graphene.Int), description="Only these ratings.")
    with_photos = graphene.Boolean(description="Only reviews with photos (true) or without.")


class ReviewableLineType(graphene.ObjectType):
    order_line_id = graphene.ID(required=True, description="What `reviewCreate` takes.")
    product = graphene.Field(PRODUCT_TYPE, required=True)
    variant_name = graphene.String(required=True)
    delivered_at = graphene.DateTime(required=True)
    review_deadline = graphene.DateTime(required=True, description="Reviews close then.")

    class Meta:
        name = "ReviewableLine"
        description = "A delivered order line its buyer may still review."

    @staticmethod
    def resolve_order_line_id(root, info):
        return global_id("OrderLine", root.pk)

    @staticmethod
    def resolve_product(root, info):
        return root.variant.product

    @staticmethod
    def resolve_review_deadline(root, info):
        return root.delivered_at + timedelta(days=REVIEW_WINDOW_DAYS)
