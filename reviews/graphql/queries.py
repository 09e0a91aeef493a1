"""The reviews' read fields, resolved for the catalogue's `Product` and the account's `me`.

A page of reviews costs the same whatever its size: a COUNT, the page joined to its author and
reply (and whether the viewer voted for each), and its photos in one query.
"""

from django.db.models import Exists, OuterRef, Prefetch, Value

from marketplace.core.permissions import is_person
from marketplace.graphql.core.connections import paginate
from reviews.graphql.types import ProductReviewConnection, ReviewSort
from reviews.models import ProductReview, ReviewPhoto, ReviewVote
from reviews.selectors import published_reviews, reviewable_lines

ORDERINGS = {
    ReviewSort.NEWEST.value: ("-created_at", "-pk"),
    ReviewSort.HELPFUL.value: ("-helpful_count", "-created_at", "-pk"),
    ReviewSort.RATING_DESC.value: ("-rating", "-created_at", "-pk"),
    ReviewSort.RATING_ASC.value: ("rating", "-created_at", "-pk"),
}


def _filtered(queryset, filter):
    filter = filter or {}
    if filter.get("stars"):
        queryset = queryset.filter(rating__in=filter["stars"])
    with_photos = filter.get("with_photos")
    if with_photos is not None:
        has_photos = Exists(ReviewPhoto.objects.filter(review_id=OuterRef("pk")))
        queryset = queryset.filter(has_photos if with_photos else ~has_photos)
    return queryset


def _with_viewer_votes(info, queryset):
    """Annotated `viewer_has_voted`: in the page's own query, not one more."""
    user = info.context.user
    if not is_person(user):
        return queryset.annotate(viewer_has_voted=Value(False))
    voted = ReviewVote.objects.filter(review_id=OuterRef("pk"), user_id=user.pk)
    return queryset.annotate(viewer_has_voted=Exists(voted))


def resolve_product_reviews(product, info, args):
    sort = getattr(args.get("sort_by"), "value", args.get("sort_by")) or ReviewSort.NEWEST.value
    queryset = _filtered(published_reviews(product), args.get("filter")).order_by(*ORDERINGS[sort])

    def of_this_product(page):  # `ProductReview.product` is the product asked about
        for review in page:
            review.product = product

    return paginate(
        _with_viewer_votes(info, queryset),
        info,
        args,
        ProductReviewConnection,
        prefetch=of_this_product,
    )


def resolve_my_reviews(user, info, args):
    queryset = (
        ProductReview.objects.filter(author_id=user.pk)
        .select_related("author", "reply", "product")
        .prefetch_related(Prefetch("photos", queryset=ReviewPhoto.objects.order_by("position")))
        .order_by("-created_at", "-pk")
    )
    return paginate(_with_viewer_votes(info, queryset), info, args, ProductReviewConnection)


def resolve_reviewable_lines(user, info):
    return list(reviewable_lines(user))
