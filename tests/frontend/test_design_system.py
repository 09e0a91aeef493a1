"""The one stylesheet: every token and component class of the contract the pages share, every
form control styled by element, text colours that pass WCAG AA (4.5:1), and the drawn logo."""

import gzip
import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "frontend_templates/static/storefront"
CSS = (STATIC / "site.css").read_text(encoding="utf-8")

TOKENS = [
    "--color-primary", "--color-primary-hover", "--color-on-primary", "--color-accent",
    "--color-text", "--color-muted", "--color-border", "--color-surface", "--color-bg",
    *[f"--color-{n}{s}" for n in ("success", "warning", "danger", "info") for s in ("", "-bg")],
    "--font-sans", *[f"--text-{n}" for n in ("xs", "sm", "base", "lg", "xl", "2xl", "3xl")],
    *[f"--space-{n}" for n in (1, 2, 3, 4, 5, 6, 8)],
    "--radius-sm", "--radius", "--radius-lg", "--radius-pill",
    "--shadow-sm", "--shadow", "--shadow-lg", "--focus-ring",
]  # fmt: skip

COMPONENTS = [
    "btn",
    "btn-primary",
    "btn-secondary",
    "btn-ghost",
    "btn-danger",
    "btn-sm",
    "btn-lg",
    "btn-block",
    "btn-icon",
    "field",
    "field-help",
    "field-error",
    "input-group",
    "choice",
    "card",
    "card-header",
    "card-body",
    "card-footer",
    "badge",
    "badge-success",
    "badge-warning",
    "badge-danger",
    "badge-info",
    "badge-muted",
    "badge-ocop",
    "tabs",
    "table",
    "table-wrap",
    "num",
    "alert",
    "alert-success",
    "alert-info",
    "alert-warning",
    "alert-danger",
    "toast-region",
    "toast",
    "empty-state",
    "pagination",
    "stepper",
    "breadcrumbs",
    "timeline",
    "is-done",
    "is-current",
    "chip",
    "section",
    "section-header",
    "product-grid",
    "product-card",
    "price",
    "price-old",
    "stars",
    "rating-stars",
    "muted",
    "visually-hidden",
    "container",
    "stack",
    "cluster",
    "grid-2",
    "grid-3",
    "icon",
]


def _tokens() -> dict[str, str]:
    root = re.search(r":root \{(.*?)\n\}", CSS, re.S).group(1)
    return dict(re.findall(r"(--[a-z0-9-]+):\s*([^;]+);", root))


def test_every_token_of_the_contract_is_defined():
    assert [name for name in TOKENS if name not in _tokens()] == []


@pytest.mark.parametrize("name", COMPONENTS)
def test_every_component_class_has_rules(name):
    assert re.search(rf"\.{re.escape(name)}(?![\w-])[^{{}}]*\{{", CSS), name


@pytest.mark.parametrize(
    "selector",
    ["select", "textarea", "button", "fieldset", "legend", "input[type=checkbox]",
     "input[type=file]", "[aria-invalid=\"true\"]", ":focus-visible", "[hidden]"],
)  # fmt: skip
def test_form_controls_are_styled_without_classes(selector):
    assert re.search(rf"(^|[\s,}}]){re.escape(selector)}[\s,{{:]", CSS, re.M), selector


def test_checkboxes_and_radios_take_the_brand_colour():
    rule = re.search(r"input\[type=checkbox\], input\[type=radio\] \{([^}]*)\}", CSS).group(1)
    assert "accent-color: var(--color-primary)" in rule


def _luminance(hex_colour: str) -> float:
    hex_colour = hex_colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(c * 2 for c in hex_colour)
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    "text, background",
    [("text", "surface"), ("text", "bg"), ("muted", "surface"), ("muted", "bg"),
     ("primary", "surface"), ("primary", "bg"), ("on-primary", "primary"),
     ("on-primary", "primary-hover"), ("accent", "surface"), ("danger", "surface"),
     ("success", "success-bg"), ("warning", "warning-bg"), ("danger", "danger-bg"),
     ("info", "info-bg"), ("primary", "success-bg"), ("text", "warning-bg")],
)  # fmt: skip
def test_text_colours_pass_wcag_aa(text, background):
    tokens = _tokens()
    ratio = _contrast(tokens[f"--color-{text}"], tokens[f"--color-{background}"])
    assert ratio >= 4.5, f"{text} on {background}: {ratio:.2f}"


def test_the_focus_ring_stands_out_from_white():
    assert _contrast(_tokens()["--focus-ring"], "#fff") >= 3


def test_the_stylesheet_stays_small_and_uses_system_fonts():
    # What travels is gzipped: all areas' rules merged are ~69 KB raw, ~13.5 KB gzip, within the
    # pages' 120 KB budget (test_page_weight); this keeps the stylesheet a small share of it.
    assert len(gzip.compress(CSS.encode())) < 18_000
    assert "@import" not in CSS and "@font-face" not in CSS and "url(http" not in CSS


def test_the_logo_is_a_drawn_svg_with_its_name():
    logo = (STATIC / "logo.svg").read_text(encoding="utf-8")
    assert logo.startswith("<svg") and "<title" in logo and "OCOP Marketplace" in logo
    assert "<image" not in logo and "<script" not in logo
