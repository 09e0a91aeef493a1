"""The weight of a page as a phone downloads it before any image: the HTML plus every stylesheet
and script it links, each gzipped, read from the static files (the finders, or STATIC_ROOT after
collectstatic). Used by tests/frontend/test_page_weight.py and bench/pages.py."""

import gzip
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

BUDGET_BYTES = 120 * 1024


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


class _Links(HTMLParser):
    """Stylesheets and scripts a page loads, and its images with their attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.assets: list[str] = []
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "").split():
            self.assets.append(attributes.get("href") or "")
        elif tag == "script" and attributes.get("src"):
            self.assets.append(attributes["src"])
        elif tag == "img":
            self.images.append(attributes)


def parse_page(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    parser.close()
    return parser


def static_file(url: str) -> Path:
    """The file behind a static URL (plain or hashed name)."""
    path = urlsplit(url).path
    prefix = urlsplit(settings.STATIC_URL).path
    if not path.startswith(prefix):
        raise ValueError(f"{url} is not a static file of this site")
    name = path[len(prefix) :]
    found = finders.find(name)
    if found:
        return Path(found)
    if staticfiles_storage.exists(name):  # a hashed name, after collectstatic
        return Path(staticfiles_storage.path(name))
    raise FileNotFoundError(f"no static file {name} (linked as {url})")


@dataclass
class PageWeight:
    html: int  # bytes, gzipped
    assets: dict[str, int] = field(default_factory=dict)  # URL: bytes gzipped

    @property
    def total(self) -> int:
        return self.html + sum(self.assets.values())

    def describe(self) -> str:
        parts = ", ".join(f"{Path(url).name} {n / 1024:.1f}" for url, n in self.assets.items())
        return f"{self.total / 1024:.1f} KB (HTML {self.html / 1024:.1f}; {parts})"


def page_weight(html: str) -> PageWeight:
    """Gzipped HTML plus each distinct linked stylesheet and script, gzipped on its own."""
    weight = PageWeight(html=gzipped_size(html.encode("utf-8")))
    for url in dict.fromkeys(parse_page(html).assets):
        weight.assets[url] = gzipped_size(static_file(url).read_bytes())
    return weight
