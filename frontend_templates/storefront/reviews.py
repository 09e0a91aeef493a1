"""Reviews on the storefront: the product page's part (summary, filters, a page of reviews),
the shopper's review form (write, edit, delete) and the "Hữu ích" and report buttons. Thin
adapters over the reviews app's services and selectors; every write is a POST with CSRF, by a
signed-in shopper, and ends on the product page with a message."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from frontend_templates.numbers import typed_whole_number
from marketplace.core.errors import ServiceError
from orders.models import OrderLine, VendorOrder
from reviews.models import ProductRating, ProductReview
from reviews.selectors import (
    product_reviews,
    review_editable,
    review_photos,
    reviewable_lines,
    reviews_of_lines,
    voted_review_ids,
)
from reviews.services.feedback import review_report, review_vote
from reviews.services.reviews import MAX_PHOTOS, review_create, review_delete, review_update

REVIEWS_PER_PAGE = 10
PHOTO_STRIP_SIZE = 12
SORT_OPTIONS = {
    "newest": gettext_lazy("Newest"),
    "helpful": gettext_lazy("Most helpful"),
    "rating_desc": gettext_lazy("Highest rating"),
    "rating_asc": gettext_lazy("Lowest rating"),
}
FORM_FIELDS = ("rating", "title", "body", "photos")


@dataclass(frozen=True)
class ReviewFilters:
    """What the product page's review list is narrowed and ordered by, from its query string
    (`stars`, `photos`, `sort`, `page`); anything unknown is ignored, not an error."""

    stars: int | None = None
    with_photos: bool = False
    sort: str = "newest"

    @classmethod
    def from_query(cls, query) -> "ReviewFilters":
        stars = typed_whole_number(query.get("stars"))
        sort = query.get("sort", "")
        return cls(
            stars=stars if stars in range(1, 6) else None,
            with_photos=query.get("photos") == "1",
            sort=sort if sort in SORT_OPTIONS else "newest",
        )

    def query_string(self, **changes) -> str:
        """The link to these filters with `changes` (e.g. "?stars=5&sort=helpful#reviews"); a
        new filter starts again at page 1 (no `page` unless given)."""
        values = {
            "stars": self.stars,
            "photos": "1" if self.with_photos else None,
            "sort": self.sort,
            "page": None,
        }
        values.update(changes)
        params = {key: value for key, value in values.items() if value not in (None, "")}
        if params.get("page") == 1:
            del params["page"]
        if params.get("sort") == "newest":
            del params["sort"]
        return ("?" + urlencode(params) if params else "?") + "#reviews"


def product_reviews_context(request, product) -> dict:
    """What the product page shows of its reviews, in a fixed number of queries: the rating
    comes with the product (select_related), then the page's count, its reviews, their photos,
    the photo strip and the shopper's votes."""
    try:
        rating = product.review_rating
    except ProductRating.DoesNotExist:
        rating = None
    filters = ReviewFilters.from_query(request.GET)
    if rating is None or not rating.count:
        return {"rating": None, "review_filters": filters}
    reviews = product_reviews(
        product, stars=filters.stars, with_photos=filters.with_photos, sort=filters.sort
    )
    page = Paginator(reviews, REVIEWS_PER_PAGE).get_page(request.GET.get("page"))
    page_reviews = list(page.object_list)
    voted = voted_review_ids(request.user, [review.pk for review in page_reviews])
    for review in page_reviews:
        review.voted = review.pk in voted
        review.own = request.user.is_authenticated and review.author_id == request.user.pk
        review.editable = review.own and review_editable(review)
    histogram = [
        (stars, rating.histogram[stars], filters.query_string(stars=stars))
        for stars in range(5, 0, -1)
    ]
    return {
        "rating": rating,
        "histogram": histogram,
        "review_filters": filters,
        "review_page": page,
        "reviews": page_reviews,
        "review_page_links": [
            (number, filters.query_string(page=number) if number != page.paginator.ELLIPSIS else "")
            for number in page.paginator.get_elided_page_range(page.number, on_each_side=2)
        ],
        "review_previous": filters.query_string(page=page.number - 1)
        if page.has_previous()
        else "",
        "review_next": filters.query_string(page=page.number + 1) if page.has_next() else "",
        "review_sorts": [
            (key, label, filters.query_string(sort=key)) for key, label in SORT_OPTIONS.items()
        ],
        "reviews_all": ReviewFilters(sort=filters.sort).query_string(),
        "reviews_with_photos": filters.query_string(photos=None if filters.with_photos else "1"),
        "review_photos": review_photos(product, limit=PHOTO_STRIP_SIZE),
    }


def attach_review_links(order, user) -> None:
    """Mark each line of the shopper's own order with what its review link offers:
    `review_write_url` while it can be reviewed, `review_edit_url` while its review can be
    edited (two queries for the whole order, none until a part is delivered)."""
    if not user.is_authenticated or order.user_id != user.pk:
        return
    lines = [
        line
        for part in order.vendor_orders.all()
        if part.status == VendorOrder.Status.DELIVERED
        for line in part.lines.all()
    ]
    if not lines:
        return
    ids = [line.pk for line in lines]
    open_ids = set(reviewable_lines(user).filter(pk__in=ids).values_list("pk", flat=True))
    written = reviews_of_lines(user, ids)
    for line in lines:
        review = written.get(line.pk)
        if line.pk in open_ids:
            line.review_write_url = reverse("storefront:review-write", args=[line.pk])
        elif review is not None and review_editable(review):
            line.review_edit_url = reverse("storefront:review-edit", args=[review.pk])


