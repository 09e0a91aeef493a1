"""/_styleguide/: every component of the design system with realistic Vietnamese content, for the
people who build pages. Staff only (or anyone while DEBUG is on): it is not a shop page."""

import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from marketplace.core.permissions import is_staff

SPRITE = Path(__file__).resolve().parent / "static" / "storefront" / "icons.svg"

# The components the page shows, in its order: (anchor, class names as the contract spells them).
COMPONENTS = [
    ("tokens", "--color-*"),
    ("buttons", ".btn"),
    ("fields", ".field"),
    ("choices", ".choice"),
    ("input-group", ".input-group"),
    ("cards", ".card"),
    ("badges", ".badge"),
    ("tabs", ".tabs"),
    ("tables", ".table"),
    ("alerts", ".alert"),
    ("toast", ".toast"),
    ("empty-state", ".empty-state"),
    ("pagination", ".pagination"),
    ("stepper", ".stepper"),
    ("breadcrumbs", ".breadcrumbs"),
    ("timeline", ".timeline"),
    ("chips", ".chip"),
    ("product-cards", ".product-card"),
    ("icons", ".icon"),
]

COLOURS = [
    "primary", "primary-hover", "accent", "text", "muted", "border", "surface", "bg",
    "success", "warning", "danger", "info",
]  # fmt: skip


@lru_cache(maxsize=1)
def sprite_icons() -> list[str]:
    return re.findall(r'<symbol id="([^"]+)"', SPRITE.read_text(encoding="utf-8"))


def can_see(user) -> bool:
    return settings.DEBUG or is_staff(user)


@require_GET
def styleguide(request):
    if not can_see(request.user):
        raise Http404  # the page's existence is nobody else's business
    return render(
        request,
        "storefront/styleguide.html",
        {"components": COMPONENTS, "colours": COLOURS, "icons": sprite_icons()},
    )
