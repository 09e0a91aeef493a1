"""Page weight: every page of the quality bars, on the demo data, stays within 120 KB of gzipped
HTML + CSS + JS before images, and its images reserve their space (width, height) and load
lazily below the first product photo. The weights are printed (-s) and written to
artifacts/page-weights.txt."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from bench.page_tour import page_tour
from frontend_templates.page_weight import BUDGET_BYTES, page_weight, parse_page

pytestmark = pytest.mark.django_db

ARTIFACT = Path(__file__).resolve().parents[2] / "artifacts" / "page-weights.txt"


@pytest.fixture
def pages():
    """(name, html) of each page of the tour, on the demo data."""
    call_command("seed_demo", stdout=io.StringIO())
    rendered = []
    for stop in page_tour(Client):
        response = stop.client.get(stop.url)
        assert response.status_code == 200, (stop.name, stop.url, response.status_code)
        rendered.append((stop.name, response.content.decode()))
    return rendered


def is_product_image(image: dict) -> bool:
    return (image.get("src") or "").startswith(settings.MEDIA_URL) or "product" in (
        image.get("class") or ""
    )


def test_every_page_weighs_at_most_120_kb_gzipped_before_images(pages):
    lines, heavy = [], []
    for name, html in pages:
        weight = page_weight(html)
        lines.append(f"{name:<20} {weight.describe()}")
        if weight.total > BUDGET_BYTES:
            heavy.append(f"{name}: {weight.describe()}")
    report = "\n".join(lines)
    print("\nPage weight (gzip, before images)\n" + report)
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text(report + "\n", encoding="utf-8")
    assert len(lines) == 10
    assert heavy == [], f"over {BUDGET_BYTES // 1024} KB"


def test_images_reserve_their_space_and_load_lazily_below_the_first_product_photo(pages):
    problems = []
    product_images = 0
    for name, html in pages:
        first_product_image = True
        for image in parse_page(html).images:
            label = f"{name}: <img src={image.get('src')!r}>"
            if not image.get("width") or not image.get("height"):
                problems.append(f"{label} has no width and height")
            if not is_product_image(image):
                continue
            product_images += 1
            if not first_product_image and image.get("loading") != "lazy":
                problems.append(f'{label} is not loading="lazy"')
            first_product_image = False
    assert product_images, "the demo pages show no product photo"
    assert problems == []
