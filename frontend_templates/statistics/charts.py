"""The statistics page's pictures, drawn on the server as inline SVG like the dashboard's sales
chart: no script, no library, titled shapes for screen readers, and the same numbers in the
table below them.

- `province_map`: a choropleth of the 34 provinces from `province_map.json` (see
  marketplace/geography/data/MAP_SOURCES.md), each province a link titled with its count.
- `stars_bars`: a bar per place, stacked by stars.
"""

import json
from functools import cache
from pathlib import Path

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalog.statistics import STARS

MAP_PATH = Path(__file__).resolve().parents[2] / "marketplace/geography/data/province_map.json"
SHADES = 5  # colour classes of the map, lightest to darkest (CSS .shade-0 ... .shade-5)
BAR_WIDTH, BAR_HEIGHT, BAR_GAP, LABEL_WIDTH = 640, 14, 6, 150


@cache
def map_shapes() -> dict:
    """The committed map data; its path strings are ours (numbers and M/L/Z), so they are
    marked safe once rather than escaped, 40 KB of them, on every page view."""
    shapes = json.loads(MAP_PATH.read_text(encoding="utf-8"))
    shapes["provinces"] = {code: mark_safe(path) for code, path in shapes["provinces"].items()}
    shapes["marks"] = {
        code: mark_safe("".join(f'<circle cx="{x}" cy="{y}" r="1.6"/>' for x, y in i["points"]))
        for code, i in shapes["islands"].items()
    }
    return shapes


def shade(value: int, top: int) -> int:
    """0 for none, else 1..SHADES in equal steps of the largest value."""
    if value <= 0 or top <= 0:
        return 0
    return min(SHADES, 1 + (value - 1) * SHADES // top)


def legend(top: int) -> list[tuple[int, int, int]]:
    """(shade, from, to) of each colour class that `shade` can give, for the map's key."""
    classes = []
    for k in range(1, SHADES + 1):
        low, high = -(-(k - 1) * top // SHADES) + 1, -(-k * top // SHADES)
        if low <= high:
            classes.append((k, low, high))
    return classes


def province_map(rows: list[dict], link) -> SafeString:
    """`rows`: {code, name, products} for every province; `link(code)` its filter URL."""
    shapes = map_shapes()
    top = max((row["products"] for row in rows), default=0)
    by_code = {row["code"]: row for row in rows}
    items = []
    for code, path in shapes["provinces"].items():
        row = by_code.get(code, {"name": code, "products": 0})
        label = _province_title(row["name"], row["products"])
        marks = shapes["marks"].get(code, "")
        items.append((link(code), label, shade(row["products"], top), label, path, marks))
    body = format_html_join(
        "",
        '<a href="{}" aria-label="{}" class="province shade-{}"><title>{}</title>'
        '<path d="{}"/>{}</a>',
        items,
    )
    return format_html(
        '<svg class="province-map" viewBox="{}" role="group" xmlns="http://www.w3.org/2000/svg" '
        'aria-labelledby="province-map-title province-map-desc">'
        '<title id="province-map-title">{}</title><desc id="province-map-desc">{}</desc>'
        "{}</svg>",
        shapes["viewBox"],
        _("OCOP products per province"),
        _(
            "A map of Vietnam's 34 provinces, darker where there are more OCOP products with a "
            "certificate in force; the table below has the numbers. Hoàng Sa and Trường Sa are "
            "shown as marks."
        ),
        body,
    )


def _province_title(name: str, products: int) -> str:
    return ngettext(
        "%(name)s: %(count)s OCOP product", "%(name)s: %(count)s OCOP products", products
    ) % {"name": name, "count": products}


def stars_bars(rows: list[dict]) -> SafeString:
    """`rows`: {name, by_stars: {3: n, 4: n, 5: n}}, drawn in the order given."""
    top = max((sum(row["by_stars"].values()) for row in rows), default=0) or 1
    plot = BAR_WIDTH - LABEL_WIDTH - 40
    height = len(rows) * (BAR_HEIGHT + BAR_GAP) + 30
    groups = []
    for index, row in enumerate(rows):
        y = 24 + index * (BAR_HEIGHT + BAR_GAP)
        x = LABEL_WIDTH
        segments = []
        for stars in STARS:
            count = row["by_stars"].get(stars, 0)
            width = round(plot * count / top, 1)
            if count:
                title = ngettext(
                    "%(name)s, %(stars)s stars: %(count)s product",
                    "%(name)s, %(stars)s stars: %(count)s products",
                    count,
                ) % {"name": row["name"], "stars": stars, "count": count}
                segments.append((x, y, width, BAR_HEIGHT, stars, title))
            x += width
        total = sum(row["by_stars"].values())
        groups.append(
            format_html(
                '<g><text x="{}" y="{}" text-anchor="end" class="axis">{}</text>{}'
                '<text x="{}" y="{}" class="axis">{}</text></g>',
                LABEL_WIDTH - 6,
                y + BAR_HEIGHT - 3,
                row["name"],
                format_html_join(
                    "",
                    '<rect x="{}" y="{}" width="{}" height="{}" class="stars-{}">'
                    "<title>{}</title></rect>",
                    segments,
                ),
                round(x + 4, 1),
                y + BAR_HEIGHT - 3,
                total,
            )
        )
    key = format_html_join(
        "",
        '<rect x="{}" y="4" width="12" height="12" class="stars-{}"/>'
        '<text x="{}" y="14" class="axis">{}</text>',
        (
            (LABEL_WIDTH + i * 90, s, LABEL_WIDTH + i * 90 + 16, _("%(n)s stars") % {"n": s})
            for i, s in enumerate(STARS)
        ),
    )
    return format_html(
        '<svg class="stars-chart" viewBox="0 0 {} {}" width="100%" role="img" '
        'xmlns="http://www.w3.org/2000/svg" aria-labelledby="stars-chart-title stars-chart-desc">'
        '<title id="stars-chart-title">{}</title><desc id="stars-chart-desc">{}</desc>{}{}</svg>',
        BAR_WIDTH,
        height,
        _("OCOP products by stars"),
        _("A bar per place, split into 3, 4 and 5 stars; the table below has the numbers."),
        key,
        SafeString("".join(groups)),
    )
