"""Page numbers for a paginated listing: "1 … 4 5 6 … 20", as shoppers know them from the big
marketplaces. The first and last pages are always there, the current one with its neighbours,
and a gap of exactly one page is shown as that page rather than as "…"."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: the "…" of a gap
    url: str = ""
    current: bool = False


def page_links(
    current: int, num_pages: int, url: Callable[[int], str], *, window: int = 1
) -> list[PageLink]:
    """The links to show, in order; nothing when there is one page only."""
    if num_pages <= 1:
        return []
    shown = {1, num_pages, *range(current - window, current + window + 1)}
    numbers = sorted(n for n in shown if 1 <= n <= num_pages)
    links: list[PageLink] = []
    previous = 0
    for number in numbers:
        if number - previous == 2:  # "1 … 3": the gap is page 2 itself
            links.append(PageLink(previous + 1, url(previous + 1)))
        elif number - previous > 2:
            links.append(PageLink(None))
        links.append(PageLink(number, url(number), number == current))
        previous = number
    return links
