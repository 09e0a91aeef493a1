"""Storefront pages. Thin: they read through the catalogue's selectors and the search backend
(the same calls as the GraphQL `products(search, filter)`, `productFacets` and
`searchSuggestions` resolvers; without search words through search.browse_cache, the same
for every visitor) and render."""

import math

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from catalog.models import Product
from frontend_templates import facet_groups
from frontend_templates.browse import (
    PAGE_SIZE,
    Catalogue,
    ListingState,
    clean,
    search_filters,
    star_values,
)
from frontend_templates.page_numbers import page_links
from frontend_templates.qr import cached_qr_svg
from frontend_templates.selectors import card_products
from frontend_templates.storefront import home_sections
from search import browse_cache
from search.backends import get_backend
from search.backends.base import MAX_QUERY_LENGTH, MAX_SUGGESTIONS, SearchFilters

SORT_LABELS = {
    "": _("Best match"),
    "price": _("Price: low to high"),
    "-price": _("Price: high to low"),
    "name": _("Name"),
    "newest": _("Newest"),
    "stars": _("Most stars"),
    "best_rated": _("Best rated"),
    "best_selling": _("Best selling"),
}
# What a suggestion of each kind filters the listing by.
SUGGESTION_FILTERS = {"vendor": "vendors", "category": "categories", "province": "provinces"}
PAGE_WINDOW = 1  # page links either side of the current page: "1 … 4 5 6 … 20"


def url_or(name: str, fallback: str, *args) -> str:
    """A URL of another part of the site that may not be mounted (yet): its literal path."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback


@require_GET
def home(request):
    rows = home_sections.product_rows()
    # Counts per sector and province from the search index: the same numbers the listing's
    # facets will show after the click.
    facets = browse_cache.facets("", SearchFilters())
    catalogue = Catalogue()
    sector_counts = {int(v.key): v.count for v in facets.sectors}
    sectors = [
        (sector, sector_counts.get(sector.pk, 0)) for sector in catalogue.tree.children_of(None)
    ]
    chosen = request.GET.get("tinh")
    if chosen is None:  # not chosen here: where the shopper last had things delivered
        chosen = home_sections.shoppers_province(request)
    return render(
        request,
        "storefront/home.html",
        {
            "five_star": rows.five_star,
            "in_season": rows.in_season,
            "newest": rows.newest,
            "sectors": sectors,
            "provinces": home_sections.province_directory(
                {v.key: v.count for v in facets.provinces}
            ),
            "showrooms": home_sections.showrooms_by_province(chosen.strip()),
        },
    )


def _listing_url(request, query_string: str, *, partial: bool) -> str:
    if partial:  # a redirect of the script's request stays a fragment
        query_string += ("&" if len(query_string) > 1 else "") + "partial=1"
    return request.path + query_string


@require_GET
def products(request):
    """The listing. With ?partial=1 (the script's request) only the listing's region, which it
    swaps in place; the URL without it is the same page whole."""
    state = ListingState.from_query(request.GET)
    partial = request.GET.get("partial") == "1"
    if len(star_values(request.GET)) > 1:
        # A link from when stars were ticked one by one: the minimum it stands for, at one URL.
        return redirect(
            _listing_url(request, state.query_string(page=state.page), partial=partial),
            permanent=True,
        )
    catalogue = Catalogue()
    filters = search_filters(state, catalogue)
    result = browse_cache.search(state.search_request(filters))
    num_pages = max(math.ceil(result.total / PAGE_SIZE), 1)
    if state.page > num_pages:
        # A shared link to a page the results no longer reach: the last page there is.
        return redirect(_listing_url(request, state.query_string(page=num_pages), partial=partial))
    facets = browse_cache.facets(state.q, filters)
    groups = facet_groups.checkbox_groups(facets, state, filters, catalogue)
    chosen = [option for group in groups for option in group.options if option.checked]
    context = {
        # Arriving from "browse by province" (or sector...): the page is named after it.
        "browsing": chosen[0].label if len(chosen) == 1 and not state.q else "",
        "state": state,
        "search_query": state.q,
        "products": card_products(result.product_ids),
        "total": result.total,
        "num_pages": num_pages,
        "page_links": page_links(
            state.page, num_pages, lambda n: state.query_string(page=n), window=PAGE_WINDOW
        ),
        "previous_page": state.query_string(page=state.page - 1) if state.page > 1 else "",
        "next_page": state.query_string(page=state.page + 1) if state.page < num_pages else "",
        "groups": groups,
        "active_filters": facet_groups.active_filters(groups, state),
        "price_links": facet_groups.price_links(facets, state),
        "in_stock_count": facet_groups.in_stock_count(facets),
        "sort_options": SORT_LABELS.items(),
        "clear_filters": ListingState(q=state.q, sort=state.sort).query_string(),
        # The script puts this URL in the address bar: the same as the links', whatever order
        # the form sent its fields in.
        "canonical_query": state.query_string(page=state.page),
    }
    template = "storefront/_listing.html" if partial else "storefront/products.html"
    return render(request, template, context)


def _suggestion_url(kind: str, target: str, label: str) -> str:
    if kind == "product":
        return product_url(target)
    listing = reverse("storefront:products")
    if kind not in SUGGESTION_FILTERS:
        return listing + ListingState(q=label).query_string()
    return listing + ListingState().query_string(**{SUGGESTION_FILTERS[kind]: (target,)})


@require_GET
@cache_control(public=True, max_age=60)
def suggestions(request):
    """As-you-type completions for the search box, each with the page it leads to."""
    query = clean(request.GET.get("q", ""))[:MAX_QUERY_LENGTH]
    found = get_backend().suggest(query, limit=MAX_SUGGESTIONS) if query else []
    return JsonResponse(
        {
            "query": query,
            "suggestions": [
                {
                    "kind": s.kind,
                    "label": s.label,
                    "url": _suggestion_url(s.kind, s.target, s.label),
                }
                for s in found
            ],
        }
    )


def product_url(slug: str) -> str:
    return reverse("storefront:product", args=[slug])


def traceability_path(short_code: str) -> str:
    """/q/<code>: short, so that the QR code stays small and the URL fits on a label."""
    return reverse("storefront:traceability", args=[short_code])


@require_GET
@cache_control(public=True, max_age=3600)
def product_qr(request, slug: str):
    """The traceability QR code: the absolute URL of the product's traceability card
    (/q/<code>, stable for the product's life) as an SVG."""
    product = get_object_or_404(Product.objects.published().only("short_code"), slug=slug)
    svg = cached_qr_svg(request.build_absolute_uri(traceability_path(product.short_code)))
    return HttpResponse(svg, content_type="image/svg+xml")
