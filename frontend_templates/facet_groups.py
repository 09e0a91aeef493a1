"""The backend's facet counts as the listing's checkbox groups and price links.

A checkbox is checked from what the URL chose, not from the backend's `selected`: choosing a
sector marks every product set below it selected there, and a shopper must be able to untick
exactly what they ticked.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from frontend_templates.browse import Catalogue, ListingState
from marketplace.core.money import format_vnd
from search.backends.base import Facets, SearchFilters
from search.ranking import RATING_MINIMUMS

SHOWN_BEFORE_MORE = 8
CERTIFIED_STARS = (3, 4, 5)  # only 3 to 5 stars are certified


@dataclass
class Option:
    value: str
    label: str
    count: int | None  # None: not counted (shown because it is chosen)
    checked: bool
    symbols: str = ""  # shown instead of the label, which screen readers read


@dataclass
class Group:
    name: str  # the GET parameter
    legend: str
    options: list[Option] = field(default_factory=list)
    single: bool = False  # one value at most: radio buttons

    @property
    def first(self) -> list[Option]:
        """The checked options and the biggest others, up to the fold."""
        checked = [o for o in self.options if o.checked]
        others = [o for o in self.options if not o.checked]
        return checked + others[: max(SHOWN_BEFORE_MORE - len(checked), 0)]

    @property
    def more(self) -> list[Option]:
        shown = {id(o) for o in self.first}
        return [o for o in self.options if id(o) not in shown]


@dataclass
class PriceLink:
    label: str
    count: int
    query_string: str
    current: bool


def checkbox_groups(
    facets: Facets, state: ListingState, filters: SearchFilters, catalogue: Catalogue
) -> list[Group]:
    chosen_categories = set(state.categories)

    def category_options(values) -> list[Option]:
        options = []
        for value in values:
            slug = catalogue.slug(value.key)
            checked = slug in chosen_categories or value.key in chosen_categories
            options.append(Option(slug, value.label, value.count, checked))
        return options

    def plain(values, chosen) -> list[Option]:
        return [Option(v.key, v.label, v.count, v.key in chosen) for v in values]

    stars = star_minimum_options(facets, state)
    rating = [
        Option(
            v.key,
            gettext("From %(stars)d★ rating") % {"stars": int(v.key)},
            v.count,
            state.rating == int(v.key),
        )
        for v in facets.rating
        if int(v.key) in RATING_MINIMUMS
    ]
    if state.rating is not None:  # radio buttons cannot be unticked: a way back to any rating
        rating.append(Option("", gettext("Any rating"), None, False))
    sectors = category_options(facets.sectors)
    sets = category_options(facets.product_sets)
    groups = [
        Group("category", _("Sector"), sectors),
        Group("category", _("Product set"), sets),
        # Chosen categories the facets do not list (a product group, from a suggestion): still
        # ticked, so that the next change of filters keeps them and they can be unticked.
        Group("category", _("Product group"), other_categories(state, catalogue, sectors + sets)),
        Group("province", _("Province of origin"), plain(facets.provinces, filters.province_codes)),
        Group("stars", _("OCOP stars"), stars, single=True),
        Group("rating", _("Buyers' rating"), rating, single=True),
        Group("vendor", _("Producer"), plain(facets.vendors, {str(v) for v in filters.vendor_ids})),
    ]
    return [group for group in groups if group.options]


def star_minimum_options(facets: Facets, state: ListingState) -> list[Option]:
    """ "From 3★ / 4★ / 5★": each counts the products with at least that many stars (the
    backend counts each exact value, ignoring the stars filter itself). Only certified values,
    3 to 5, are offered; one that nothing reaches is left out unless chosen."""
    exact = {int(v.key): v.count for v in facets.stars if v.key.isdigit()}
    options = []
    for minimum in CERTIFIED_STARS:
        count = sum(n for stars, n in exact.items() if stars >= minimum)
        if count or state.stars == minimum:
            label = ngettext("From %(stars)d star", "From %(stars)d stars", minimum) % {
                "stars": minimum
            }
            symbols = gettext("From %(stars)d★") % {"stars": minimum}
            options.append(Option(str(minimum), label, count, state.stars == minimum, symbols))
    if state.stars is not None:
        if state.stars not in CERTIFIED_STARS:  # an old link's 1 or 2: still shown, and ticked
            label = gettext("From %(stars)d★") % {"stars": state.stars}
            options.insert(0, Option(str(state.stars), label, None, True))
        options.append(Option("", gettext("Any stars"), None, False))
    return options


def other_categories(state: ListingState, catalogue: Catalogue, listed: list[Option]):
    shown = {option.value for option in listed}
    options = []
    for value in state.categories:
        for category in catalogue.find(value):
            if category.slug not in shown:
                shown.add(category.slug)
                options.append(Option(category.slug, category.name, None, True))
    return options


def in_stock_count(facets: Facets) -> int:
    return next((v.count for v in facets.in_stock if v.key == "true"), 0)


def price_links(facets: Facets, state: ListingState) -> list[PriceLink]:
    """One link per price bucket, setting price_min and price_max. Buckets are [low, high) and
    price_max is inclusive: prices are whole đồng, so high - 1 is the same bucket."""
    links = []
    for value in facets.price_buckets:
        low_text, _dash, high_text = value.key.partition("-")
        low = int(low_text) if low_text else None
        high = int(high_text) - 1 if high_text else None
        current = state.price_min == low and state.price_max == high
        changes = {"price_min": None, "price_max": None} if current else {}
        changes = changes or {"price_min": low, "price_max": high}
        links.append(PriceLink(value.label, value.count, state.query_string(**changes), current))
    return links


@dataclass
class Chip:
    label: str
    query_string: str  # the state without this filter


# GET parameter -> ListingState field
FIELDS = {"category": "categories", "province": "provinces", "vendor": "vendors"}


def active_filters(groups: list[Group], state: ListingState) -> list[Chip]:
    """What the shopper chose, each with a link that removes just that: on a phone the filter
    panel is folded away, and these show what the results are narrowed by."""
    chosen: dict[str, list[Option]] = {}
    for group in groups:
        chosen.setdefault(group.name, []).extend(o for o in group.options if o.checked)
    chips = []
    for name, options in chosen.items():
        if name in ("rating", "stars"):  # one value: the chip clears it
            chips += [Chip(o.label, state.query_string(**{name: None})) for o in options]
            continue
        for option in options:
            rest = [o.value for o in options if o is not option]
            chips.append(Chip(option.label, state.query_string(**{FIELDS[name]: tuple(rest)})))
    if state.in_stock:
        chips.append(Chip(gettext("In stock"), state.query_string(in_stock=False)))
    low, high = state.price_min, state.price_max
    if low is not None or high is not None:
        if low is not None and high is not None:
            label = f"{format_vnd(low)} – {format_vnd(high)}"
        else:
            label = f"≥ {format_vnd(low)}" if low is not None else f"≤ {format_vnd(high)}"
        chips.append(Chip(label, state.query_string(price_min=None, price_max=None)))
    return chips