def _product_page(product, anchor: str = "#reviews") -> str:
    return reverse("storefront:product", args=[product.slug]) + anchor


def _back(request, review) -> str:
    """The product page the button was on (its filters and page kept), else the product's."""
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return _product_page(review.product, f"#review-{review.pk}")


def _errors_by_field(error: ServiceError) -> dict[str, list[str]]:
    """The service's errors under the form's fields (named alike), the rest as `general`."""
    errors: dict[str, list[str]] = {}
    for item in error.errors:
        field = item.field if item.field in FORM_FIELDS else "general"
        errors.setdefault(field, []).append(item.message)
    return errors


def _form_values(request) -> dict:
    return {
        "rating": typed_whole_number(request.POST.get("rating")),
        "title": request.POST.get("title", ""),
        "body": request.POST.get("body", ""),
    }


def _render_form(request, *, product, variant_name, values, errors, review=None, status=200):
    context = {
        "product": product,
        "variant_name": variant_name,
        "review": review,
        "values": values,
        "errors": errors,
        "star_choices": range(5, 0, -1),
        "max_photos": MAX_PHOTOS,
    }
    return render(request, "storefront/review_form.html", context, status=status)


def _thanks(request, review) -> None:
    if review.status == ProductReview.Status.PUBLISHED:
        messages.success(request, _("Thank you for your review."))
    else:
        messages.info(
            request, _("Your review is waiting for moderation; it shows once staff approve it.")
        )


@login_required
@require_http_methods(["GET", "POST"])
def review_write(request, line_id: int):
    """The form for one delivered line of the shopper's own order (another's line is a 404)."""
    line = get_object_or_404(
        OrderLine.objects.select_related("variant__product", "vendor_order__order"),
        pk=line_id,
        vendor_order__order__user=request.user,
    )
    if line.variant is None:
        raise Http404(_("This product is no longer listed."))
    written = reviews_of_lines(request.user, [line.pk]).get(line.pk)
    if written is not None:
        return redirect("storefront:review-edit", written.pk)
    product = line.variant.product
    values = {"rating": None, "title": "", "body": ""}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = _form_values(request)
        try:
            review = review_create(
                actor=request.user,
                order_line=line,
                rating=values["rating"],
                title=values["title"],
                body=values["body"],
                photos=request.FILES.getlist("photos"),
            )
        except ServiceError as error:
            errors = _errors_by_field(error)
        else:
            _thanks(request, review)
            return redirect(_product_page(product, f"#review-{review.pk}"))
    return _render_form(
        request,
        product=product,
        variant_name=line.variant_name,
        values=values,
        errors=errors,
        status=400 if errors else 200,
    )


def _own_review(request, review_id: int) -> ProductReview:
    return get_object_or_404(
        ProductReview.objects.select_related("product"), pk=review_id, author=request.user
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_edit(request, review_id: int):
    """Edit one's own review. New photos replace the old ones; none chosen keeps them, unless
    `remove_photos` is ticked."""
    review = _own_review(request, review_id)
    values = {"rating": review.rating, "title": review.title, "body": review.body}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = _form_values(request)
        uploads = request.FILES.getlist("photos")
        photos = uploads or ([] if request.POST.get("remove_photos") else None)
        try:
            review = review_update(
                actor=request.user,
                review=review,
                # The form always sends a rating; none is a wrong choice, not "keep it".
                rating=0 if values["rating"] is None else values["rating"],
                title=values["title"],
                body=values["body"],
                photos=photos,
            )
        except ServiceError as error:
            errors = _errors_by_field(error)
        else:
            _thanks(request, review)
            return redirect(_product_page(review.product, f"#review-{review.pk}"))
    return _render_form(
        request,
        product=review.product,
        variant_name=review.variant_name,
        values=values,
        errors=errors,
        review=review,
        status=400 if errors else 200,
    )


@login_required
@require_POST
def review_remove(request, review_id: int):
    review = _own_review(request, review_id)
    try:
        review_delete(actor=request.user, review=review)
    except ServiceError as error:
        messages.error(request, " ".join(e.message for e in error.errors))
    else:
        messages.success(request, _("Your review was deleted."))
    return redirect(_product_page(review.product))


def _published_review(review_id: int) -> ProductReview:
    return get_object_or_404(
        ProductReview.objects.select_related("product"),
        pk=review_id,
        status=ProductReview.Status.PUBLISHED,
    )


@login_required
@require_POST
def review_helpful(request, review_id: int):
    review = _published_review(review_id)
    try:
        review_vote(actor=request.user, review=review)
    except ServiceError as error:
        messages.error(request, " ".join(e.message for e in error.errors))
    else:
        messages.success(request, _("Thank you: your vote helps other shoppers."))
    return redirect(_back(request, review))


@login_required
@require_POST
def review_flag(request, review_id: int):
    review = _published_review(review_id)
    try:
        review_report(actor=request.user, review=review, reason=request.POST.get("reason", ""))
    except ServiceError as error:
        messages.error(request, " ".join(e.message for e in error.errors))
    else:
        messages.success(request, _("Thank you: staff will look at this review."))
    return redirect(_back(request, review))
