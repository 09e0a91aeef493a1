"""Writing, editing and deleting one's review; reporting it, finding it helpful, replying to it
(its producer) and moderating it (staff). Each mutation finds its target as the caller sees
it (NOT_FOUND otherwise) and calls one service, whose errors come back in the payload."""

import graphene

from catalog.graphql.mutations.common import uploaded_file
from marketplace.graphql.core.ids import get_by_id, global_id
from marketplace.graphql.core.mutations import BaseMutation, user_of
from marketplace.graphql.core.types import Upload
from orders.models import OrderLine
from orders.selectors import orders_visible_to
from reviews.graphql.types import ProductReviewType, ReviewReplyType, reviews_visible_to
from reviews.services import feedback, reviews

REVIEW_TYPE = "ProductReview"


def visible_review(info, id: str):
    return get_by_id(reviews_visible_to(user_of(info)), id, REVIEW_TYPE)


def _photos(values):
    """The uploaded files of a `photos` list (a string instead of a file is INVALID)."""
    return [uploaded_file(value, f"photos.{index}") for index, value in enumerate(values or [])]


class ReviewInputFields:
    rating = graphene.Int(description="1 to 5 stars.")
    title = graphene.String(description="At most 120 characters.")
    body = graphene.String(description="Plain text, at most 2,000 characters.")
    photos = graphene.List(
        graphene.NonNull(Upload),
        description="Up to 5 JPEG, PNG or WebP images; on update, they replace the old ones.",
    )


class ReviewCreateInput(ReviewInputFields, graphene.InputObjectType):
    order_line_id = graphene.ID(required=True, description="A delivered line of your order.")
    rating = graphene.Int(required=True, description="1 to 5 stars.")


class ReviewUpdateInput(ReviewInputFields, graphene.InputObjectType):
    pass


class ReviewCreate(BaseMutation):
    review = graphene.Field(ProductReviewType)
    error_fields = {"order_line": "orderLineId"}

    class Arguments:
        input = ReviewCreateInput(required=True)

    class Meta:
        description = "Review a delivered order line: once, within 90 days of the delivery."

    @classmethod
    def perform(cls, root, info, input):
        user = user_of(info)
        lines = OrderLine.objects.filter(vendor_order__order__in=orders_visible_to(user))
        line = get_by_id(lines, input["order_line_id"], "OrderLine", field="order_line_id")
        review = reviews.review_create(
            actor=user,
            order_line=line,
            rating=input["rating"],
            title=input.get("title") or "",
            body=input.get("body") or "",
            photos=_photos(input.get("photos")),
        )
        return {"review": review}


class ReviewUpdate(BaseMutation):
    review = graphene.Field(ProductReviewType)

    class Arguments:
        id = graphene.ID(required=True)
        input = ReviewUpdateInput(required=True)

    class Meta:
        description = "Edit your review within 30 days of writing it (left-out fields stay)."

    @classmethod
    def perform(cls, root, info, id, input):
        review = visible_review(info, id)
        photos = input.get("photos")
        review = reviews.review_update(
            actor=user_of(info),
            review=review,
            rating=input.get("rating"),
            title=input.get("title"),
            body=input.get("body"),
            photos=None if photos is None else _photos(photos),
        )
        return {"review": review}


class ReviewDelete(BaseMutation):
    deleted_id = graphene.ID(description="The ID the review had.")

    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = "Delete your review (the line cannot be reviewed again)."

    @classmethod
    def perform(cls, root, info, id):
        review = visible_review(info, id)
        deleted_id = global_id(REVIEW_TYPE, review.pk)
        reviews.review_delete(actor=user_of(info), review=review)
        return {"deleted_id": deleted_id}


class ReviewReport(BaseMutation):
    review = graphene.Field(ProductReviewType)

    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String(required=True, description="What is wrong with it.")

    class Meta:
        description = "Report a review to staff, once; enough reports take it down for review."

    @classmethod
    def perform(cls, root, info, id, reason):
        review = feedback.review_report(
            actor=user_of(info), review=visible_review(info, id), reason=reason
        )
        return {"review": review}


class ReviewVote(BaseMutation):
    review = graphene.Field(ProductReviewType)

    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = 'Find a review helpful ("Hữu ích"): once; a vote is not taken back.'

    @classmethod
    def perform(cls, root, info, id):
        review = feedback.review_vote(actor=user_of(info), review=visible_review(info, id))
        review.viewer_has_voted = True
        return {"review": review}


class ReviewReplySave(BaseMutation):
    reply = graphene.Field(ReviewReplyType)
    review = graphene.Field(ProductReviewType)

    class Arguments:
        id = graphene.ID(required=True, description="The review.")
        body = graphene.String(required=True, description="Plain text, at most 2,000 characters.")

    class Meta:
        # Its payload type is `ReviewReplySave`: `ReviewReply` is the reply itself.
        description = "The producer's reply to a review of its product: written once, then edited."

    @classmethod
    def perform(cls, root, info, id, body):
        review = visible_review(info, id)
        reply = feedback.review_reply_save(actor=user_of(info), review=review, body=body)
        return {"reply": reply, "review": reply.review}


class ReviewModerationAction(graphene.Enum):
    PUBLISH = "PUBLISH"
    HIDE = "HIDE"

    class Meta:
        description = "Show the review (again), or take it down."


class ReviewModerate(BaseMutation):
    review = graphene.Field(ProductReviewType)

    class Arguments:
        id = graphene.ID(required=True)
        action = ReviewModerationAction(required=True)
        reason = graphene.String(description="Why; required to hide.")

    class Meta:
        description = "Staff publish or hide a review, saying why."

    @classmethod
    def perform(cls, root, info, id, action, reason=None):
        review = reviews.review_moderate(
            actor=user_of(info),
            review=visible_review(info, id),
            action=getattr(action, "value", action),
            reason=reason or "",
        )
        return {"review": review}


class ReviewMutations(graphene.ObjectType):
    review_create = ReviewCreate.Field()
    review_update = ReviewUpdate.Field()
    review_delete = ReviewDelete.Field()
    review_report = ReviewReport.Field()
    review_vote = ReviewVote.Field()
    review_reply = ReviewReplySave.Field()
    review_moderate = ReviewModerate.Field()
