"""/thong-ke/: the programme's statistics by province (or pre-2025 province), with a map, bars
by stars, a table, and the same table as CSV or XLSX. Thin: parse the filters, call
`programme_statistics` once, lay out what it returns. At most five queries per page."""

import csv
import datetime
import io
from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from catalog.statistics import STARS, Dimension, StatisticsFilter
from frontend_templates.statistics import charts
from inventory.statistics import programme_statistics
from marketplace.core.ocop import taxonomy
from marketplace.geography.selectors import place_names, resolve_places

BY = {"tinh": Dimension.PROVINCE, "tinh-cu": Dimension.LEGACY_PROVINCE}
COLUMNS = (
    ("code", gettext_lazy("Code")),
    ("name", gettext_lazy("Province or city")),
    ("products", gettext_lazy("OCOP products")),
    ("stars_3", gettext_lazy("3 stars")),
    ("stars_4", gettext_lazy("4 stars")),
    ("stars_5", gettext_lazy("5 stars")),
    ("producers", gettext_lazy("Producers")),
    ("certificates", gettext_lazy("Certificates")),
    ("expiring_soon", gettext_lazy("Expiring within 90 days")),
    ("showrooms", gettext_lazy("OCOP showrooms")),
)


@dataclass
class Page:
    by: str
    chosen: dict
    names: tuple
    statistics: object
    rows: list[dict]
    totals: dict


def _page(request) -> Page:
    by = request.GET.get("by") if request.GET.get("by") in BY else "tinh"
    names = place_names()  # two queries, which resolve the filter too
    places = resolve_places(request.GET.getlist("province")[:10], names)
    stars = tuple(sorted({int(s) for s in request.GET.getlist("stars") if s in {"3", "4", "5"}}))
    sector_codes = {sector["code"] for sector in taxonomy()["sectors"]}
    sectors = tuple(s for s in request.GET.getlist("sector") if s in sector_codes)
    day = _date(request.GET.get("on", ""))
    filters = StatisticsFilter(
        province_codes=places.province_codes,
        legacy_codes=places.legacy_codes,
        stars=stars,
        sector_codes=sectors,
        in_force_on=day,
    )
    dimension = BY[by]
    statistics = programme_statistics(group_by=[dimension], filters=filters)
    found = {row.keys[dimension].code: row for row in statistics.rows}
    provinces, legacy = names
    if dimension == Dimension.PROVINCE:
        places_in_order = [(p.code, p.short_name) for p in provinces]
    else:
        places_in_order = [(p.code, p.name) for p in sorted(legacy, key=lambda p: p.code)]
    if places:  # only the chosen places, not zeros for all the others
        wanted = set(places.province_codes) | set(places.legacy_codes)
        if dimension == Dimension.PROVINCE:
            wanted |= {p.successor_id for p in legacy if p.code in places.legacy_codes}
        places_in_order = [(code, name) for code, name in places_in_order if code in wanted]
    rows = [
        _row(code, name, found[code].counts if code in found else None)
        for code, name in places_in_order
    ]
    for row in rows:  # a province may have a showroom and no certified product yet
        row["showrooms"] = statistics.showrooms.get(row["code"], 0)
    chosen = {
        "province": request.GET.getlist("province")[:10],
        "stars": stars,
        "sectors": sectors,
        "on": day,
    }
    totals = _row("", _("Whole country") if not places else _("Total"), statistics.totals)
    return Page(by, chosen, names, statistics, rows, totals)


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value.strip()) if value.strip() else None
    except ValueError:
        return None


def _row(code: str, name: str, counts) -> dict:
    row = {"code": code, "name": name}
    row.update(
        products=counts.products if counts else 0,
        producers=counts.producers if counts else 0,
        certificates=counts.certificates if counts else 0,
        expiring_soon=counts.expiring_soon if counts else 0,
        showrooms=(counts.showrooms or 0) if counts else 0,
        by_stars=dict(counts.by_stars) if counts else dict.fromkeys(STARS, 0),
    )
    for stars in STARS:
        row[f"stars_{stars}"] = row["by_stars"].get(stars, 0)
    return row


NUMBER_COLUMNS = [key for key, _label in COLUMNS[2:]]


def _with_shown_numbers(rows: list[dict]) -> list[dict]:
    """Each row's numbers as the page shows them ("3.000" in Vietnamese), in column order:
    formatting them here once is a tenth of what 300 template filters cost."""
    separator = get_format("THOUSAND_SEPARATOR")
    for row in rows:
        row["shown"] = [f"{row[key]:,}".replace(",", separator) for key in NUMBER_COLUMNS]
    return rows


@require_GET
def statistics_page(request):
    page = _page(request)
    provinces, legacy = page.names
    _with_shown_numbers([*page.rows, page.totals])
    query = request.GET.urlencode()

    def link(code):
        return reverse("storefront:statistics") + "?" + urlencode({"province": code})

    context = {
        "page": page,
        "rows": page.rows,
        "totals": page.totals,
        "columns": COLUMNS,
        "provinces": provinces,
        # Only the pre-2025 names that no longer exist: "Bắc Kạn", not "Sơn La" twice.
        "legacy_provinces": [
            p for p in legacy if p.name_folded not in {q.name_folded for q in provinces}
        ],
        "sectors": [(s["code"], s["name"]) for s in taxonomy()["sectors"]],
        "star_choices": STARS,
        "map": charts.province_map(page.rows, link) if page.by == "tinh" else None,
        "legend": charts.legend(max((r["products"] for r in page.rows), default=0)),
        # Places with products only, most first: 30 empty bars would hide the shape.
        "bars": charts.stars_bars(
            sorted((r for r in page.rows if r["products"]), key=lambda r: -r["products"])
        ),
        "csv_url": reverse("storefront:statistics-csv") + (f"?{query}" if query else ""),
        "xlsx_url": reverse("storefront:statistics-xlsx") + (f"?{query}" if query else ""),
        "day": page.statistics.filters.day,
    }
    return render(request, "storefront/statistics.html", context)


def _table(page: Page) -> list[list]:
    header = [str(label) for _key, label in COLUMNS]
    if page.by == "tinh-cu":
        header[1] = _("Pre-2025 province")
    body = [[row[key] for key, _label in COLUMNS] for row in [*page.rows, page.totals]]
    return [header, *body]


def _filename(page: Page, extension: str) -> str:
    return f"thong-ke-ocop-{page.by}-{page.statistics.filters.day.isoformat()}.{extension}"


@require_GET
def statistics_csv(request):
    page = _page(request)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # a byte-order mark, so that Excel reads Vietnamese as UTF-8
    csv.writer(buffer).writerows(_table(page))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(page, "csv")}"'
    return response


@require_GET
def statistics_xlsx(request):
    page = _page(request)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("OCOP statistics")[:31]
    for line in _table(page):
        sheet.append(line)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(page, "xlsx")}"'
    return response
