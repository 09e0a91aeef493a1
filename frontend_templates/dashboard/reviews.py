"""The reviews of the producer's products, with one reply form per review.

The producer answers (once, then edits its answer); it never edits or hides a review: that
is staff's moderation, in the admin. Filters: the reviews still without a reply, and by
stars."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from frontend_templates.dashboard.common import (
    denied_as_403,
    field_errors,
    require_member,
    shown_errors,
    vendor_page,
)
from marketplace.core.errors import ServiceError
from reviews.producer_selectors import answerable_review, vendor_reviews
from reviews.services.feedback import review_reply_save

PAGE_SIZE = 20
THUMBNAIL_SIZE = "160"
UNANSWERED = "unanswered"


def _filters(params) -> dict:
    """The list's filters from the query string (or the reply form's hidden fields), ignoring
    what is not one of them."""
    stars = params.get("stars", "")
    return {
        "show": UNANSWERED if params.get("show") == UNANSWERED else "",
        "stars": int(stars) if stars in {"1", "2", "3", "4", "5"} else None,
        "page": params.get("page") or "1",
    }


def _query(filters: dict, *, page=None) -> str:
    items = {"show": filters["show"], "stars": filters["stars"] or ""}
    page = page if page is not None else filters["page"]
    items["page"] = "" if str(page) == "1" else page  # the first page is the list itself
    return urlencode({name: value for name, value in items.items() if value not in ("", None)})


@require_GET
@vendor_page
def review_list(request, vendor):
    return render_reviews(request, vendor, _filters(request.GET))


def render_reviews(request, vendor, filters, *, failed=None, errors=None, typed="", status=200):
    reviews = vendor_reviews(
        vendor, unanswered=filters["show"] == UNANSWERED, stars=filters["stars"]
    )
    page = Paginator(reviews, PAGE_SIZE).get_page(filters["page"])
    for review in page.object_list:
        review.errors = errors if review.pk == failed else {}
        review.typed = typed if review.pk == failed else None
        review.errors_id = f"reply-{review.pk}-errors"
        review.author_name = review.author.full_name or pgettext("producer reviews", "A shopper")
        review.photo_urls = [
            default_storage.url(photo.thumbnails.get(THUMBNAIL_SIZE) or photo.image.name)
            for photo in review.photos.all()
        ]
    filters = {**filters, "page": page.number}
    context = {
        "vendor": vendor,
        "page": page,
        "filters": filters,
        "star_choices": [5, 4, 3, 2, 1],
        "previous_query": _query(filters, page=page.number - 1) if page.has_previous() else "",
        "next_query": _query(filters, page=page.number + 1) if page.has_next() else "",
        "page_query": _query(filters, page=1),
    }
    return render(request, "dashboard/reviews.html", context, status=status)


@require_POST
@login_required
def review_reply(request, pk: int):
    review = answerable_review(pk)
    if review is None:
        raise Http404
    vendor = review.product.vendor
    require_member(request.user, vendor)  # another producer's review looks unknown
    filters = _filters(request.POST)
    answered = hasattr(review, "reply")
    try:
        with denied_as_403():
            review_reply_save(actor=request.user, review=review, body=request.POST.get("body", ""))
    except ServiceError as error:
        return render_reviews(
            request,
            vendor,
            filters,
            failed=review.pk,
            errors=shown_errors(field_errors(error), ("body",)),
            typed=request.POST.get("body", ""),
            status=400,
        )
    # Back to the same list: under "Unanswered" the review has left it, so say where it went.
    done = (
        pgettext("producer reviews", "Your reply to %(name)s's review of %(product)s is updated.")
        if answered
        else pgettext(
            "producer reviews", "Your reply to %(name)s's review of %(product)s is saved."
        )
    )
    author = review.author.full_name or pgettext("producer reviews", "A shopper")
    messages.success(request, done % {"name": author, "product": review.product.name})
    query = _query(filters)
    return redirect(f"{reverse('dashboard:reviews')}{'?' + query if query else ''}#review-{pk}")
