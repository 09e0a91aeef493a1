"""A bar chart of monthly sales as inline SVG, drawn on the server: no script, no library, and
readable by screen readers (<title>, <desc>, and the page shows the same numbers as a table)."""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from marketplace.core.money import format_vnd

WIDTH, HEIGHT = 640, 240
LEFT, BOTTOM, TOP = 8, 36, 24


@dataclass(frozen=True)
class Bar:
    month: datetime.date
    amount: int

    @property
    def label(self) -> str:
        return date_format(self.month, "m/Y")


def last_months(today: datetime.date, count: int = 12) -> list[datetime.date]:
    """The first days of the `count` months ending with today's, oldest first."""
    months = [today.replace(day=1)]
    while len(months) < count:
        months.append((months[-1] - datetime.timedelta(days=1)).replace(day=1))
    return list(reversed(months))


def sales_chart(bars: list[Bar]) -> SafeString:
    top = max((bar.amount for bar in bars), default=0) or 1
    step = (WIDTH - LEFT) / max(len(bars), 1)
    plot = HEIGHT - BOTTOM - TOP
    rects = []
    for index, bar in enumerate(bars):
        height = round(plot * max(bar.amount, 0) / top, 1)
        x = round(LEFT + index * step + step * 0.15, 1)
        rects.append(
            (
                x,
                round(TOP + plot - height, 1),
                round(step * 0.7, 1),
                height,
                f"{bar.label}: {format_vnd(bar.amount)}",
                round(x + step * 0.35, 1),
                HEIGHT - BOTTOM + 16,
                date_format(bar.month, "m/y"),
            )
        )
    body = format_html_join(
        "",
        '<g><rect x="{}" y="{}" width="{}" height="{}" class="bar"><title>{}</title></rect>'
        '<text x="{}" y="{}" text-anchor="middle" class="axis">{}</text></g>',
        rects,
    )
    title = _("Sales per month")
    description = _("Sales of the last %(n)s months, in đồng; the table below has the numbers.") % {
        "n": len(bars)
    }
    return format_html(
        '<svg class="sales-chart" role="img" viewBox="0 0 {w} {h}" width="100%" '
        'aria-labelledby="sales-chart-title sales-chart-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="sales-chart-title">{title}</title><desc id="sales-chart-desc">{desc}</desc>'
        '<line x1="{left}" y1="{base}" x2="{w}" y2="{base}" class="baseline"/>{body}</svg>',
        w=WIDTH,
        h=HEIGHT,
        title=title,
        desc=description,
        left=LEFT,
        base=HEIGHT - BOTTOM,
        body=body,
    )
